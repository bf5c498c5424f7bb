"""Checks benchmark on the seed: assess_form + run_checks.

Budget (checks stage): assess_form + run_checks on the seed < 20 ms (median).
The checks cache figure extraction per text; the budgeted number clears that cache
before every run, so it is what a first look at a new form costs. The first call
(imports, regex compilation) is a warm-up and not counted.
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

from jixiao.checks import run_checks  # noqa: E402
from jixiao.checks.figures import clear_cache  # noqa: E402
from jixiao.model import Form  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed.json"
BUDGET_MS = 20.0
RUNS = 200


def median_ms(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        if before:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


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
    checks_only = median_ms(lambda: run_checks(form, verdicts), RUNS, clear_cache)
    print(f"{'run_checks (verdicts given, cold cache)':<44} {checks_only:8.2f} ms")
    warm = median_ms(both, RUNS)
    print(f"{'assess_form + run_checks (warm cache)':<44} {warm:8.2f} ms")
    cold = median_ms(both, RUNS, clear_cache)
    ok = cold < BUDGET_MS
    print(
        f"{'assess_form + run_checks (cold cache)':<44} {cold:8.2f} ms  "
        f"[budget {BUDGET_MS:g} ms{'' if ok else ' — OVER'}]"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
