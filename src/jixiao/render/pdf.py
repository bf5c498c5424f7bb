"""The evaluation as PDF: the print HTML document through WeasyPrint (A4, CJK font embedded).

The official table is cut into pages by ``render.pages`` before WeasyPrint sees it, so
that headers repeat per section, continued tasks reprint their name with （续） and no
header is left at a page foot. Text is measured with the CJK font's own glyph widths.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date
from functools import cache

from jixiao.cells import char_width
from jixiao.fileio import write_atomic
from jixiao.limits import LimitError, limits
from jixiao.render.html import print_html
from jixiao.scoring.types import Evaluation

log = logging.getLogger(__name__)

# The families the stylesheet asks for, in its order; any one of them prints Chinese.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
)
FONT_PACKAGE = "fonts-noto-cjk"


class MissingFontError(RuntimeError):
    """No CJK font is installed: a PDF would print every Chinese character as a blank box."""


@cache
def cjk_font() -> str | None:
    """The first of :data:`CJK_FAMILIES` fontconfig (hence WeasyPrint) can use, or None."""
    for family in CJK_FAMILIES:
        # fontconfig falls back to some other font when the family is missing:
        # the family is there only if the match carries its name.
        names = {name.casefold() for name in _matched(family, b"family")}
        if family.casefold() in names:
            return family
    return None


@cache
def _font_file(family: str) -> str | None:
    """The file fontconfig uses for ``family``."""
    files = _matched(family, b"file")
    return files[0] if files else None


def _matched(family: str, key: bytes) -> list[str]:
    """The values of ``key`` (family, file …) of the font fontconfig matches to ``family``."""
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return []
        try:
            value = ffi.new("FcChar8 **")
            out = []
            while fontconfig.FcPatternGetString(match, key, len(out), value) == 0:
                out.append(ffi.string(value[0]).decode("utf-8", "replace"))
            return out
        finally:
            fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)
        fontconfig.FcConfigDestroy(config)


def _fallback_em(ch: str) -> float:
    return 1.0 if char_width(ch) == 2 else 0.62


@cache
def glyph_advance(family: str) -> Callable[[str], float]:
    """A character's advance width in em in ``family`` (generous guesses for the rest)."""
    path = _font_file(family)
    if path is None:
        return _fallback_em
    try:
        font = _open_font(path, family)
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        upm = font["head"].unitsPerEm
    except Exception as e:  # an unreadable font: measure generously instead
        log.warning("cannot read glyph widths of %s: %s", family, e)
        return _fallback_em
    widths: dict[str, float] = {}

    def advance(ch: str) -> float:
        w = widths.get(ch)
        if w is None:
            glyph = cmap.get(ord(ch))
            w = metrics[glyph][0] / upm if glyph in metrics else _fallback_em(ch)
            w = max(w, 0.0)
            widths[ch] = w
        return w

    return advance


def _open_font(path: str, family: str):  # type: ignore[no-untyped-def]
    """The font of ``family`` in a font file or collection (.ttc)."""
    from fontTools.ttLib import TTCollection, TTFont

    if not path.lower().endswith((".ttc", ".otc")):
        return TTFont(path, lazy=True)
    fonts = TTCollection(path, lazy=True).fonts
    for font in fonts:
        names = {font["name"].getDebugName(i) for i in (1, 16)}
        if family in names:
            return font
    return fonts[0]


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"不允许加载外部资源：{url}")


def render_pdf(
    ev: Evaluation, path: str | os.PathLike[str], *, generated: date | None = None
) -> None:
    """Print ``ev`` to an A4 PDF at ``path`` (written atomically).

    Raises :class:`MissingFontError` when no CJK font is installed, rather than
    writing a PDF whose Chinese text would be blank boxes.
    """
    write_atomic(path, pdf_bytes(ev, generated=generated))


def pdf_bytes(ev: Evaluation, *, generated: date | None = None) -> bytes:
    """The PDF of ``ev``. The table's pages are planned before printing; should the
    printed table take more pages than planned (a line wrapped where our measure did
    not expect), it is planned again with narrower lines."""
    family = cjk_font()
    if family is None:
        raise MissingFontError(
            "未找到可用的中文字体（需要 " + "、".join(CJK_FAMILIES[:3]) + " 之一），"
            f"无法生成 PDF，否则中文会显示为方框。请先安装字体，例如：apt-get install {FONT_PACKAGE}"
        )
    from weasyprint import HTML

    advance = glyph_advance(family)
    document = None
    for widen in (1.0, 1.08):
        html, planned = print_html(ev, lambda ch, k=widen: advance(ch) * k, generated=generated)
        if planned > limits().max_pdf_pages:  # before the printer spends minutes on it
            raise LimitError("max_pdf_pages", limits().max_pdf_pages, planned, at="要生成的 ")
        document = HTML(string=html, url_fetcher=_no_fetch).render()
        if form_pages(document) <= planned:
            break
        log.info("the printed table took more pages than planned; measuring again")
    assert document is not None
    return document.write_pdf()


def form_pages(document) -> int:  # type: ignore[no-untyped-def]
    """How many pages of a rendered print document hold the official table (and sign-off)."""
    first = next(
        (i for i, page in enumerate(document.pages) if "c-department" in page.anchors), None
    )
    if first is None:
        return 0
    return len(document.pages) - first
