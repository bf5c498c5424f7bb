"""The render stage: the official table as HTML, Excel (XLSX) and PDF.

``render_html(ev)`` returns a self-contained HTML document; ``render_xlsx(ev, path)``
and ``render_pdf(ev, path)`` write files atomically.
"""

from __future__ import annotations

from jixiao.render.html import render_html
from jixiao.render.pdf import MissingFontError, render_pdf
from jixiao.render.xlsx import render_xlsx

__all__ = ["MissingFontError", "render_html", "render_pdf", "render_xlsx"]
