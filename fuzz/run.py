"""``make fuzz``: coverage-guided fuzzing of the text importer and the figure scanner (atheris).

    python fuzz/run.py [--seconds 600] [--target text_importer|figure_scanner]

The time is shared by the targets, run one after the other. Each keeps its corpus in
``.fuzz/<target>/corpus`` (started from the project's forms, grown run after run); a crash
(any exception but the target's own clean error) or an input running past ``--timeout``
seconds is saved in ``.fuzz/<target>/`` and fails the run. At the end a summary gives, per
target: executions, coverage (libFuzzer's cov/ft), corpus size, crashes, and the slowest input
(wall and CPU seconds; the goal is under 1 s). The machine may be shared: wall times include
waiting for the CPU, so the CPU time is the one to judge an input by.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".fuzz"
TARGETS = ("text_importer", "figure_scanner")
MAX_LEN = 20_000  # bytes of one input: a real form's text is about 22 KB


def child(target: str, libfuzzer_args: list[str]) -> None:
    """Run inside the fuzzing process: instrument jixiao, then fuzz ``target`` forever."""
    import atheris

    sys.path.insert(0, str(ROOT))
    with atheris.instrument_imports(include=["jixiao", "fuzz"]):
        from fuzz import harness
    slowest = harness.Slowest()
    fn = slowest.timed(harness.TARGETS[target], WORK / target / "slowest.json")
    atheris.Setup([sys.argv[0], *libfuzzer_args], fn)
    atheris.Fuzz()


def fuzz(target: str, seconds: int, timeout: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from fuzz import harness

    home = WORK / target
    corpus = home / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for n, data in enumerate(harness.seeds(target)):
        (corpus / f"seed-{n:03d}").write_bytes(data[:MAX_LEN])
    (home / "slowest.json").unlink(missing_ok=True)
    for old in home.glob("crash-*"):
        old.unlink()
    log = home / "log.txt"
    args = [
        sys.executable,
        __file__,
        "--child",
        target,
        f"-max_total_time={seconds}",
        f"-timeout={timeout}",
        f"-max_len={MAX_LEN}",
        "-rss_limit_mb=3072",
        f"-artifact_prefix={home}/",
        "-print_final_stats=1",
        str(corpus),
    ]
    with log.open("wb") as out:
        code = subprocess.call(args, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    text = log.read_text(encoding="utf-8", errors="replace")
    runs = re.findall(r"Done (\d+) runs in (\d+) second", text)
    cov = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", text)
    crashes = sorted(
        p.name for p in home.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))
    )
    slow = (
        json.loads((home / "slowest.json").read_text(encoding="utf-8"))
        if (home / "slowest.json").exists()
        else {}
    )
    return {
        "target": target,
        "exit": code,
        "execs": int(runs[-1][0]) if runs else None,
        "seconds": int(runs[-1][1]) if runs else None,
        "cov": int(cov[-1][0]) if cov else None,
        "ft": int(cov[-1][1]) if cov else None,
        "corpus": int(cov[-1][2]) if cov else None,
        "crashes": crashes,
        "slowest_cpu": round(slow.get("cpu", 0.0), 3),
        "slowest_wall": round(slow.get("wall", 0.0), 3),
        "slowest_size": slow.get("size"),
        "log": str(log),
    }  # fmt: skip


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", 600)))
    ap.add_argument("--target", choices=TARGETS, action="append")
    ap.add_argument("--timeout", type=int, default=10, help="seconds one input may run")
    a = ap.parse_args()
    targets = a.target or list(TARGETS)
    share = max(1, a.seconds // len(targets))
    failed = False
    for target in targets:
        r = fuzz(target, share, a.timeout)
        print(json.dumps(r, ensure_ascii=False), flush=True)
        failed |= bool(r["crashes"]) or r["exit"] != 0 or float(r["slowest_cpu"]) >= 1.0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
