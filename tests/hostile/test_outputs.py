"""Issue 12, outputs: a failed write is one clear message and exit 2; what is not a regular
file is written through, never replaced; nothing half-written or empty stays behind."""

from __future__ import annotations

import importlib
import os
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from jixiao import fileio
from tests.hostile.helpers import JIXIAO, SEED_JSON, SEED_TXT, jixiao, jixiao_process, refused

COMMANDS = [
    ("import", SEED_TXT),
    ("check", SEED_TXT),
    ("show", SEED_TXT),
    ("schema",),
    ("assess", "≥90%", "95%"),
    ("evaluate", SEED_JSON),
]


def full_stdout(*args: str) -> subprocess.CompletedProcess:
    with open("/dev/full", "wb") as full:
        return subprocess.run([JIXIAO, *args], stdout=full, stderr=subprocess.PIPE, timeout=60)


@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_stdout_on_a_full_device(args: tuple[str, ...]):
    r = full_stdout(*args)
    err = r.stderr.decode("utf-8")
    assert r.returncode == 2 and "Traceback" not in err
    assert err.strip() == "错误：无法写出到标准输出：磁盘空间不足"


def test_a_closed_pipe_is_silent():
    """`jixiao show seed.txt | head -c 0`: the reader is gone; no message, no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        r = subprocess.run(
            [JIXIAO, "show", SEED_TXT], stdout=write, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(write)
    assert r.returncode == 2 and r.stderr == b""


def test_output_through_a_link_to_a_full_device(capfd, tmp_path: Path):
    link = tmp_path / "form.json"
    link.symlink_to("/dev/full")
    refused(jixiao(capfd, "import", SEED_TXT, "-o", str(link)), "磁盘空间不足")
    assert link.is_symlink() and os.readlink(link) == "/dev/full"
    assert [p.name for p in tmp_path.iterdir()] == ["form.json"]  # no temporary file left


def test_devices_and_links_to_them_are_written_through(capfd, tmp_path: Path):
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    r = jixiao(capfd, "evaluate", SEED_JSON, "--json", str(link), "--html", str(link))
    assert r.code in (0, 1) and "Traceback" not in r.err
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null.json"]


def test_a_link_to_stdout_writes_to_stdout(capfd, tmp_path: Path):
    """`--json /dev/stdout` writes the JSON to standard output, with the summary."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    r = jixiao(capfd, "evaluate", SEED_JSON, "--json", str(link))
    assert r.code in (0, 1) and link.is_symlink()
    assert '"score": {' in r.out and "得分" in r.out


def test_a_link_to_a_regular_file_stays_a_link(capfd, tmp_path: Path):
    real = tmp_path / "real" / "form.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert jixiao(capfd, "import", SEED_TXT, "-o", str(link)).code == 0
    assert link.is_symlink() and "文冲街道办事处" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # an existing file keeps its mode
    assert sorted(p.name for p in real.parent.iterdir()) == ["form.json"]


def test_data_is_synced_before_the_rename(tmp_path: Path, monkeypatch):
    synced: list[int] = []
    real_fsync = os.fsync
    replaced: list[bool] = []

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    def replace(src, dst):
        replaced.append(bool(synced))
        os.rename(src, dst)

    monkeypatch.setattr(fileio.os, "fsync", fsync)
    monkeypatch.setattr(fileio.os, "replace", replace)
    fileio.write_atomic(tmp_path / "a.json", b"{}")
    assert replaced == [True] and len(synced) >= 2  # the file, then its folder


def test_no_permission_is_one_clear_message(capfd, tmp_path: Path, monkeypatch):
    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    refused(jixiao(capfd, "import", SEED_TXT, "-o", str(tmp_path / "x.json")), "没有权限")


def test_a_bad_input_leaves_no_output_folder(capfd, tmp_path: Path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    r = jixiao(capfd, "evaluate", SEED_JSON, str(bad), "--html", str(out / "h"), "--json", str(out))
    refused(r, "文件为空")
    assert not out.exists()
    r = jixiao(capfd, "import", str(bad), str(bad), "-o", str(out / "forms"))
    assert r.code == 2 and not out.exists()


def test_a_failed_write_removes_the_folders_it_made(capfd, tmp_path: Path, monkeypatch):
    def fails(*a, **k):
        raise RuntimeError("渲染失败")

    monkeypatch.setattr(importlib.import_module("jixiao.render"), "render_html", fails)
    out = tmp_path / "p" / "q" / "r.html"
    r = jixiao(capfd, "evaluate", SEED_JSON, "--html", str(out))
    refused(r, "生成 HTML 失败")
    assert list(tmp_path.iterdir()) == []  # p/q was made for the report, and removed


def test_sigterm_while_writing_the_pdf_leaves_nothing(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen(
        [JIXIAO, "evaluate", SEED_JSON, "--pdf", str(out / "r.pdf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    t = time.perf_counter()
    while proc.poll() is None and not any(out.iterdir()) and time.perf_counter() - t < 60:
        time.sleep(0.005)  # until the temporary file exists
    assert proc.poll() is None, "the PDF was written before the signal could be sent"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in err.decode("utf-8")
    assert list(out.iterdir()) == []


def test_a_crash_is_exit_3_not_1(capfd, monkeypatch):
    """Exit 1 means an error-severity finding; a bug must never look like one."""

    def broken(*a, **k):
        raise KeyError("boom")

    monkeypatch.setattr("jixiao.cli.check.run_checks", broken)
    r = jixiao(capfd, "check", SEED_JSON)
    assert r.code == 3 and "内部错误（KeyError）" in r.err and "Traceback" not in r.err


def test_usage_errors_are_chinese(capfd):
    for args, said in [
        (("import",), "缺少参数"),
        (("check", "--bogus", SEED_JSON), "没有选项 --bogus"),
        (("evaluate", SEED_JSON, "--scheme"), "选项 --scheme 需要一个值"),
        (("imprt",), "没有这个命令"),
    ]:
        r = jixiao(capfd, *args)
        assert r.code == 2 and said in r.err and "Error" not in r.err, (args, r.err)


def test_the_console_script_exits_with_the_status(tmp_path: Path):
    assert jixiao_process("import", str(tmp_path / "none.txt")).returncode == 2
    assert jixiao_process("schema").returncode == 0
