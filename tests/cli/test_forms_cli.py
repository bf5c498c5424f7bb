"""`jixiao import`, `show` and `schema`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from tests.conftest import DATA

runner = CliRunner()
GOLD = json.loads((DATA / "seed.json").read_text(encoding="utf-8"))


def run(*args: str):
    return runner.invoke(app, list(args))


def test_import_one_file_to_stdout():
    r = run("import", str(DATA / "seed.txt"))
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["department"] == GOLD["department"]
    assert len(data["tasks"]) == len(GOLD["tasks"])


def test_import_one_file_to_out(tmp_path: Path):
    out = tmp_path / "seed.json"
    r = run("import", str(DATA / "seed.txt"), "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["funds"] == GOLD["funds"]


def test_import_several_files_into_a_directory(tmp_path: Path):
    a = tmp_path / "a" / "form.txt"
    b = tmp_path / "b" / "form.txt"
    for p in (a, b):
        p.parent.mkdir()
        shutil.copy(DATA / "practice-1_s8.txt", p)
    outdir = tmp_path / "out"
    r = run("import", str(DATA / "seed.txt"), str(a), str(b), "-o", str(outdir))
    assert r.exit_code == 0, r.stderr
    assert sorted(p.name for p in outdir.iterdir()) == ["form-2.json", "form.json", "seed.json"]
    assert json.loads((outdir / "form-2.json").read_text(encoding="utf-8"))["year"] == 2022


def test_import_several_files_needs_a_directory(tmp_path: Path):
    r = run("import", str(DATA / "seed.txt"), str(DATA / "practice-1_s7.txt"))
    assert r.exit_code == 2 and "-o" in r.stderr


def test_import_several_files_goes_on_after_a_bad_one(tmp_path: Path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    outdir = tmp_path / "out"
    r = run("import", str(bad), str(DATA / "seed.txt"), "-o", str(outdir))
    assert r.exit_code == 2
    assert "文件为空" in r.stderr and "失败 1" in r.stderr
    assert [p.name for p in outdir.iterdir()] == ["seed.json"]


def test_import_json_input_round_trips(tmp_path: Path):
    r = run("import", str(DATA / "seed.json"))
    assert r.exit_code == 0
    assert json.loads(r.stdout) == GOLD


def test_strict_fails_on_unplaced_text(tmp_path: Path):
    text = (DATA / "seed.txt").read_text(encoding="utf-8")
    text = text.replace("单位: 万元", "单位: 万元\n\t\t\t\t这一格无处安放")
    f = tmp_path / "extra.txt"
    f.write_text(text, encoding="utf-8")
    r = run("import", str(f))
    assert r.exit_code == 0
    assert "这一格无处安放" in r.stderr and "第6行第5格" in r.stderr
    r = run("import", str(f), "--strict")
    assert r.exit_code == 2 and "--strict" in r.stderr


def test_show_renders_the_form():
    r = run("show", str(DATA / "seed.txt"))
    assert r.exit_code == 0
    for text in (
        "文冲街道办事处",
        "15,616.28",
        "社会治理成效满意度",
        "强化企业服务打造一流营商环境",
        "改进措施",
    ):
        assert text in r.stdout


def test_show_escapes_markup(tmp_path: Path):
    data = dict(GOLD, department="[bold]某部门[/bold]")
    f = tmp_path / "f.json"
    f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = run("show", str(f))
    assert r.exit_code == 0 and "[bold]某部门[/bold]" in r.stdout


def test_schema_is_json_schema():
    r = run("schema")
    assert r.exit_code == 0
    schema = json.loads(r.stdout)
    assert schema["$id"] == "department-overall-self-evaluation/1"
    assert "funds" in schema["properties"]
