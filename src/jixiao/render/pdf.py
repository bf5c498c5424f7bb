"""The evaluation as PDF: the HTML document printed through WeasyPrint (A4, CJK font embedded)."""

from __future__ import annotations

import os
from functools import cache

from jixiao.fileio import write_atomic
from jixiao.render.html import render_html
from jixiao.scoring.types import Evaluation

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
    from weasyprint.text.ffi import ffi, fontconfig

    config = fontconfig.FcInitLoadConfigAndFonts()
    try:
        for family in CJK_FAMILIES:
            if _has_family(ffi, fontconfig, config, family):
                return family
    finally:
        fontconfig.FcConfigDestroy(config)
    return None


def _has_family(ffi, fontconfig, config, family: str) -> bool:  # type: ignore[no-untyped-def]
    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", family.encode())
        fontconfig.FcConfigSubstitute(config, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(config, pattern, result)
        if match == ffi.NULL:
            return False
        try:
            value = ffi.new("FcChar8 **")
            n = 0
            # fontconfig falls back to some other font when the family is missing:
            # the family is there only if the match carries its name.
            while fontconfig.FcPatternGetString(match, b"family", n, value) == 0:
                if ffi.string(value[0]).decode("utf-8", "replace").casefold() == family.casefold():
                    return True
                n += 1
            return False
        finally:
            fontconfig.FcPatternDestroy(match)
    finally:
        fontconfig.FcPatternDestroy(pattern)


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"不允许加载外部资源：{url}")


def render_pdf(ev: Evaluation, path: str | os.PathLike[str]) -> None:
    """Print the HTML rendering of ``ev`` to an A4 PDF at ``path`` (written atomically).

    Raises :class:`MissingFontError` when no CJK font is installed, rather than
    writing a PDF whose Chinese text would be blank boxes.
    """
    if cjk_font() is None:
        raise MissingFontError(
            "未找到可用的中文字体（需要 " + "、".join(CJK_FAMILIES[:3]) + " 之一），"
            f"无法生成 PDF，否则中文会显示为方框。请先安装字体，例如：apt-get install {FONT_PACKAGE}"
        )
    from weasyprint import HTML

    document = HTML(string=render_html(ev), url_fetcher=_no_fetch).render()
    write_atomic(path, document.write_pdf())
