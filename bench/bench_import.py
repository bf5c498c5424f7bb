"""Import benchmarks: the seed in-process, and `jixiao import` of 200 forms in one call.

Budgets (issue #2): seed median < 10 ms in-process; < 10 ms a form beyond the first.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.importers import import_bytes  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed.txt"
JIXIAO = Path(sys.executable).parent / "jixiao"


def in_process(runs: int = 300) -> float:
    data = SEED.read_bytes()
    import_bytes(data, "seed.txt")  # warm caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        import_bytes(data, "seed.txt").form.to_shared_json()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def cli(n: int) -> float:
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in"
        src.mkdir()
        files = []
        for i in range(n):
            f = src / f"form{i:03d}.txt"
            shutil.copy(SEED, f)
            files.append(str(f))
        out = Path(d) / "out"
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run(
                [str(JIXIAO), "import", *files, "-o", str(out)], check=True, capture_output=True
            )
            best = min(best, time.perf_counter() - t)
        return best * 1000


def main() -> None:
    seed_ms = in_process()
    print(f"import seed in-process (median of 300): {seed_ms:.2f} ms  [budget 10 ms]")
    t1 = cli(2)
    t200 = cli(200)
    per = (t200 - t1) / 198
    print(f"jixiao import, 2 forms: {t1:.0f} ms; 200 forms: {t200:.0f} ms")
    print(f"jixiao import cost per form beyond the first: {per:.2f} ms  [budget 10 ms]")


if __name__ == "__main__":
    main()
