"""A task with hundreds of indicators: planned in time linear in its rows, cut into pages
exactly as it would be without windows, and refused for PDF beyond the page limit."""

from __future__ import annotations

import copy
import time
from pathlib import Path

import pytest

from jixiao.limits import LimitError, using
from jixiao.model import Form
from jixiao.render import pages as pages_module
from jixiao.render import pdf as pdf_module
from jixiao.render.html import print_pages
from jixiao.render.layout import build_layout
from jixiao.render.xlsx import form_pages
from jixiao.scoring import evaluate
from jixiao.scoring.types import Evaluation

from .conftest import load_form


def _long_task(n: int) -> Evaluation:
    """The seed with its first task carrying ``n`` indicators (its own, repeated)."""
    form = load_form("seed.json")
    task = form.tasks[0]
    own = list(task.indicators)
    task.indicators = [copy.deepcopy(own[i % len(own)]) for i in range(n)]
    return evaluate(Form.model_validate(form.model_dump()))


def _shape(pages: list[pages_module.Page]) -> list[list[tuple[int, ...]]]:
    """Each page's sections as their rows, and each piece's place and units."""
    return [
        [
            (
                *(r.source for r in s.rows),
                -1,
                *(x for p in s.pieces for x in (p.row, p.rowspan, len(p.units), p.cont)),
            )
            for s in page.sections
        ]
        for page in pages
    ]


@pytest.mark.parametrize("plan", ["pdf", "xlsx"])
def test_windows_change_nothing_on_the_page(plan: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ev = _long_task(300)
    layout = build_layout(ev)
    advance = pdf_module.glyph_advance(pdf_module.cjk_font())

    def planned() -> list[pages_module.Page]:
        return print_pages(layout, advance) if plan == "pdf" else form_pages(layout)

    windowed = planned()
    monkeypatch.setattr(pages_module, "WINDOW_ROWS", 10**9)
    whole = planned()
    assert len(windowed) > 20
    assert _shape(windowed) == _shape(whole)
    for page in windowed:  # a cell cut at a window's edge is drawn once, not twice
        for s in page.sections:
            boxes = [id(p.box) for p in s.pieces]
            assert len(boxes) == len(set(boxes))


def test_planning_time_is_linear_in_the_rows() -> None:
    advance = pdf_module.glyph_advance(pdf_module.cjk_font())
    small, large = build_layout(_long_task(250)), build_layout(_long_task(1000))

    def best(layout) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(3):
            t = time.process_time()
            print_pages(layout, advance)
            times.append(time.process_time() - t)
        return min(times)

    # quadratic planning took 16× the time; a shared machine's noise is allowed three tries
    ratios = []
    for _ in range(3):
        ratios.append(best(large) / best(small))
        if ratios[-1] < 6.5:
            break
    assert min(ratios) < 6.5, f"4× the rows took {ratios}× the time"


def test_a_pdf_beyond_the_page_limit_is_refused_before_printing(tmp_path: Path) -> None:
    ev = evaluate(load_form("seed.json"))
    with using(max_pdf_pages=3), pytest.raises(LimitError, match=r"PDF 页数为 .*超过上限 3 页"):
        pdf_module.render_pdf(ev, tmp_path / "seed.pdf")
    assert not (tmp_path / "seed.pdf").exists()
