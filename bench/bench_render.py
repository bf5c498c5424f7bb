"""Render benchmarks on the seed form: median times of render_html, render_xlsx, render_pdf.

Budgets: render_html with evaluate < 100 ms; render_xlsx < 300 ms; render_pdf < 3 s.
When the evaluation pipeline is not complete, a hand-made evaluation of the seed is used
(the render cost is the same; the "with evaluate" line is then not measured).
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from jixiao.assess.types import IndicatorVerdict, Verdict  # noqa: E402
from jixiao.model import Form  # noqa: E402
from jixiao.render import render_html, render_pdf, render_xlsx  # noqa: E402
from jixiao.scoring.types import Evaluation, ItemScore, PartScore, Score  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed.json"


def hand_made(form: Form) -> Evaluation:
    """Every key indicator met: a stand-in while ``jixiao.scoring.evaluate`` is unavailable."""
    verdicts = [
        IndicatorVerdict(
            path=f"key_indicators[{i}]",
            name=k.name,
            target_text=k.expected_value,
            actual_text=k.completion,
            verdict=Verdict.MET,
            explanation="达到预期",
        )
        for i, k in enumerate(form.key_indicators)
    ]
    w = Decimal(90) / max(1, len(verdicts))
    items = [
        ItemScore(
            path=v.path, name=v.name, part="key", weight=w, verdict=v.verdict, points=w, upper=w
        )
        for v in verdicts
    ]
    parts = [
        PartScore(
            id="key", name="关键指标", weight=Decimal(90), points=Decimal(90), upper=Decimal(90)
        )
    ]
    score = Score(
        scheme="bench",
        total=Decimal(90),
        upper=Decimal(90),
        grade="优",
        grade_upper="优",
        parts=parts,
        items=items,
    )
    return Evaluation(form=form, verdicts=verdicts, findings=[], score=score)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: templates, fonts, imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def main() -> None:
    form = Form.from_shared(json.loads(SEED.read_text(encoding="utf-8")))
    try:
        from jixiao.scoring import evaluate

        ev = evaluate(form)
        with_eval: Callable[[], object] | None = lambda: render_html(evaluate(form))  # noqa: E731
    except ImportError as e:
        print(f"(evaluate unavailable: {e}; using a hand-made evaluation)")
        ev = hand_made(form)
        with_eval = None
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        html = median_ms(lambda: render_html(ev), 50)
        print(f"render_html seed (median of 50): {html:.1f} ms")
        if with_eval is not None:
            both = median_ms(with_eval, 20)
            print(f"evaluate + render_html seed (median of 20): {both:.1f} ms  [budget 100 ms]")
        xlsx = median_ms(lambda: render_xlsx(ev, out / "seed.xlsx"), 20)
        print(f"render_xlsx seed (median of 20): {xlsx:.1f} ms  [budget 300 ms]")
        pdf = median_ms(lambda: render_pdf(ev, out / "seed.pdf"), 5)
        print(f"render_pdf seed (median of 5): {pdf:.0f} ms  [budget 3000 ms]")


if __name__ == "__main__":
    main()
