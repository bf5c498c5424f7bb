"""Issue 12, hostile and malformed input: exit 2 and one clear Chinese message, never a
traceback (which exits 1, the status scripts read as "the form has errors"), never a hang."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.hostile import inputs
from tests.hostile.helpers import SEED_JSON, SEED_TXT, jixiao, refused

SCHEME = (Path(__file__).parents[2] / "src/jixiao/scoring/schemes/dept-overall.toml").read_text(
    encoding="utf-8"
)
OVERRIDE = '[[override]]\npath = "key_indicators[0]"\nverdict = "met"\ncomment = "复核"\n'


def put(tmp_path: Path, name: str, data: bytes | str) -> str:
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(p)


# -- form JSON: wrong types and numbers beyond reason ---------------------------------


@pytest.mark.parametrize(
    ("literal", "said"),
    [
        ('"很多"', "funds.annual_budget：应为数字，实际为文本“很多”"),
        ("[1, 2]", "funds.annual_budget：应为数字，实际为列表"),
        ('{"a": 1}', "funds.annual_budget：应为数字，实际为对象"),
        ('"1,234.5"', "funds.annual_budget：应为数字，实际为文本“1,234.5”（数字不要加引号）"),
        ("1e308", "funds.annual_budget 处的数字位数为 309 位，超过上限 24 位"),
        ("NaN", "含有 NaN：数字必须是有限的数"),
        ("-Infinity", "含有 -Infinity"),
        ("9" * 5000, "funds.annual_budget 处的数字位数为 5,000 位"),
    ],
)
def test_form_json_money_of_the_wrong_kind(capfd, tmp_path: Path, literal: str, said: str):
    f = put(tmp_path, "form.json", inputs.seed_json_raw("funds.annual_budget", literal))
    refused(jixiao(capfd, "check", f), f, said)


@pytest.mark.parametrize(
    ("path", "value", "said"),
    [
        ("tasks[3].funds", [1], "tasks[3].funds：应为数字，实际为列表"),
        ("key_indicators[2].name", 12, "key_indicators[2].name：应为文本，实际为数字"),
        ("tasks[1].indicators", {"a": 1}, "tasks[1].indicators：应为列表，实际为对象"),
        ("tasks[0]", "任务", "tasks[0]：应为对象，实际为文本"),
        ("year", "2021", "year：应为四位数的年份，实际为文本"),
        ("year", True, "year：应为四位数的年份，实际为布尔值"),
    ],
)
def test_a_wrong_type_names_the_field_path(capfd, tmp_path, path: str, value, said: str):
    f = put(tmp_path, "form.json", inputs.seed_json_with(path, value))
    refused(jixiao(capfd, "import", f), "JSON 表单字段有误", said)


@pytest.mark.parametrize(
    "text",
    [
        '{"tasks": ' + inputs.nested(10_000) + "}",
        '{"tasks": [' + inputs.nested_objects(10_000) + "]}",
        '{"tasks": ' + inputs.nested(40) + "}",  # deeper than the limit, within the parser
    ],
)
def test_form_json_nested_too_deep(capfd, tmp_path: Path, text: str):
    refused(jixiao(capfd, "check", put(tmp_path, "deep.json", text)), "嵌套层数超过上限 32 层")


def test_json_array_and_utf16_json_get_their_own_message(capfd, tmp_path: Path):
    r = jixiao(capfd, "import", put(tmp_path, "a.json", "[1, 2, 3]"))
    refused(r, "顶层应为对象", "实际为列表")
    seed = Path(SEED_JSON).read_text(encoding="utf-8")
    for encoding in ("utf-16", "utf-16-be", "utf-32"):  # with and without a byte-order mark
        out = tmp_path / f"{encoding}.out.json"
        f = put(tmp_path, f"{encoding}.json", seed.encode(encoding))
        r = jixiao(capfd, "import", f, "-o", str(out))
        assert r.code == 0 and "utf-" in r.err and "Traceback" not in r.err, r.err
        assert out.read_text(encoding="utf-8").count("广州市黄埔区人民政府文冲街道办事处") == 1


def test_unknown_keys_are_reported_not_lost_silently(capfd, tmp_path: Path):
    f = put(tmp_path, "x.json", inputs.seed_json_with("tasks[2].备注", "另附说明"))
    r = jixiao(capfd, "import", f)
    assert r.code == 0 and "tasks[2].备注" in r.err and "已忽略" in r.err


# -- schemes and overrides --------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("weight = 10", "weight = nan", "含有 nan"),
        ("weight = 10", "weight = inf", "含有 inf"),
        ("weight = 10", "weight = 1e400", "数字位数为 401 位"),
        ("weight = 10", "weight = " + "9" * 5000, "数字位数超过上限"),
        ("weight = 10", "weight = 100000000000000000000", "不能超过 1000000"),
        ("min = 0", "min = -inf", "含有 -inf"),
    ],
)
def test_scheme_numbers(capfd, tmp_path: Path, old: str, new: str, said: str):
    assert old in SCHEME
    f = put(tmp_path, "s.toml", SCHEME.replace(old, new, 1))
    refused(jixiao(capfd, "evaluate", SEED_JSON, "--scheme", f), "评分方案", said)


def test_scheme_nested_too_deep(capfd, tmp_path: Path):
    f = put(tmp_path, "deep.toml", "x = " + inputs.nested(10_000))
    refused(jixiao(capfd, "evaluate", SEED_JSON, "--scheme", f), "嵌套层数超过上限")


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("o.toml", OVERRIDE.replace('verdict = "met"', "score = nan"), "含有 nan"),
        ("o.json", '[{"path": "key_indicators[0]", "score": 1e400, "comment": "复核"}]', "401 位"),
        ("o.json", '[{"path": "key_indicators[0]", "score": NaN, "comment": "复核"}]', "NaN"),
        ("o.json", inputs.nested(10_000), "嵌套层数超过上限"),
        ("o.json", '[{"path": "key_indicators[' + "9" * 5000 + ']", "verdict": "met"}]', "path"),
    ],
)
def test_override_numbers_and_nesting(capfd, tmp_path: Path, name: str, text: str, said: str):
    f = put(tmp_path, name, text)
    refused(jixiao(capfd, "evaluate", SEED_JSON, "--overrides", f), "复核文件", said)


# -- text forms ---------------------------------------------------------------------------


def test_text_form_with_a_400_digit_money_cell(capfd, tmp_path: Path):
    f = put(tmp_path, "m.txt", inputs.seed_text_with_money("9" * 400))
    refused(jixiao(capfd, "check", f), f, "第8行第3格", "数字位数为 400 位，超过上限 24 位")


def test_text_without_tabs_is_not_read_as_a_truncated_form(capfd, tmp_path: Path):
    f = put(tmp_path, "notabs.txt", inputs.SEED_TXT.replace(b"\t", b"  "))
    out = tmp_path / "out.json"
    refused(jixiao(capfd, "import", f, "-o", str(out)), "没有一个制表符")
    assert not out.exists()


def test_a_file_cut_inside_a_character_yields_what_it_has(capfd, tmp_path: Path):
    cut = inputs.SEED_TXT[:869]  # `head -c 869`: inside a three-byte character
    with pytest.raises(UnicodeDecodeError):
        cut.decode("utf-8")
    out = tmp_path / "cut.json"
    r = jixiao(capfd, "import", put(tmp_path, "cut.txt", cut), "-o", str(out))
    assert r.code == 2 and "Traceback" not in r.err
    assert "字符中间结束" in r.err and "截断" in r.err
    assert "广州市黄埔区人民政府文冲街道办事处" in out.read_text(encoding="utf-8")


def test_nul_bytes_are_treated_the_same_wherever_they_are(capfd, tmp_path: Path):
    """Before: a NUL in the first 4 KB refused the file, one after it was kept silently."""
    text = inputs.SEED_TXT
    early = text.replace("部门名称".encode(), "部门\x00名称".encode(), 1)
    late = text.replace("改进措施".encode(), "改进\x00措施".encode(), 1)
    assert early.index(b"\x00") < 4096 < late.index(b"\x00")
    results = []
    for name, data in (("early.txt", early), ("late.txt", late)):
        r = jixiao(capfd, "import", put(tmp_path, name, data))
        assert r.code == 0 and "删除了 1 个控制字符" in r.err and "U+0000" in r.err
        results.append(r.out)
    assert results[0] == results[1] == jixiao(capfd, "import", SEED_TXT).out


def test_binary_is_still_refused(capfd, tmp_path: Path):
    data = inputs.SEED_TXT[:3000] + bytes(range(32)) * 400
    refused(jixiao(capfd, "import", put(tmp_path, "bin.txt", data)), "不是文本文件")


# -- assess --jsonl -----------------------------------------------------------------------


def test_jsonl_with_a_deeply_nested_line(capfd, tmp_path: Path):
    f = put(
        tmp_path, "deep.jsonl", inputs.nested(100_000) + '\n{"target": "≥90%", "actual": "95%"}\n'
    )
    r = jixiao(capfd, "assess", "--jsonl", f)
    assert r.code == 2 and "Traceback" not in r.err and "嵌套层数超过上限" in r.err
    first, second = r.out.splitlines()
    assert '"error": "第1行：嵌套层数超过上限' in first and '"verdict": "met"' in second


# -- what is not a regular file -----------------------------------------------------------


def test_devices_fifos_and_directories_are_not_read(capfd, tmp_path: Path):
    fifo = tmp_path / "in.fifo"
    os.mkfifo(fifo)
    fifo_toml = tmp_path / "o.toml"
    os.mkfifo(fifo_toml)
    refused(jixiao(capfd, "import", "/dev/zero"), "/dev/zero", "这是一个设备")
    refused(jixiao(capfd, "import", str(fifo)), "这是一个管道（FIFO）")
    refused(jixiao(capfd, "show", str(tmp_path)), "这是一个目录")
    refused(jixiao(capfd, "evaluate", SEED_JSON, "--scheme", "/dev/zero"), "评分方案", "设备")
    refused(jixiao(capfd, "evaluate", SEED_JSON, "--overrides", str(fifo_toml)), "管道")
    refused(jixiao(capfd, "assess", "--jsonl", "/dev/zero"), "设备")
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    refused(jixiao(capfd, "check", str(link)), "设备")


def test_a_symlink_loop_gets_a_chinese_message(capfd, tmp_path: Path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    refused(jixiao(capfd, "import", str(loop)), "符号链接循环")


# -- limits -------------------------------------------------------------------------------


def test_max_bytes_option_and_environment(capfd, monkeypatch):
    size = Path(SEED_TXT).stat().st_size
    refused(jixiao(capfd, "--max-bytes", "10K", "import", SEED_TXT), f"{size:,} 字节", "10,000")
    assert jixiao(capfd, "import", SEED_TXT).code == 0  # the option held for one run only
    monkeypatch.setenv("JIXIAO_MAX_BYTES", "1000")
    monkeypatch.setattr("jixiao.limits._current", None)  # the environment is read once
    refused(jixiao(capfd, "check", SEED_TXT), "JIXIAO_MAX_BYTES")
    monkeypatch.setenv("JIXIAO_MAX_BYTES", "lots")
    monkeypatch.setattr("jixiao.limits._current", None)
    refused(jixiao(capfd, "schema"), "环境变量 JIXIAO_MAX_BYTES 应为正整数")
    monkeypatch.delenv("JIXIAO_MAX_BYTES")
    monkeypatch.setattr("jixiao.limits._current", None)
    refused(jixiao(capfd, "--max-bytes", "ten", "schema"), "--max-bytes 应为正整数")


@pytest.mark.parametrize(
    ("form", "variable", "value", "said"),
    [
        (SEED_TXT, "JIXIAO_MAX_ROWS", "50", "表格行数为 117 行，超过上限 50 行"),
        (SEED_TXT, "JIXIAO_MAX_CELLS", "300", "表格单元格数"),
        (SEED_TXT, "JIXIAO_MAX_CELL_CHARS", "100", "第"),
        (SEED_TXT, "JIXIAO_MAX_DIGITS", "5", "第74行第4格一个数字的数字位数为 8 位"),
        (SEED_JSON, "JIXIAO_MAX_TASKS", "10", "tasks 的主要任务数为 15 项，超过上限 10 项"),
        (SEED_JSON, "JIXIAO_MAX_INDICATORS", "20", "指标数"),
        (SEED_JSON, "JIXIAO_MAX_CELL_CHARS", "100", "文字长度"),
        (SEED_JSON, "JIXIAO_MAX_DEPTH", "2", "嵌套层数超过上限 2 层"),
    ],
)
def test_each_limit(capfd, monkeypatch, form: str, variable: str, value: str, said: str):
    monkeypatch.setenv(variable, value)
    monkeypatch.setattr("jixiao.limits._current", None)
    refused(jixiao(capfd, "import", form), said, variable)


def test_a_fifo_target_is_written_through(capfd, tmp_path: Path):
    """An output FIFO is opened and written, not replaced by a regular file."""
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    r = jixiao(capfd, "import", SEED_TXT, "-o", str(fifo))
    reader.join(10)
    assert r.code == 0 and fifo.is_fifo()
    assert b'"department": "\\u5e7f' in got[0] or "文冲街道办事处".encode() in got[0]
