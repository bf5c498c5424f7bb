"""Render benchmarks on the seed and practice forms: median wall and CPU times.

Budgets (issue 11), per form: evaluate + render_html < 100 ms; evaluate + render_xlsx
< 300 ms; evaluate + render_pdf < 3 s (wall time; the exit status is 1 when one is over). CPU time (this process only) is printed beside wall time: on a shared
machine the wall time includes waiting for a core, the CPU time does not. The PDF line
also says how the time splits between planning the pages and WeasyPrint.
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
from jixiao.render import render_html, render_pdf, render_xlsx  # noqa: E402
from jixiao.render.html import print_html  # noqa: E402
from jixiao.render.pdf import cjk_font, glyph_advance  # noqa: E402
from jixiao.scoring import evaluate  # noqa: E402

FORMS = {"seed": ROOT / "tests" / "data" / "seed.json"}
FORMS["practice"] = ROOT / "tests" / "data" / "practice-1.json"


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm: templates, fonts, imports
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def line(what: str, ms: tuple[float, float], budget_ms: float) -> bool:
    """Print a timing; False when its wall time is over the budget."""
    over = ms[0] > budget_ms
    note = f"[budget {budget_ms:.0f} ms{' — OVER' if over else ''}]"
    print(f"{what}: {ms[0]:7.1f} ms (CPU {ms[1]:7.1f} ms)  {note}", flush=True)
    return not over


def main() -> int:
    advance = glyph_advance(cjk_font() or "")
    ok = True
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        for name, path in FORMS.items():
            form = Form.from_shared(json.loads(path.read_text(encoding="utf-8")))
            ok &= _bench(name, form, out, advance)
    return 0 if ok else 1


def _bench(name: str, form: Form, out: Path, advance: Callable[[str], float]) -> bool:
    ev = evaluate(form)
    ok = line(
        f"{name} evaluate + render_html", median_ms(lambda: render_html(evaluate(form)), 20), 100
    )
    xlsx = median_ms(lambda: render_xlsx(evaluate(form), out / "r.xlsx"), 10)
    ok &= line(f"{name} evaluate + render_xlsx", xlsx, 300)
    pdf = median_ms(lambda: render_pdf(evaluate(form), out / "r.pdf"), 3)
    ok &= line(f"{name} evaluate + render_pdf", pdf, 3000)
    plan = median_ms(lambda: print_html(ev, advance), 5)
    print(f"  of which the page plan and print HTML: {plan[0]:.1f} ms (CPU {plan[1]:.1f} ms)")
    return ok


if __name__ == "__main__":
    sys.exit(main())
