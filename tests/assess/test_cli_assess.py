"""`jixiao assess`: one pair, --json, and --jsonl batches."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, ["assess", *args], input=input)


def test_one_pair_human_output():
    r = run("≥90%", "受理4,862宗，结案4,259宗，结案率87.6%", "--name", "劳动人事争议仲裁结案率")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        "结论：未达成（not_met）",
        "完成度：97.3%（0.9733）",
        "说明：目标≥90%，完成结案率87.6%，未达成（完成度97.3%）",
    ]


def test_one_pair_json():
    r = run("≤3.5%", "2.18%", "--name", "城镇登记失业率", "--json")
    assert r.exit_code == 0
    assert json.loads(r.stdout) == {
        "verdict": "met",
        "ratio": 1.0,
        "explanation": "目标≤3.5%，完成2.18%，已达成（越低越好）",
    }


def test_unit_and_sign_options():
    r = run("5", "3", "--unit", "%", "--sign", "-", "--json")
    assert json.loads(r.stdout)["explanation"] == "目标≤5%，完成3%，已达成（越低越好）"


def test_undetermined_has_no_ratio_line():
    r = run("优", "获评2021年度广东基层党建创新案例")
    assert r.exit_code == 0
    assert "完成度" not in r.stdout
    assert "结论：无法判断（undetermined）" in r.stdout


def test_bad_sign_is_a_clean_error():
    r = run("90%", "87%", "--sign", "up")
    assert r.exit_code == 2
    assert "无法识别的方向" in r.stderr and "Traceback" not in r.output


def test_missing_actual_is_a_clean_error():
    r = run("90%")
    assert r.exit_code == 2
    assert "需要 TARGET 和 ACTUAL" in r.stderr


def test_jsonl_and_pair_together_is_an_error(tmp_path: Path):
    r = run("90%", "87%", "--jsonl", "-", input="")
    assert r.exit_code == 2


def test_jsonl_from_stdin_keeps_order():
    lines = [
        {"name": "劳动人事争议仲裁结案率", "target": "≥90%", "actual": "87.6%"},
        {"name": "城镇登记失业率", "target": "≤3.5%", "actual": "2.18%", "unit": None},
        {"name": "考核排名", "target": "全市前3名", "actual": "全市第5名", "sign": None},
        {"target": "5", "actual": "3", "unit": "%", "sign": "-"},
        {"target": 90, "actual": 95},
    ]
    r = run("--jsonl", "-", input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert r.exit_code == 0, r.output
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["verdict"] for o in out] == ["not_met", "met", "not_met", "met", "met"]
    assert out[0] == {
        "verdict": "not_met",
        "ratio": 0.9733,
        "explanation": "目标≥90%，完成87.6%，未达成（完成度97.3%）",
    }


def test_jsonl_bad_lines_get_error_objects_and_exit_2(tmp_path: Path):
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        '{"target": "≥90%", "actual": "99%"}\n'
        "not json\n"
        "\n"
        "[1, 2]\n"
        '{"actual": "1"}\n'
        '{"target": "90%", "actual": "87%", "sign": "up"}\n'
        '{"target": ["x"], "actual": "1"}\n'
        '{"target": "优", "actual": "优"}\n',
        encoding="utf-8",
    )
    r = run("--jsonl", str(path))
    assert r.exit_code == 2
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(out) == 7  # the blank line is skipped
    assert out[0]["verdict"] == "met" and out[-1]["verdict"] == "met"
    errors = [o["error"] for o in out[1:-1]]
    assert all(o["verdict"] is None for o in out[1:-1])
    assert errors[0].startswith("第2行：不是合法的 JSON")
    assert errors[1] == "第4行：应为一个 JSON 对象"
    assert errors[2] == "第5行：缺少字段 'target'"
    assert errors[3].startswith("第6行：无法识别的方向")
    assert errors[4].startswith("第7行：字段 'target' 应为文本")
    assert "第2行" in r.stderr and "Traceback" not in r.output


def test_jsonl_missing_file():
    r = run("--jsonl", "/nonexistent/pairs.jsonl")
    assert r.exit_code == 2
    assert "读不到文件" in r.stderr


def test_jsonl_utf8_bom(tmp_path: Path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes('\ufeff{"target": "前3", "actual": "第2"}\n'.encode())
    r = run("--jsonl", str(path))
    assert r.exit_code == 0
    assert json.loads(r.stdout)["verdict"] == "met"


def test_invisible_characters_and_sign_column_forms():
    # issue 12: a zero-width joiner and a BOM inside figures; issue 7: ═ and ≧ in --sign
    r = run("≥9\u200d0%", "9\ufeff5%", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["verdict"] == "met"
    r = run("100", "100%", "--unit", "%", "--sign", "═", "--json", "--name", "补助对象覆盖率")
    assert r.exit_code == 0 and json.loads(r.stdout)["verdict"] == "met"
    r = run("90", "88%", "--unit", "%", "--sign", "≧", "--json")
    assert json.loads(r.stdout) == {
        "verdict": "not_met",
        "ratio": 0.9778,
        "explanation": "目标≥90%，完成88%，未达成（完成度97.8%）",
    }
