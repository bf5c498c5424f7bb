"""Checks benchmark on the seed: assess_form + run_checks.

Budget (checks stage): assess_form + run_checks on the seed < 20 ms (median).
The checks cache figure extraction per text and the verdicts remember the scans of the
texts they judged; the budgeted number clears both caches before every run, so it is
what a first look at a new form costs. The first call (imports, regex compilation) is a
warm-up and not counted. The median CPU time is printed beside the wall time: on a
shared machine the wall time also counts other processes' load.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.assess.verdict import clear_cache as clear_assess_cache  # noqa: E402
from jixiao.checks import run_checks  # noqa: E402
from jixiao.checks.figures import clear_cache as clear_figures_cache  # noqa: E402
from jixiao.model import Form  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed.json"


def clear_cache() -> None:
    """Forget every remembered scan: the checks' figures and the verdicts' texts."""
    clear_figures_cache()
    clear_assess_cache()


BUDGET_MS = 20.0
RUNS = 200


def median_ms(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``fn``."""
    fn()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        if before:
            before()
        t, c = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def main() -> int:
    try:
        from jixiao.assess import assess_form
    except ImportError as e:
        print(f"assess_form unavailable: {e}")
        return 1
    form = Form.from_shared(json.loads(SEED.read_text(encoding="utf-8")))

    def both() -> object:
        return run_checks(form, assess_form(form))

    found = both()
    counts = Counter(f.severity.value for f in found)
    print(f"seed: {len(found)} findings {dict(counts)}")
    verdicts = assess_form(form)
    checks_only, c1 = median_ms(lambda: run_checks(form, verdicts), RUNS, clear_cache)
    print(f"{'run_checks (verdicts given, cold cache)':<44} {checks_only:8.2f} ms ({c1:.2f} CPU)")
    warm, c2 = median_ms(both, RUNS)
    print(f"{'assess_form + run_checks (warm cache)':<44} {warm:8.2f} ms ({c2:.2f} CPU)")
    cold, c3 = median_ms(both, RUNS, clear_cache)
    ok = cold < BUDGET_MS
    print(
        f"{'assess_form + run_checks (cold cache)':<44} {cold:8.2f} ms ({c3:.2f} CPU)  "
        f"[budget {BUDGET_MS:g} ms{'' if ok else ' — OVER'}]"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
