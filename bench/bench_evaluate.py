"""Evaluate benchmarks on the seed: evaluate() alone, and with each renderer.

Budgets (issue: scoring): evaluate + HTML < 100 ms; evaluate + XLSX < 300 ms; evaluate + PDF < 3 s.
Medians; the first call (imports, caches, fonts) is a warm-up and not counted.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.model import Form  # noqa: E402
from jixiao.scoring import evaluate, load_scheme, score_form  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed.json"


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def report(label: str, ms: float, budget: float | None) -> bool:
    ok = budget is None or ms < budget
    shown = f"[budget {budget:g} ms{'' if ok else ' — OVER'}]" if budget else ""
    print(f"{label:<46} {ms:9.2f} ms  {shown}", flush=True)
    return ok


def main() -> int:
    form = Form.from_shared(json.loads(SEED.read_text(encoding="utf-8")))
    scheme = load_scheme()
    ok = True
    try:
        ev = evaluate(form, scheme)
    except ImportError as e:
        print(f"evaluate() unavailable: {e}")
        return 1
    print(f"seed: {ev.score.display()} {ev.score.display_grade()}, pending {ev.score.pending}")
    score_ms = median_ms(lambda: score_form(form, ev.verdicts, scheme), 300)
    report("score_form (verdicts given, median of 300)", score_ms, None)
    ok &= report(
        "evaluate (assess+checks+score, median of 100)",
        median_ms(lambda: evaluate(form, scheme), 100),
        100,
    )

    try:
        from jixiao import render
    except Exception as e:  # render may be missing or its dependencies broken
        print(f"jixiao.render unavailable, renderer timings skipped: {type(e).__name__}: {e}")
        return 0 if ok else 1

    with tempfile.TemporaryDirectory() as d:
        for kind, runs, budget in (("html", 50, 100), ("xlsx", 20, 300), ("pdf", 5, 3000)):
            fn = getattr(render, f"render_{kind}", None)
            if fn is None:
                print(f"jixiao.render.render_{kind} not available, skipped")
                continue
            if kind == "html":
                job = lambda fn=fn: fn(evaluate(form, scheme))  # noqa: E731
            else:
                target = Path(d) / f"seed.{kind}"
                job = lambda fn=fn, target=target: fn(evaluate(form, scheme), target)  # noqa: E731
            label = f"evaluate + render_{kind} (median of {runs})"
            ok &= report(label, median_ms(job, runs), budget)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
