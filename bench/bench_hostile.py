"""Issue 12's reproductions, run as a user would (the ``jixiao`` command in a subprocess).

For each: wall time, exit status, whether a traceback was printed, and the first line of
stderr. A case is cut off after ``--timeout`` seconds (default 60). Goal: every case ends
within a few seconds with exit 2 (or the normal result), one clear message, no traceback.

    python bench/bench_hostile.py [--timeout S] [--only SUBSTRING]

The machine is shared: times vary with the load; re-run on a quiet machine to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.hostile import inputs  # noqa: E402

JIXIAO = str(Path(sys.executable).parent / "jixiao")
SEED_TXT = str(ROOT / "tests" / "data" / "seed.txt")
SEED_JSON = str(ROOT / "tests" / "data" / "seed.json")


class Case:
    def __init__(
        self,
        name: str,
        argv: Callable[[Path], list[str]] | list[str],
        shell: bool = False,
        stdin: bytes | None = None,
    ) -> None:
        self.name, self.argv, self.shell, self.stdin = name, argv, shell, stdin


def write(tmp: Path, name: str, data: bytes | str) -> str:
    p = tmp / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(p)


def fifo(tmp: Path, name: str) -> str:
    p = tmp / name
    if not p.exists():
        os.mkfifo(p)
    return str(p)


SCHEME_OK = (ROOT / "src/jixiao/scoring/schemes/dept-overall.toml").read_text(encoding="utf-8")
OVERRIDE = '[[override]]\npath = "key_indicators[0]"\nverdict = "met"\ncomment = "复核"\n'


def scheme_with(old: str, new: str) -> str:
    assert old in SCHEME_OK, old
    return SCHEME_OK.replace(old, new, 1)


def cases() -> list[Case]:
    J = JIXIAO
    c: list[Case] = []
    add = c.append
    # -- catastrophic backtracking (assess/figures: issue 7's scanners)
    add(Case("assess 达到×26+甲5%", [J, "assess", "≥90%", "达到" * 26 + "甲5%"]))
    add(Case("assess 12月31日×300", [J, "assess", "12月31日前", "12月31日" * 300]))
    add(Case("assess 2021年×2000", [J, "assess", "2021年底前", "2021年" * 2000]))
    add(
        Case(
            "check 达到×26 in a key indicator",
            lambda t: [
                J,
                "check",
                write(
                    t,
                    "ki.json",
                    inputs.seed_json_with("key_indicators[1].completion", "达到" * 26 + "甲5%"),
                ),
            ],
        )
    )
    # -- quadratic checks
    for n in (16_000, 32_000):
        add(
            Case(
                f"check {n} key indicators",
                lambda t, n=n: [
                    J,
                    "check",
                    "--json",
                    write(t, f"ki{n}.json", json.dumps(inputs.many_key_indicators(n))),
                ],
            )
        )
    add(
        Case(
            "check 8000 tasks",
            lambda t: [
                J,
                "check",
                "--json",
                write(t, "tasks.json", json.dumps(inputs.many_tasks(8000))),
            ],
        )
    )
    add(
        Case(
            "import seed + 20 MB random CJK rows",
            lambda t: [J, "import", write(t, "big.txt", inputs.seed_with_random_text(20_000_000))],
        )
    )
    for mb in (2, 4, 8):
        add(
            Case(
                f"import seed + {mb} MB random CJK rows",
                lambda t, mb=mb: [
                    J,
                    "import",
                    write(t, f"big{mb}.txt", inputs.seed_with_random_text(mb * 1_000_000)),
                ],
            )
        )
    # -- tracebacks on bad JSON values
    for label, literal in [
        ("string", '"很多"'),
        ("list", "[1, 2]"),
        ("object", '{"a": 1}'),
        ('"1,234.5"', '"1,234.5"'),
        ("1e308", "1e308"),
        ("NaN", "NaN"),
        ("5000-digit integer", "9" * 5000),
    ]:
        add(
            Case(
                f"form JSON: money = {label}",
                lambda t, lit=literal, lab=label: [
                    J,
                    "check",
                    write(
                        t,
                        f"m{abs(hash(lab))}.json",
                        inputs.seed_json_raw("funds.annual_budget", lit),
                    ),
                ],
            )
        )
    add(
        Case(
            "form JSON: arrays nested 10,000 deep",
            lambda t: [
                J,
                "check",
                write(t, "deep.json", '{"tasks": ' + inputs.nested(10_000) + "}"),
            ],
        )
    )
    add(
        Case(
            "form JSON: objects nested 10,000 deep",
            lambda t: [
                J,
                "check",
                write(t, "deepo.json", '{"tasks": [' + inputs.nested_objects(10_000) + "]}"),
            ],
        )
    )
    for label, old, new in [
        ("weight = nan", "weight = 10", "weight = nan"),
        ("weight = inf", "weight = 10", "weight = inf"),
        ("weight = 1e400", "weight = 10", "weight = 1e400"),
        ("weight = 5000 digits", "weight = 10", "weight = " + "9" * 5000),
        ("min = -inf", "min = 0", "min = -inf"),
    ]:
        add(
            Case(
                f"--scheme {label}",
                lambda t, old=old, new=new, lab=label: [
                    J,
                    "evaluate",
                    SEED_JSON,
                    "--scheme",
                    write(t, f"s{abs(hash(lab))}.toml", scheme_with(old, new)),
                ],
            )
        )
    add(
        Case(
            "--scheme nested 10,000 deep",
            lambda t: [
                J,
                "evaluate",
                SEED_JSON,
                "--scheme",
                write(t, "deep.toml", "x = " + inputs.nested(10_000, "[", "]")),
            ],
        )
    )
    add(
        Case(
            "--overrides score = nan",
            lambda t: [
                J,
                "evaluate",
                SEED_JSON,
                "--overrides",
                write(t, "o1.toml", OVERRIDE.replace('verdict = "met"', "score = nan")),
            ],
        )
    )
    add(
        Case(
            "--overrides score = 1e400 (JSON)",
            lambda t: [
                J,
                "evaluate",
                SEED_JSON,
                "--overrides",
                write(
                    t,
                    "o2.json",
                    '[{"path": "key_indicators[0]", "score": 1e400, "comment": "复核"}]',
                ),
            ],
        )
    )
    add(
        Case(
            "--overrides nested 10,000 deep (JSON)",
            lambda t: [
                J,
                "evaluate",
                SEED_JSON,
                "--overrides",
                write(t, "o3.json", inputs.nested(10_000)),
            ],
        )
    )
    add(
        Case(
            "text form: 400-digit money",
            lambda t: [
                J,
                "check",
                write(t, "money400.txt", inputs.seed_text_with_money("9" * 400)),
            ],
        )
    )
    add(
        Case(
            "assess --jsonl deeply nested line",
            lambda t: [
                J,
                "assess",
                "--jsonl",
                write(t, "deep.jsonl", inputs.nested(100_000) + "\n"),
            ],
        )
    )
    # -- non-files
    add(Case("import /dev/zero", [J, "import", "/dev/zero"]))
    add(Case("import a FIFO", lambda t: [J, "import", fifo(t, "in.fifo")]))
    add(Case("--scheme /dev/zero", [J, "evaluate", SEED_JSON, "--scheme", "/dev/zero"]))
    add(
        Case(
            "--overrides on a FIFO",
            lambda t: [J, "evaluate", SEED_JSON, "--overrides", fifo(t, "o.fifo.toml")],
        )
    )
    add(Case("assess --jsonl /dev/zero", [J, "assess", "--jsonl", "/dev/zero"]))
    add(Case("import a directory", lambda t: [J, "import", str(t)]))
    # -- output errors (stdout to /dev/full)
    for name, args in [
        ("import", ["import", SEED_TXT]),
        ("check", ["check", SEED_TXT]),
        ("show", ["show", SEED_TXT]),
        ("schema", ["schema"]),
        ("assess", ["assess", "≥90%", "95%"]),
        ("evaluate", ["evaluate", SEED_JSON]),
    ]:
        add(
            Case(
                f"{name} > /dev/full", " ".join([J, *map(repr, args)]) + " > /dev/full", shell=True
            )
        )
    add(
        Case(
            "show | head -c 10 (EPIPE; jixiao's own status)",
            f"set -o pipefail; {J} show {SEED_TXT} | head -c 10 >/dev/null",
            shell=True,
        )
    )
    add(
        Case(
            "-o symlink to /dev/full",
            lambda t: [J, "import", SEED_TXT, "-o", _link(t, "full.json", "/dev/full")],
        )
    )
    add(
        Case(
            "--json symlink to /dev/null",
            lambda t: [J, "evaluate", SEED_JSON, "--json", _link(t, "null.json", "/dev/null")],
        )
    )
    # A link to /proc/self/fd/1 behaves as /dev/stdout; a broken writer replaces only the link.
    add(
        Case(
            "--json /dev/stdout (a link to /proc/self/fd/1)",
            lambda t: [J, "evaluate", SEED_JSON, "--json", _link(t, "stdout", "/proc/self/fd/1")],
        )
    )
    # -- decoding and hygiene
    add(
        Case(
            "head -c 869 seed", lambda t: [J, "import", write(t, "cut.txt", inputs.SEED_TXT[:869])]
        )
    )
    add(
        Case(
            "show: ESC/OSC in department",
            lambda t: [
                J,
                "show",
                write(t, "esc.json", inputs.seed_with_department(inputs.TERMINAL_ATTACK)),
            ],
        )
    )
    add(Case("assess zero-width in figures", [J, "assess", "≥9\u200d0%", "9\ufeff5%"]))
    add(
        Case(
            "NUL bytes after 4 KB",
            lambda t: [
                J,
                "import",
                write(
                    t,
                    "nul.txt",
                    inputs.SEED_TXT.replace("改进措施".encode(), "改进\x00措施".encode()),
                ),
            ],
        )
    )
    add(Case("JSON array", lambda t: [J, "import", write(t, "arr.json", "[1, 2, 3]")]))
    add(
        Case(
            "UTF-16 JSON",
            lambda t: [
                J,
                "import",
                write(t, "u16.json", Path(SEED_JSON).read_text(encoding="utf-8").encode("utf-16")),
            ],
        )
    )
    add(
        Case(
            "text without tabs",
            lambda t: [J, "import", write(t, "notabs.txt", inputs.SEED_TXT.replace(b"\t", b" "))],
        )
    )
    return c


def _link(tmp: Path, name: str, target: str) -> str:
    p = tmp / name
    if not p.is_symlink():
        p.symlink_to(target)
    return str(p)


MEMORY_CAP = 3 * 2**30  # a runaway read must not take the shared machine's memory


def _memory_cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run(case: Case, tmp: Path, timeout: float) -> dict[str, object]:
    argv = case.argv(tmp) if callable(case.argv) else case.argv
    t = time.perf_counter()
    proc = subprocess.Popen(
        argv,
        shell=case.shell,
        executable="/bin/bash" if case.shell else None,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL if not case.shell else None,
        stderr=subprocess.PIPE,
        cwd=tmp,
        start_new_session=True,
        preexec_fn=_memory_cap,
    )
    try:
        _, err = proc.communicate(timeout=timeout)
        status: object = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
        status = "timeout"
    seconds = time.perf_counter() - t
    text = err.decode("utf-8", "replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return {
        "case": case.name,
        "seconds": round(seconds, 2),
        "exit": status,
        "traceback": "Traceback" in text,
        "stderr": first[:150],
    }


def sigterm_during_pdf(tmp: Path) -> dict[str, object]:
    """SIGTERM while the PDF is written: no hidden temp file may remain."""
    out = tmp / "sig"
    out.mkdir(exist_ok=True)
    t = time.perf_counter()
    proc = subprocess.Popen(
        [JIXIAO, "evaluate", SEED_JSON, "--pdf", str(out / "r.pdf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    while proc.poll() is None and not any(out.iterdir()) and time.perf_counter() - t < 60:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate()
    left = sorted(p.name for p in out.iterdir())
    return {
        "case": "SIGTERM during --pdf",
        "seconds": round(time.perf_counter() - t, 2),
        "exit": proc.returncode,
        "traceback": b"Traceback" in err,
        "stderr": f"left behind: {left}",
    }


def evaluate_bad_input_folders(tmp: Path) -> dict[str, object]:
    """evaluate with several outputs and a bad second input: no folder may be created."""
    out = tmp / "folders"
    bad = write(tmp, "bad.txt", b"")
    r = run(
        Case(
            "evaluate bad input, output folders",
            [
                JIXIAO,
                "evaluate",
                SEED_JSON,
                bad,
                "--html",
                str(out / "h"),
                "--json",
                str(out / "j"),
            ],
        ),
        tmp,
        60,
    )
    r["stderr"] = (
        f"created: {sorted(str(p.relative_to(tmp)) for p in out.rglob('*')) if out.exists() else []}; "
        + str(r["stderr"])
    )
    return r


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--only", default="")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows: list[dict[str, object]] = []

    def report(row: dict[str, object]) -> None:
        rows.append(row)
        tb = "Y" if row["traceback"] else "-"
        print(
            f"{row['seconds']:8.2f}s  exit={row['exit']!s:7}  tb={tb}  {row['case']}  | {row['stderr']}",
            flush=True,
        )

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for case in cases():
            if not args.only or args.only in case.name:
                report(run(case, tmp, args.timeout))
        if not args.only or "SIGTERM" in args.only:
            report(sigterm_during_pdf(tmp))
        if not args.only or "folders" in args.only:
            report(evaluate_bad_input_folders(tmp))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
