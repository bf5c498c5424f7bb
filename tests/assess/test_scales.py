"""scales.toml: the shipped orderings and words, and a bureau's extension of them."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import resources

import pytest

from jixiao.assess import judge
from jixiao.assess import scales as scales_mod
from jixiao.assess.scales import ScalesError, load

# A bureau's own grade scale (家政服务信用评价 A等 > B等 > C等) and an affirming phrase.
EXTENSION = """
[[grade_scale]]
id = "housekeeping"
name = "家政服务信用评价"
levels = [["A等"], ["B等"], ["C等"], ["D等"]]
pass = "C等"

[words]
affirm = ["群众普遍点赞"]

[deadline.periods]
"汛期前" = 531
"""


@pytest.fixture
def extension(tmp_path):
    p = tmp_path / "bureau.toml"
    p.write_text(EXTENSION, encoding="utf-8")
    return p


def test_the_table_ships_as_package_data():
    text = resources.files("jixiao.assess").joinpath("scales.toml").read_text(encoding="utf-8")
    assert "[[grade_scale]]" in text and "[score_bands]" in text


def test_shipped_scales_hold_the_reviewers_orderings():
    sc = load()
    ids = {s.id for s in sc.grade_scales} | {s.id for s in sc.level_scales}
    assert {"grade", "admin", "a_rating", "tax_credit", "water"} <= ids
    assert {s.id for s in sc.numbered_scales} >= {"safety_standard", "protection"}
    water = next(s for s in sc.level_scales if s.id == "water")
    assert water.display[0] == "Ⅰ类" and water.display[-1] == "劣Ⅴ类"
    assert "III类" in water.levels[2]  # spelled as NFKC reads Ⅲ
    assert (
        sc.bands is not None and sc.bands.grade_of(83) == "良" and sc.bands.grade_of(59.9) == "差"
    )
    assert sc.periods["第三季度"] == 930
    assert "基本" in sc.hedge and "有所" in sc.weak_degree and "显著" in sc.strong_degree


def test_an_extension_adds_a_scale_words_and_periods(extension):
    sc = load(extension)
    assert judge("B等", "评定为A等", scales=sc).verdict.value == "met"
    assert judge("B等", "评定为C等", scales=sc).verdict.value == "not_met"
    assert "家政服务信用评价" in judge("B等", "评定为A等", scales=sc).explanation
    assert judge("提升", "群众普遍点赞", scales=sc).verdict.value == "met"
    assert judge("汛期前完成", "5月20日完成", scales=sc).verdict.value == "met"
    # without it the same pairs are not decided
    assert judge("B等", "评定为A等").verdict.value == "undetermined"
    assert judge("提升", "群众普遍点赞").verdict.value == "undetermined"
    # the shipped table is still there
    assert judge("良好及以上", "优秀", scales=sc).verdict.value == "met"


def test_an_extension_replaces_a_scale_with_the_same_id(tmp_path):
    p = tmp_path / "water.toml"
    p.write_text(
        '[[level_scale]]\nid = "water"\nname = "水质"\nlevels = [["好水"], ["差水"]]\n',
        encoding="utf-8",
    )
    sc = load(p)
    assert [s.id for s in sc.level_scales].count("water") == 1
    assert judge("好水", "差水", name="水质", scales=sc).verdict.value == "not_met"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = 1", "未知的表 x"),
        ("[[grade_scale]]\nid = 'a'\nname = 'b'\nlevels = [['甲']]", "至少两级"),
        ("[[numbered_scale]]\nid = 'a'\nname = 'b'\nbetter = 'up'\ncontext = ['c']", "better"),
        ("[deadline.periods]\n'汛期前' = 1340", "如 1231"),
        ("[words]\naffirm = 'x'", "应为文字的列表"),
        ("[words\n", "不是合法的 TOML"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message(tmp_path, text: str, message: str):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ScalesError, match=message) as e:
        load(p)
    assert str(p) in str(e.value)


CLI = "from jixiao.cli import main; main()"


def _assess(env_value: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CLI, "assess", "B等", "评定为A等", "--json"],
        env={**os.environ, scales_mod.ENV: env_value},
        capture_output=True,
        text=True,
        check=False,
    )


def test_jixiao_scales_environment_variable(extension, tmp_path):
    r = _assess(str(extension))
    assert r.returncode == 0, r.stderr
    assert '"verdict": "met"' in r.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text("nonsense = [", encoding="utf-8")
    r = _assess(str(bad))
    assert r.returncode == 2 and "JIXIAO_SCALES" in r.stderr and "Traceback" not in r.stderr


def test_current_reads_the_environment_once(extension, monkeypatch):
    monkeypatch.setenv(scales_mod.ENV, str(extension))
    scales_mod.reset()
    try:
        assert judge("B等", "评定为A等").verdict.value == "met"
    finally:
        monkeypatch.delenv(scales_mod.ENV)
        scales_mod.reset()
    assert judge("B等", "评定为A等").verdict.value == "undetermined"
