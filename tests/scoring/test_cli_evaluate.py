"""`jixiao evaluate`: summary, outputs (atomic), several forms, overrides, exit statuses.

Most tests fix the verdicts and findings (hand-made, like the engine tests) so they test the
command, not the assess and checks stages; ``test_real_pipeline_*`` run the whole pipeline.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jixiao.cli.evaluate as cli_evaluate
from jixiao.checks.types import Finding, Severity
from jixiao.cli import app
from jixiao.scoring import evaluate
from tests.conftest import DATA
from tests.scoring.helpers import PRACTICE_SPECIAL, SEED_SPECIAL, key_verdicts

runner = CliRunner()
SEED = str(DATA / "seed.json")
PRACTICE = str(DATA / "practice-1.json")
REVIEW = """
[[override]]
path = "key_indicators[0]"
verdict = "met"
comment = "获评省级基层党建创新案例，经复核认定达到“优”"
reviewer = "张三"
"""
WARNING = Finding(
    rule="wording.vague",
    severity=Severity.WARNING,
    path="problems",
    line=60,
    message="存在问题表述笼统",
)


def run(*args: str):
    return runner.invoke(app, ["evaluate", *args])


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    """Hand-made verdicts per form (by department) and one warning; returns the findings list."""
    findings = [WARNING]

    def fake(form, scheme=None, overrides=None):
        special = SEED_SPECIAL if "文冲" in form.department else PRACTICE_SPECIAL
        return evaluate(
            form, scheme, overrides, verdicts=key_verdicts(form, special), findings=list(findings)
        )

    monkeypatch.setattr(cli_evaluate, "evaluate", fake)
    return findings


def test_summary_of_the_seed(fixed) -> None:
    r = run(SEED)
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "广州市黄埔区人民政府文冲街道办事处" in out and "2021 年度" in out
    assert "得分：94.04 – 99.66（1 项待复核" in out
    assert "等级：优" in out
    assert "预算执行" in out and "关键指标" in out
    joined = out.replace("\n    ", "")  # long lines go on, indented, on the next line
    assert "第1项年度关键指标“党建基层组织建设达标情况”（第 10 行）" in joined
    assert "key_indicators[0]" not in out  # people see the place, not the path
    assert "问题：错误 0，警告 1，提示 0" in out


def test_overrides_shown_with_reviewer_and_comment(fixed, tmp_path: Path) -> None:
    review = tmp_path / "review.toml"
    review.write_text(REVIEW, encoding="utf-8")
    r = run(SEED, "--overrides", str(review))
    assert r.exit_code == 0, r.stderr
    assert "得分：99.66" in r.stdout and "待复核" not in r.stdout.split("复核意见")[0]
    assert "复核意见" in r.stdout and "（原判定：无法判断）" in r.stdout
    joined = r.stdout.replace("\n    ", "")
    assert "复核认定已达成（张三）：获评省级基层党建创新案例，经复核认定达到“优”" in joined


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[override]]\npath = "key_indicators[0]"\nverdict = "met"\n', "缺少 comment"),
        (
            '[[override]]\npath = "key_indicators[0]"\nscore = 6\ncomment = "超出"\n',
            "0 到本项分值 5.625",
        ),
        ('[[override]]\npath = "key_indicators[40]"\nscore = 1\ncomment = "x"\n', "在表中不存在"),
    ],
)
def test_bad_overrides_exit_2(fixed, tmp_path: Path, text: str, message: str) -> None:
    review = tmp_path / "review.toml"
    review.write_text(text, encoding="utf-8")
    out = tmp_path / "ev.json"
    r = run(SEED, "--overrides", str(review), "--json", str(out))
    assert r.exit_code == 2
    assert message in r.stderr and "Traceback" not in r.stderr + r.stdout
    assert not out.exists()


def test_json_output_is_atomic_and_complete(fixed, tmp_path: Path) -> None:
    out = tmp_path / "out" / "seed.evaluation.json"
    r = run(SEED, "--json", str(out))
    assert r.exit_code == 0, r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert (data["score"]["total"], data["score"]["upper"], data["score"]["grade"]) == (
        94.04,
        99.66,
        "优",
    )
    assert data["findings"][0]["rule"] == "wording.vague"
    assert sorted(p.name for p in out.parent.iterdir()) == ["seed.evaluation.json"]  # no temp file
    assert "已写出 JSON" in r.stdout


def test_custom_scheme_option(fixed) -> None:
    r = run(SEED, "--scheme", str(Path(__file__).parent / "data" / "key-only.toml"))
    assert r.exit_code == 0, r.stderr
    assert (
        "评分方案：仅关键指标" in r.stdout
        and "得分：96.88" in r.stdout
        and "等级：达标" in r.stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scheme", "nonesuch"], "没有名为 'nonesuch' 的评分方案"),
        (["--scheme", "missing.toml"], "评分方案文件 missing.toml：文件不存在"),
        (["--overrides", "missing.toml"], "不存在"),
    ],
)
def test_bad_options_exit_2(fixed, args: list[str], message: str) -> None:
    r = run(SEED, *args)
    assert r.exit_code == 2 and message in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_scheme_file_exit_2(fixed, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "坏方案"\n[[part]]\nid = "k"\nname = "k"\nweigth = 1\n', encoding="utf-8"
    )
    r = run(SEED, "--scheme", str(bad))
    assert r.exit_code == 2 and "无法识别的键：weigth" in r.stderr


def test_unreadable_input_exit_2(fixed, tmp_path: Path) -> None:
    r = run(str(tmp_path / "none.json"))
    assert r.exit_code == 2 and "文件不存在" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    out = tmp_path / "out.json"
    r = run(SEED, str(bad), "--json", str(tmp_path / "outdir"))
    assert (
        r.exit_code == 2 and not out.exists() and not (tmp_path / "outdir" / "seed.json").exists()
    )


def test_several_forms_into_directories(fixed, tmp_path: Path) -> None:
    review = tmp_path / "review.toml"
    review.write_text(
        REVIEW.replace("[[override]]", '[[override]]\nform = "seed"'), encoding="utf-8"
    )
    out = tmp_path / "json"
    r = run(SEED, PRACTICE, "--json", str(out), "--overrides", str(review))
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["practice-1.json", "seed.json"]
    seed = json.loads((out / "seed.json").read_text(encoding="utf-8"))
    practice = json.loads((out / "practice-1.json").read_text(encoding="utf-8"))
    assert seed["score"]["total"] == 99.66 and seed["overrides"][0]["reviewer"] == "张三"
    assert (practice["score"]["total"], practice["score"]["upper"]) == (82.98, 91.16)
    assert practice["overrides"] == []
    assert "评价汇总" in r.stdout and "82.98 – 91.16" in r.stdout


def test_several_forms_need_form_key_and_directories(fixed, tmp_path: Path) -> None:
    review = tmp_path / "review.toml"
    review.write_text(REVIEW, encoding="utf-8")
    r = run(SEED, PRACTICE, "--overrides", str(review))
    assert r.exit_code == 2 and "没有写 form" in r.stderr
    review.write_text(
        REVIEW.replace("[[override]]", '[[override]]\nform = "other"'), encoding="utf-8"
    )
    r = run(SEED, PRACTICE, "--overrides", str(review))
    assert r.exit_code == 2 and "与输入文件不符" in r.stderr
    afile = tmp_path / "a.json"
    afile.write_text("{}", encoding="utf-8")
    r = run(SEED, PRACTICE, "--json", str(afile))
    assert r.exit_code == 2 and "应为目录" in r.stderr


def test_same_stem_refused(fixed, tmp_path: Path) -> None:
    other = tmp_path / "seed.json"
    other.write_bytes(Path(SEED).read_bytes())
    r = run(SEED, str(other))
    assert r.exit_code == 2 and "同名" in r.stderr


def test_error_finding_exits_1_after_writing(fixed, tmp_path: Path) -> None:
    fixed.append(
        Finding(
            rule="funds.adjustment_rate",
            severity=Severity.ERROR,
            path="funds.adjustment_rate",
            line=7,
            message="预算调整率与调整额 ÷ 年初预算不符",
        )
    )
    out = tmp_path / "ev.json"
    r = run(SEED, "--json", str(out))
    assert r.exit_code == 1 and out.exists()
    assert "问题：错误 1，警告 1" in r.stdout


def test_failing_renderer_leaves_no_file(fixed, tmp_path: Path, monkeypatch) -> None:
    import types

    def broken(ev, path):
        Path(path).write_bytes(b"PK\x03\x04 half")
        raise RuntimeError("磁盘已满")

    fake = types.ModuleType("jixiao.render")
    fake.render_xlsx = broken
    monkeypatch.setitem(sys.modules, "jixiao.render", fake)
    monkeypatch.setattr("jixiao.render", fake, raising=False)
    out = tmp_path / "seed.xlsx"
    r = run(SEED, "--xlsx", str(out))
    assert r.exit_code == 2 and "生成 Excel 失败" in r.stderr and "磁盘已满" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_broken_render_module_clear_message(fixed, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "jixiao.render", None)  # import raises ImportError
    r = run(SEED, "--html", str(tmp_path / "x.html"))
    assert r.exit_code == 2 and "输出模块不可用" in r.stderr
    # evaluating without a rendered output still works
    r = run(SEED, "--json", str(tmp_path / "x.json"))
    assert r.exit_code == 0 and (tmp_path / "x.json").exists()
