"""Bad input: one clear message naming the file and the problem, exit 2, no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.importers import FormImportError, import_bytes, load_form
from tests.conftest import DATA

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "文件为空"),
        (b"  \n\n\t\n", "文件为空"),
        (bytes(range(256)) * 20, "不是文本文件"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000), "不是文本文件"),
        ("今天天气很好。\n我们去公园散步。\n".encode(), "不是部门整体支出绩效自评表"),
        (b'{"a": 1}', "不是部门整体支出绩效自评表"),
        (b"{not json", "不是合法的 JSON"),
    ],
)
def test_bad_input_gives_one_clear_message(tmp_path: Path, content: bytes, problem: str):
    suffix = ".json" if content.startswith(b"{") else ".txt"
    f = tmp_path / f"bad{suffix}"
    f.write_bytes(content)
    with pytest.raises(FormImportError) as e:
        load_form(f)
    assert problem in str(e.value) and str(f) in str(e.value)
    r = run("import", str(f))
    assert r.exit_code == 2
    assert problem in r.stderr and str(f) in r.stderr
    assert "Traceback" not in r.output + r.stderr


def test_missing_file_and_directory(tmp_path: Path):
    r = run("import", str(tmp_path / "nope.txt"))
    assert r.exit_code == 2 and "文件不存在" in r.stderr
    r = run("show", str(tmp_path))
    assert r.exit_code == 2 and "目录" in r.stderr


def test_truncated_form_yields_what_it_has_with_a_warning(tmp_path: Path):
    lines = (DATA / "seed.txt").read_text(encoding="utf-8").splitlines()
    cut = "\n".join(lines[:60])  # stops in the middle of the main tasks
    result = import_bytes(cut.encode("utf-8"), "cut.txt")
    assert result.truncated
    assert any("截断" in w and "存在问题" in w for w in result.warnings)
    assert result.form.department == "广州市黄埔区人民政府文冲街道办事处"
    assert len(result.form.key_indicators) == 16 and len(result.form.tasks) >= 4
    f = tmp_path / "cut.txt"
    f.write_text(cut, encoding="utf-8")
    out = tmp_path / "cut.json"
    r = run("import", str(f), "-o", str(out))
    assert r.exit_code == 2
    assert "截断" in r.stderr and str(f) in r.stderr
    assert "Traceback" not in r.stderr
    assert '"department": "广州市黄埔区人民政府文冲街道办事处"' in out.read_text(encoding="utf-8")


def test_failed_import_does_not_touch_existing_output(tmp_path: Path):
    out = tmp_path / "form.json"
    out.write_text("previous good result", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    r = run("import", str(bad), "-o", str(out))
    assert r.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous good result"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["form.json", "bad.txt"]) or len(
        list(tmp_path.iterdir())
    ) == 2
