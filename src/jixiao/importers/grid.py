"""The table layer shared by every importer: rows of cleaned cells with their source location.

A source format's backend (extracted text, later PDF/Excel/HTML) turns its input
into ``Row`` objects; ``jixiao.importers.layout`` reads the form out of them.
Cell cleaning lives here too, since every backend meets the same artefacts:
HTML paragraphs, entities, stray white space and CJK wrap spaces.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.cells import char_width, display_width

_PARA_BREAK = re.compile(r"</p\s*>\s*<p(?:\s[^>]*)?>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b]+")


@dataclass
class Row:
    """One table row: cleaned cell texts, the source line (1-based) and page (1-based)."""

    line: int
    cells: list[str]
    page: int = 1
    raw: list[str] = field(default_factory=list, repr=False)
    break_before: bool = False  # a page break separates this row from the row before

    def nonempty(self) -> list[tuple[int, str]]:
        return [(i, c) for i, c in enumerate(self.cells) if c]

    def trimmed_len(self) -> int:
        n = len(self.cells)
        while n and not self.cells[n - 1]:
            n -= 1
        return n


def clean_cell(raw: str) -> str:
    """A cell's text with markup removed; paragraphs joined by newlines; wrap spaces removed."""
    s = raw
    if "<" in s:
        s = _PARA_BREAK.sub("\n", s)
        s = _TAG.sub("", s)
    if "&" in s:
        s = html.unescape(s)
    paras = []
    for p in s.replace("\r", "\n").split("\n"):
        p = _SPACES.sub(" ", p).strip()
        if p:
            paras.append(unwrap_cjk(p))
    return "\n".join(paras)


def _is_wide(ch: str) -> bool:
    return char_width(ch) == 2


# A wrapped cell's lines are at most about this wide (display cells); longer
# space-separated pieces are paragraphs or items, not wrapped lines.
_MAX_WRAP_WIDTH = 44


def unwrap_cjk(text: str) -> str:
    """Remove the spaces a PDF extractor leaves where a narrow cell wrapped CJK text.

    A space is a wrap space when the text before it filled the cell's width: the
    pieces between spaces are then nearly equally wide (their widest is the column
    width). A short piece ends a paragraph or item, so the space after it stays.
    A space between two Latin letters or digits always stays. Needs at least two
    spaces (three pieces) of evidence.
    """
    if text.count(" ") < 2:
        return text
    pieces = text.split(" ")
    widths = [display_width(p) for p in pieces]
    column = max(widths[:-1])
    if column > _MAX_WRAP_WIDTH or column < 4:
        return text
    out = [pieces[0]]
    for i in range(1, len(pieces)):
        before, after = pieces[i - 1], pieces[i]
        full = widths[i - 1] >= column - 4
        latin_pair = bool(before) and bool(after) and before[-1].isascii() and after[0].isascii()
        latin_pair = latin_pair and before[-1].isalnum() and after[0].isalnum()
        if full and not latin_pair:
            out.append(after)
        else:
            out.append(" " + after)
    return "".join(out)


def join_name(text: str) -> str:
    """A heading (task name) printed in a merged cell: every space next to a CJK character is a wrap."""
    text = text.replace("\n", " ")
    out = []
    for i, ch in enumerate(text):
        if ch == " ":
            prev = text[i - 1] if i else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if (prev and _is_wide(prev)) or (nxt and _is_wide(nxt)):
                continue
        out.append(ch)
    return "".join(out).strip()


@lru_cache(maxsize=8192)
def norm_key(text: str) -> str:
    """Text for matching labels: NFKC, no white space, no trailing colon."""
    s = unicodedata.normalize("NFKC", text)
    s = "".join(s.split())
    return s.rstrip(":")
