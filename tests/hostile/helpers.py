"""Running the real ``jixiao`` command: in-process (``edge.run``) or as a subprocess."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from jixiao.cli.edge import run
from tests.conftest import DATA

JIXIAO = str(Path(sys.executable).parent / "jixiao")
SEED_TXT = str(DATA / "seed.txt")
SEED_JSON = str(DATA / "seed.json")
FEW_SECONDS = 5.0  # how long a refusal may take on this shared 2-core machine


@dataclass
class Result:
    code: int
    out: str
    err: str
    seconds: float


def jixiao(capfd: pytest.CaptureFixture[str], *args: str) -> Result:
    """Run ``jixiao ARGS`` in this process, as the console script does (exit status, streams)."""
    capfd.readouterr()
    t = time.perf_counter()
    code = run(list(args))
    seconds = time.perf_counter() - t
    out, err = capfd.readouterr()
    return Result(code, out, err, seconds)


def jixiao_process(*args: str, timeout: float = 60, **kw: object) -> subprocess.CompletedProcess:
    """Run ``jixiao ARGS`` as a separate process (for real file descriptors and signals)."""
    return subprocess.run([JIXIAO, *args], capture_output=True, timeout=timeout, **kw)


def refused(r: Result, *said: str) -> None:
    """Exit 2, one clear message saying all of ``said``, no traceback, in a few seconds."""
    assert r.code == 2, (r.code, r.err)
    assert "Traceback" not in r.err + r.out
    assert r.err.count("错误：") == 1, r.err
    for words in said:
        assert words in r.err, (words, r.err)
    assert r.seconds < FEW_SECONDS, r.seconds
