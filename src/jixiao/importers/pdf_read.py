"""PDF layer 1: what is printed on each page — characters with their boxes, and ruling lines.

pypdfium2 (PDFium) opens the document; every page yields

* ``Char``: one printed character and its loose box (the font's ascent to descent,
  so all characters of a line share one band), in points, top-down coordinates
  (y grows downwards from the top of the page as it is displayed, rotation applied);
* ``Seg``: one horizontal or vertical ruling, from a stroked line or rectangle
  edge, or from a thin filled rectangle (LibreOffice and many printers draw cell
  borders that way). Curves, diagonals, invisible (white) strokes and large filled
  areas (cell shading, backgrounds) are not rulings.

The document is refused with one plain Chinese sentence (``FormImportError``) when
it cannot be opened (damaged, truncated beyond repair), needs a password, has more
pages than the limit, or prints more objects on a page than any form does. The
limits are ``jixiao.limits``' ``max_pdf_pages`` (default 300, environment variable
``JIXIAO_MAX_PDF_PAGES``) and ``max_pdf_objects`` (default 200,000 a page,
``JIXIAO_MAX_PDF_OBJECTS``).
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as c

from jixiao.importers.base import FormImportError
from jixiao.limits import limits

# Form XObjects nest; a form never needs more than a few levels.
MAX_FORM_DEPTH = 8
# A filled rectangle at most this thick (points) is a ruling, not an area.
THIN = 2.5
# A ruling shorter than this (points) is a tick or a dot, not a border.
MIN_RULE = 2.0


@dataclass(slots=True)
class Char:
    """One printed character: its text, loose box (points, top-down) and font size."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    pt: float = 0.0

    @property
    def size(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Seg:
    """A ruling: horizontal (``y0 == y1``) or vertical (``x0 == x1``), points, top-down."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.bottom - self.top <= self.x1 - self.x0


@dataclass
class Page:
    """What one page prints: its size, characters, rulings and whether it holds images."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    segs: list[Seg] = field(default_factory=list)
    images: int = 0


# -- the document ---------------------------------------------------------------


def open_pdf(data: bytes, path: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF, or raise FormImportError saying plainly why it cannot be read."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == c.FPDF_ERR_PASSWORD:
            raise FormImportError(
                path, "PDF 文件已加密，需要密码才能打开；请提供未加密的文件"
            ) from None
        if code == c.FPDF_ERR_SECURITY:
            raise FormImportError(path, "PDF 文件使用了不支持的加密方式，无法打开") from None
        raise FormImportError(path, "PDF 文件已损坏或不完整，无法打开") from None
    n = len(doc)
    if n > limits().max_pdf_pages:
        doc.close()
        raise FormImportError(path, limits().exceeded("max_pdf_pages", n).problem)
    if n == 0:
        doc.close()
        raise FormImportError(path, "PDF 文件没有任何页面")
    return doc


def read_pages(data: bytes, path: str | None = None) -> Iterator[Page]:
    """Every page of the PDF, in order (the document is closed when the iteration ends)."""
    doc = open_pdf(data, path)
    try:
        limit = limits().max_pdf_objects
        for i in range(len(doc)):
            yield read_page(doc, i, limit, path)
    finally:
        doc.close()


def read_page(doc: pdfium.PdfDocument, index: int, limit: int, path: str | None) -> Page:
    raw = c.FPDF_LoadPage(doc.raw, index)
    if not raw:
        raise FormImportError(path, f"PDF 第{index + 1}页已损坏，无法读取")
    try:
        # PDFium gives the page's size as displayed (rotation applied), but characters
        # and objects in user space: map them to the page as displayed.
        width = c.FPDF_GetPageWidthF(raw)
        height = c.FPDF_GetPageHeightF(raw)
        rotation = c.FPDFPage_GetRotation(raw) % 4
        user_w, user_h = (height, width) if rotation % 2 else (width, height)
        to_view = _view_transform(user_w, user_h, rotation)
        page = Page(index + 1, width, height)
        _read_objects(page, raw, to_view, limit, path)
        tp = c.FPDFText_LoadPage(raw)
        if not tp:
            return page
        try:
            page.chars = _read_chars(tp, to_view)
        finally:
            c.FPDFText_ClosePage(tp)
        return page
    finally:
        c.FPDF_ClosePage(raw)


def _view_transform(w: float, h: float, rotation: int):  # type: ignore[no-untyped-def]
    """PDF user space (w × h, y up) → the page as displayed (y down), /Rotate 0, 90, 180, 270.

    /Rotate turns the page clockwise: at 90° the user space's left edge is the top.
    """
    if rotation == 0:
        return lambda x, y: (x, h - y)
    if rotation == 1:
        return lambda x, y: (y, x)
    if rotation == 2:
        return lambda x, y: (w - x, y)
    return lambda x, y: (h - y, w - x)


def _box(to_view, left: float, bottom: float, right: float, top: float):  # type: ignore[no-untyped-def]
    xa, ya = to_view(left, bottom)
    xb, yb = to_view(right, top)
    return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


# -- characters -------------------------------------------------------------------


def _read_chars(tp, to_view) -> list[Char]:  # type: ignore[no-untyped-def]
    n = c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    buf = (ctypes.c_ushort * (n + 1))()
    got = c.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(buf)[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP: one index, two UTF-16 units
        text = "".join(chr(c.FPDFText_GetUnicode(tp, i) or 0xFFFD) for i in range(n))
    rect = c.FS_RECTF()
    pr = ctypes.byref(rect)
    out: list[Char] = []
    append = out.append
    loose = c.FPDFText_GetLooseCharBox
    font_size = c.FPDFText_GetFontSize
    upright = to_view(0.0, 0.0)[0] == 0.0 and to_view(1.0, 0.0)[0] == 1.0  # /Rotate 0
    height = to_view(0.0, 0.0)[1]
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00":
            continue
        if ch in "\ufffe\x02":
            ch = "-"  # PDFium's mark for a hyphen ending a line: in Chinese text, real text
        if not loose(tp, i, pr):
            continue
        if upright:
            left, right, top, bottom = (
                rect.left,
                rect.right,
                height - rect.top,
                height - rect.bottom,
            )
            if left > right:
                left, right = right, left
            if top > bottom:
                top, bottom = bottom, top
        else:
            left, top, right, bottom = _box(to_view, rect.left, rect.bottom, rect.right, rect.top)
        append(Char(ch, left, top, right, bottom, font_size(tp, i)))
    return out


# -- rulings ---------------------------------------------------------------------


def _read_objects(page: Page, raw, to_view, limit: int, path: str | None) -> None:  # type: ignore[no-untyped-def]
    count = 0
    ident = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    stack = [(raw, None, ident, 0)]  # (page or form, is_form, matrix to page space, depth)
    box = [ctypes.c_float() for _ in range(4)]
    ptrs = tuple(ctypes.byref(v) for v in box)
    while stack:
        holder, form, mat, depth = stack.pop()
        n = c.FPDFFormObj_CountObjects(holder) if form else c.FPDFPage_CountObjects(holder)
        count += max(n, 0)
        if count > limit:
            problem = (
                limits().exceeded("max_pdf_objects", None, at=f"PDF 第{page.number}页的").problem
            )
            raise FormImportError(path, problem)
        for k in range(n):
            obj = c.FPDFFormObj_GetObject(holder, k) if form else c.FPDFPage_GetObject(holder, k)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_PATH:
                _path(page, obj, mat, to_view, ptrs, box)
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                page.images += 1
            elif kind == c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                m = c.FS_MATRIX()
                c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
                stack.append((obj, True, _compose((m.a, m.b, m.c, m.d, m.e, m.f), mat), depth + 1))


def _compose(inner, outer):  # type: ignore[no-untyped-def]
    """The matrix applying ``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c_, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c_ * A + d * C,
        c_ * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m, x: float, y: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def _visible(obj, stroke: bool) -> bool:  # type: ignore[no-untyped-def]
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    get = c.FPDFPageObj_GetStrokeColor if stroke else c.FPDFPageObj_GetFillColor
    if not get(obj, ctypes.byref(r), ctypes.byref(g), ctypes.byref(b), ctypes.byref(a)):
        return True
    if a.value == 0:
        return False
    return not (r.value >= 245 and g.value >= 245 and b.value >= 245)


def _path(page: Page, obj, mat, to_view, ptrs, box) -> None:  # type: ignore[no-untyped-def]
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return  # a clipping path or an invisible shape
    if not c.FPDFPageObj_GetBounds(obj, *ptrs):
        return
    left, bottom, right, top = (v.value for v in box)
    if mat[0] != 1.0 or mat[3] != 1.0 or mat[1] or mat[2] or mat[4] or mat[5]:
        xa, ya = _apply(mat, left, bottom)
        xb, yb = _apply(mat, right, top)
        left, right, bottom, top = min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb)
    x0, y0, x1, y1 = _box(to_view, left, bottom, right, top)
    w, h = x1 - x0, y1 - y0
    if min(w, h) <= THIN:
        # A line (stroked) or a thin filled bar: one ruling along its middle.
        if max(w, h) < MIN_RULE or not _visible(obj, bool(stroke.value)):
            return
        if w >= h:
            y = (y0 + y1) / 2
            page.segs.append(Seg(x0, y, x1, y))
        else:
            x = (x0 + x1) / 2
            page.segs.append(Seg(x, y0, x, y1))
        return
    if not stroke.value or not _visible(obj, True):
        return  # a filled area: shading or a background, not a border
    _stroked_edges(page, obj, mat, to_view)


def _stroked_edges(page: Page, obj, mat, to_view) -> None:  # type: ignore[no-untyped-def]
    """The axis-parallel straight edges of a stroked path (rectangles, polylines)."""
    m = c.FS_MATRIX()
    c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    full = _compose((m.a, m.b, m.c, m.d, m.e, m.f), mat)
    n = c.FPDFPath_CountSegments(obj)
    x = ctypes.c_float()
    y = ctypes.c_float()
    start = prev = None
    for i in range(n):
        s = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(s, ctypes.byref(x), ctypes.byref(y))
        pt = to_view(*_apply(full, x.value, y.value))
        kind = c.FPDFPathSegment_GetType(s)
        if kind == c.FPDF_SEGMENT_MOVETO:
            start = prev = pt
            continue
        if kind == c.FPDF_SEGMENT_LINETO and prev is not None:
            _edge(page, prev, pt)
        prev = pt
        if c.FPDFPathSegment_GetClose(s) and start is not None:
            _edge(page, pt, start)
            prev = start


def _edge(page: Page, a: tuple[float, float], b: tuple[float, float]) -> None:
    (xa, ya), (xb, yb) = a, b
    if abs(ya - yb) <= 0.5 and abs(xa - xb) >= MIN_RULE:
        page.segs.append(Seg(min(xa, xb), ya, max(xa, xb), ya))
    elif abs(xa - xb) <= 0.5 and abs(ya - yb) >= MIN_RULE:
        page.segs.append(Seg(xa, min(ya, yb), xa, max(ya, yb)))
