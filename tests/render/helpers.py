"""Small HTML readers for the render tests (standard library only)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_TAG = re.compile(r"<[^>]+>")
_STYLE = re.compile(r"<style.*?</style>|<title>.*?</title>", re.S)


def squash(text: str) -> str:
    """Text with all white space removed (texts compare whitespace-insensitively)."""
    return "".join(text.split())


def visible_text(doc: str) -> str:
    """The document's text: tags stripped, entities decoded, white space removed."""
    return squash(html.unescape(_TAG.sub(" ", _STYLE.sub(" ", doc))))


@dataclass
class HtmlCell:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    html_classes: list[str] = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", "1"))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", "1"))


class _CellParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[HtmlCell] = []
        self.depth = 0
        self.in_form = False
        self.tables: list[bool] = []  # is each open table a form table
        self.current: HtmlCell | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append("form" in a.get("class", "").split())
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.current = HtmlCell(tag, a, html_classes=a.get("class", "").split())
            self.cells.append(self.current)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag in ("td", "th"):
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.text += data


def form_cells(doc: str) -> list[HtmlCell]:
    """The cells of the official table (tables with class ``form``), in document order."""
    p = _CellParser()
    p.feed(doc)
    return p.cells


def cell_with(cells: list[HtmlCell], text: str) -> HtmlCell:
    """The first cell whose text (whitespace removed) starts with ``text``."""
    want = squash(text)
    for c in cells:
        if squash(c.text).startswith(want):
            return c
    raise AssertionError(f"no cell starts with {text!r}")
