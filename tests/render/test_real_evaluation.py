"""The renderers on the real pipeline's output: ``jixiao.scoring.evaluate(form)``."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from jixiao.render import render_html, render_xlsx
from jixiao.scoring import evaluate

from .conftest import load_form
from .helpers import squash, visible_text


@pytest.mark.parametrize("name", ["seed.json", "practice-1.json"])
def test_real_evaluation_renders(name: str, tmp_path: Path) -> None:
    ev = evaluate(load_form(name))  # a broken import fails here, as it should
    doc = render_html(ev)
    text = visible_text(doc)
    assert squash(ev.form.department) in text
    assert squash(ev.score.display()) in text
    for f in ev.findings:
        assert squash(f.message) in text  # every finding is shown (in its cell and the summary)
    for v in ev.verdicts:
        if v.explanation:
            assert squash(v.explanation) in text
    render_xlsx(ev, tmp_path / "ev.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "ev.xlsx")
    rows = list(wb["检查发现"].iter_rows(min_row=2, values_only=True))
    assert len([r for r in rows if r[0] is not None]) == len(ev.findings)
