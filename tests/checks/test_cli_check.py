"""`jixiao check`: grouped Rich output, --json, exit status."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from tests.checks.forms import BASE
from tests.conftest import DATA

runner = CliRunner()
PRACTICE = str(DATA / "practice-1.json")
SEED_TXT = str(DATA / "seed.txt")


def run(*args: str):
    return runner.invoke(app, ["check", *args])


def test_practice_grouped_output_and_exit_1():
    r = run(PRACTICE)
    assert r.exit_code == 1, r.output
    out = r.stdout
    assert out.index("错误（2）") < out.index("警告（3）") < out.index("提示（2）")
    # people see the rule's name and the place in the form's words, not ids and paths
    assert "预算调整率应等于年度调整额÷年初预算数" in out and "adjustment_rate" not in out
    assert "部门资金情况的预算调整率" in out
    assert "预算调整率填报9.90%" in out
    assert "序号 3.2" in out and "tasks[2]" not in out
    assert "共 7 条：错误 2 条，警告 3 条，提示 2 条" in out


def test_json_single_file_is_a_list():
    r = run(PRACTICE, "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 7
    assert set(data[0]) == {"rule", "severity", "path", "where", "source", "line", "message"}
    assert data[0]["rule"] == "adjustment_rate" and data[0]["severity"] == "error"
    assert data[0]["where"] == "部门资金情况的预算调整率" and data[0]["source"] is None


def test_json_several_files_is_an_object_by_file(tmp_path: Path):
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    r = run(PRACTICE, str(clean), "--json")
    assert r.exit_code == 1  # the practice form has errors
    data = json.loads(r.stdout)
    assert list(data) == [PRACTICE, str(clean)]
    assert all(x["severity"] == "info" for x in data[str(clean)])


def test_clean_form_exits_0(tmp_path: Path):
    clean = tmp_path / "clean.json"
    clean.write_text(json.dumps(BASE, ensure_ascii=False), encoding="utf-8")
    r = run(str(clean))
    assert r.exit_code == 0, r.output
    assert "错误（" not in r.stdout and "警告（" not in r.stdout


def test_extracted_text_has_lines():
    r = run(SEED_TXT, "--json")
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    over = [x for x in data if x["rule"] == "rate_over_100"]
    assert len(over) == 3 and all(isinstance(x["line"], int) for x in over)
    assert over[0]["source"].startswith("第") and "行" in over[0]["source"]
    r = run(SEED_TXT)
    assert "原表第" in r.stdout and "行" in r.stdout


def test_unreadable_input_exits_2(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = run(str(bad), "--json")
    assert r.exit_code == 2 and r.stdout == ""
    r = run(PRACTICE, str(tmp_path / "missing.json"))
    assert r.exit_code == 2 and r.stdout == ""


def test_markup_in_messages_is_printed_literally(tmp_path: Path):
    data = copy.deepcopy(BASE)
    data["tasks"][0]["indicators"].append(
        {"category": "质量指标", "completion": "[bold]覆盖率120%"}
    )
    f = tmp_path / "markup.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run(str(f))
    assert "[bold]覆盖率120%" in r.stdout.replace("\n    ", "")  # message lines are wrapped


def test_truncated_form_is_checked_then_exits_2(tmp_path: Path):
    lines = (DATA / "practice-1_s7.txt").read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.txt"
    cut.write_text("\n".join(lines[:30]), encoding="utf-8")
    r = runner.invoke(app, ["check", str(cut)])
    assert r.exit_code == 2
    assert "截断" in r.stderr and "预算调整率应等于年度调整额÷年初预算数" in r.stdout
