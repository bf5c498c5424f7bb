"""Office import benchmarks: the practice form as XLSX, DOCX and HTML (and XLS) in-process,
and `jixiao import DIR -o OUT` over a folder of 200 office files with all cores.

Budget (issue #8): XLSX/DOCX/HTML import of the practice form ≤ 30 ms each (median,
in-process). The batch reports forms per second and the peak memory of one process.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from bench.peak import run_peak  # noqa: E402

from jixiao.importers import import_bytes  # noqa: E402

PRACTICE = ROOT.parent / "shared" / "examples" / "office" / "practice-1"
JIXIAO = Path(sys.executable).parent / "jixiao"
BUDGET_MS = 30.0


def median_ms(data: bytes, name: str, runs: int = 100) -> tuple[float, float]:
    """Median wall and CPU milliseconds of one import (CPU time shows what a busy machine hides)."""
    import_bytes(data, name)  # warm caches and imports
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        import_bytes(data, name).form.to_shared_json()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def xls_of_practice(folder: Path) -> Path:
    """The practice form as XLS, written by the test generator (xlwt)."""
    import json
    import random

    from tests.importers.officegen import Variant, layout, write_xls

    from jixiao.model import Form

    form = Form.from_shared(json.loads((ROOT / "tests" / "data" / "practice-1.json").read_text()))
    return write_xls(layout(form, Variant(), random.Random(0)), Variant(), folder / "form.xls")


def batch(folder: Path, n: int) -> tuple[float, float]:
    """Seconds for `jixiao import` of n office files (all cores), and peak RSS in MB."""
    src = folder / "batch"
    src.mkdir()
    files = sorted(PRACTICE.glob("form.*"))
    files = [f for f in files if f.suffix in (".xlsx", ".docx", ".html")]
    for i in range(n):
        f = files[i % len(files)]
        shutil.copy(f, src / f"form{i:03d}{f.suffix}")
    out = folder / "out"
    return run_peak([str(JIXIAO), "import", str(src), "-o", str(out)])


def main() -> int:
    over = False
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        cases = [(PRACTICE / f"form.{ext}", True) for ext in ("xlsx", "docx", "html")]
        cases.append((xls_of_practice(folder), False))
        for path, budgeted in cases:
            ms, cpu = median_ms(path.read_bytes(), path.name)
            note = f"[budget {BUDGET_MS:.0f} ms]" if budgeted else "[no budget]"
            print(
                f"import practice {path.suffix[1:]:4} in-process (median of 100): "
                f"{ms:6.2f} ms (CPU {cpu:5.2f} ms)  {note}"
            )
            over |= budgeted and ms > BUDGET_MS
        seconds, peak = batch(folder, 200)
        print(
            f"jixiao import of a folder of 200 office files (xlsx/docx/html), all cores: "
            f"{seconds:.2f} s = {200 / seconds:.0f} forms/s; peak memory of one process {peak:.0f} MB"
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
