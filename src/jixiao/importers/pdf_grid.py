"""PDF layer 2: each page's tables as grids of cells, and the text printed outside them.

From the rulings of ``pdf_read``:

1. collinear rulings are snapped together (double borders and borders drawn
   cell by cell become one line) and joined where they touch;
2. rulings that cross or touch form one table (connected components); a table
   needs at least two horizontal and two vertical rulings;
3. the table's column edges are its vertical rulings' positions and its outer
   ends, its row edges likewise; two neighbouring grid boxes belong to one cell
   when no ruling separates them (a merged cell spans rows or columns);
4. every character goes to the cell holding its centre, or, outside every
   table, to the page's free text; characters are grouped into lines (a line is
   the band of the characters' loose boxes), lines into the cell's text;
5. text a printer lets run out of the bottom of a table's last cells (a cell cut
   by a page break, not clipped) goes back to those cells.

Wrapped lines of a cell are joined without a space (CJK), or with one between
two Latin words or numbers; a line that ends well before the cell's widest line
ends a paragraph (a newline).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from jixiao.cells import char_width
from jixiao.importers.pdf_read import Char, Page, Seg

# Rulings this close (points) are one line; ends this close touch.
SNAP = 2.0
JOIN = 3.0
# Text lines separated by more than this many line heights are separate phrases.
PHRASE_GAP = 2.0


@dataclass(slots=True)
class Line:
    """One printed line of text: its characters' union box and the line height."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float  # loose box height: the font size with its ascent and descent
    em: float  # width of its widest character
    pt: float  # the largest font size of its characters


@dataclass
class Cell:
    """A cell of a table grid: rows r0..r1-1 and columns c0..c1-1, its box and lines."""

    r0: int
    r1: int
    c0: int
    c1: int
    x0: float
    top: float
    x1: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    chars: list[Char] = field(default_factory=list, repr=False)
    cut_above: bool = False  # its text goes on from the page before (clipped away above)
    cut_below: bool = False  # its text goes on to the next page (clipped away below)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Table:
    """A ruled table: its row and column edges and its cells, in reading order."""

    xs: list[float]
    ys: list[float]
    cells: list[Cell]
    index: list[int] = field(default_factory=list, repr=False)  # grid box → cell

    def cell_at(self, r: int, j: int) -> Cell:
        """The cell covering grid box (row r, column j)."""
        return self.cells[self.index[r * (len(self.xs) - 1) + j]]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def nrows(self) -> int:
        return len(self.ys) - 1


@dataclass
class PageGrid:
    """One page: its tables (top to bottom) and the lines of text outside them."""

    number: int
    width: float
    height: float
    tables: list[Table]
    free: list[Line]
    chars: int
    images: int


def page_grid(page: Page) -> PageGrid:
    """The tables and free text of one page."""
    tables = find_tables(page.segs)
    free_chars = _assign(tables, page.chars)
    for t in tables:
        for cell in t.cells:
            cell.lines = text_lines(cell.chars)
    for t in tables:
        free_chars = _overflow(t, free_chars)
    if page.hidden:
        _mark_cut(tables, page.hidden)
    for t in tables:
        for cell in t.cells:
            cell.chars = []  # read into lines: not kept for the rest of the import
    free = text_lines(free_chars, phrase_gap=PHRASE_GAP)
    return PageGrid(
        page.number, page.width, page.height, tables, free, len(page.chars), page.images
    )


# -- a sheet printed in columns of pages -------------------------------------------------

Clip = tuple[float, float, float, float]


def _cut_sides(page: Page) -> tuple[list[float], list[float]]:
    """Where a page's text is cut at the right and at the left of its clip (x of the edge).

    A sheet too wide for the paper is printed in pages side by side: a cell or title
    running over the edge between them is drawn on both, clipped at that edge.
    """
    right, left = [], []
    for ch, (x0, top, x1, bottom) in page.hidden:
        if top <= ch.cy <= bottom:
            if ch.cx > x1:
                right.append(x1)
            elif ch.cx < x0:
                left.append(x0)
    return right, left


def _columns_of_pages(pages: list[Page], sides: list[tuple[list[float], list[float]]]):  # type: ignore[no-untyped-def]
    """The pages as rows of pages printed side by side, or None when they are not.

    Programs print a too-wide sheet down, then over (k pages of the left columns,
    then k of the next columns ...) or over, then down (m pages across, row after
    row). An arrangement fits when every page cut at its right edge has a page to
    its right and every page cut at its left edge one to its left; of those, the one
    pairing most pages cut at the right with pages cut at the left wins (a cell
    whose text stays on one side is clipped on the other page only), down then over
    first, as programs print by default.
    """
    n = len(pages)
    right = {i for i, (r, _) in enumerate(sides) if r}
    left = {i for i, (_, lf) in enumerate(sides) if lf}
    if not right or not left:
        return None
    best: tuple[int, list[list[int]]] | None = None
    for size in range(2, n + 1):
        if n % size:
            continue
        k = n // size  # size pages across each row, k rows of pages
        down_then_over = [list(range(i, n, k)) for i in range(k)]
        over_then_down = [list(range(i, i + size)) for i in range(0, n, size)]
        for rows in (down_then_over, over_then_down):
            after = {a: b for row in rows for a, b in pairwise(row)}
            before = {b for row in rows for _, b in pairwise(row)}
            if not right <= set(after) or not left <= before:
                continue
            score = sum(1 for a in right if after[a] in left)
            if score and (best is None or score > best[0]):
                best = (score, rows)
    return best[1] if best else None


def _shifted(ch: Char, dx: float) -> Char:
    return Char(ch.text, ch.x0 + dx, ch.top, ch.x1 + dx, ch.bottom, ch.pt)


def side_by_side(pages: list[Page]) -> tuple[list[Page], list[list[int]]]:
    """A sheet printed over pages side by side, as one page for each row of pages.

    The pages to the right are laid against the right edge of the page before (the
    edge where text is cut), so cells and titles cut by it are whole again. Returns
    the pages and, for each page that took others, their numbers (for a warning).
    """
    sides = [_cut_sides(p) for p in pages]
    rows = _columns_of_pages(pages, sides)
    if rows is None or all(len(r) == 1 for r in rows):
        return pages, []
    # How far a page on the right moves: from its cut left edge to the cut right edge of
    # the page before it, the same for every row of pages (the columns do not change).
    shifts: dict[int, float] = {}
    for row in rows:
        for k, (a, b) in enumerate(pairwise(row)):
            if sides[a][0] and sides[b][1]:
                edge_a = sorted(sides[a][0])[len(sides[a][0]) // 2]
                edge_b = sorted(sides[b][1])[len(sides[b][1]) // 2]
                shifts.setdefault(k, edge_a - edge_b)
    out: list[Page] = []
    joined: list[list[int]] = []
    for row in rows:
        first = pages[row[0]]
        page = Page(first.number, first.width, first.height)
        page.chars = list(first.chars)
        page.segs = list(first.segs)
        page.images = first.images
        # Text clipped at the edge between the pages is printed on the next one; text
        # clipped at a page's top or bottom still marks cells cut by a page break.
        page.hidden = [(ch, clip) for ch, clip in first.hidden if not clip[1] <= ch.cy <= clip[3]]
        dx = 0.0
        for k, i in enumerate(row[1:]):
            if k not in shifts:
                break  # no edge to lay it against: left as a page of its own
            dx += shifts[k]
            other = pages[i]
            page.chars += [_shifted(ch, dx) for ch in other.chars]
            page.segs += [Seg(s.x0 + dx, s.top, s.x1 + dx, s.bottom) for s in other.segs]
            page.images += other.images
            page.hidden += [
                (_shifted(ch, dx), (x0 + dx, top, x1 + dx, bottom))
                for ch, (x0, top, x1, bottom) in other.hidden
                if not top <= ch.cy <= bottom
            ]
            page.width += other.width
        else:
            out.append(page)
            if len(row) > 1:
                joined.append([pages[i].number for i in row])
            continue
        return pages, []  # a page with nothing to lay it against: read the pages as printed
    return out, joined


# -- rulings → tables -----------------------------------------------------------


def _cluster(values: list[float], tol: float) -> list[float]:
    """Sorted representatives of values, those within ``tol`` of the previous merged."""
    out: list[float] = []
    group: list[float] = []
    for v in sorted(values):
        if group and v - group[-1] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def _merge(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear rulings (position, start, end) snapped and joined."""
    if not segs:
        return []
    segs.sort()
    out: list[tuple[float, float, float]] = []
    groups: list[list[tuple[float, float, float]]] = [[segs[0]]]
    for s in segs[1:]:
        if s[0] - groups[-1][-1][0] <= SNAP:
            groups[-1].append(s)
        else:
            groups.append([s])
    for g in groups:
        pos = sum(s[0] for s in g) / len(g)
        spans = sorted((s[1], s[2]) for s in g)
        a, b = spans[0]
        for x, y in spans[1:]:
            if x <= b + JOIN:
                b = max(b, y)
            else:
                out.append((pos, a, b))
                a, b = x, y
        out.append((pos, a, b))
    return out


def find_tables(segs: list[Seg]) -> list[Table]:
    """The ruled tables among a page's rulings, top to bottom (cells without text yet)."""
    hs = _merge([(s.top, s.x0, s.x1) for s in segs if s.horizontal])
    vs = _merge([(s.x0, s.top, s.bottom) for s in segs if not s.horizontal])
    if len(hs) < 2 or len(vs) < 2:
        return []
    # Connected components of touching rulings.
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vs_by_x = sorted(range(len(vs)), key=lambda j: vs[j][0])
    vx = [vs[j][0] for j in vs_by_x]
    for i, (y, a, b) in enumerate(hs):
        lo = bisect_right(vx, a - JOIN - 1e-9)
        hi = bisect_right(vx, b + JOIN)
        for k in range(lo, hi):
            j = vs_by_x[k]
            _, top, bottom = vs[j]
            if top - JOIN <= y <= bottom + JOIN:
                ri, rj = find(i), find(len(hs) + j)
                if ri != rj:
                    parent[ri] = rj
    comps: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(hs)):
        comps.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(vs)):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(j)
    tables = []
    for hi_, vi_ in comps.values():
        if len(hi_) >= 2 and len(vi_) >= 2:
            t = _grid([hs[i] for i in hi_], [vs[j] for j in vi_])
            if t is not None:
                tables.append(t)
    tables.sort(key=lambda t: (t.top, t.x0))
    return tables


def _covers(spans: list[tuple[float, float]], a: float, b: float) -> bool:
    """Do the rulings ``spans`` (start, end) cover most of the interval a..b?"""
    need = (b - a) * 0.5
    return any(min(e, b) - max(s, a) >= need for s, e in spans)


def _grid(
    hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> Table | None:
    xs = _cluster([v[0] for v in vs] + [min(h[1] for h in hs), max(h[2] for h in hs)], SNAP)
    ys = _cluster([h[0] for h in hs] + [min(v[1] for v in vs), max(v[2] for v in vs)], SNAP)
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    # The rulings on each column edge and each row edge.
    vert: list[list[tuple[float, float]]] = [[] for _ in xs]
    for x, top, bottom in vs:
        vert[_nearest(xs, x)].append((top, bottom))
    horiz: list[list[tuple[float, float]]] = [[] for _ in ys]
    for y, a, b in hs:
        horiz[_nearest(ys, y)].append((a, b))
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for j in range(1, nc):
            if not _covers(vert[j], ys[r], ys[r + 1]):
                a, b = find(r * nc + j - 1), find(r * nc + j)
                if a != b:
                    parent[b] = a
    for r in range(1, nr):
        for j in range(nc):
            if not _covers(horiz[r], xs[j], xs[j + 1]):
                a, b = find((r - 1) * nc + j), find(r * nc + j)
                if a != b:
                    parent[b] = a
    boxes: dict[int, list[int]] = {}
    for r in range(nr):
        for j in range(nc):
            root = find(r * nc + j)
            box = boxes.get(root)
            if box is None:
                boxes[root] = [r, r + 1, j, j + 1]
            else:
                box[0], box[1] = min(box[0], r), max(box[1], r + 1)
                box[2], box[3] = min(box[2], j), max(box[3], j + 1)
    order = sorted(boxes, key=lambda root: (boxes[root][0], boxes[root][2]))
    number = {root: k for k, root in enumerate(order)}
    cells = [
        Cell(r0, r1, c0, c1, xs[c0], ys[r0], xs[c1], ys[r1])
        for r0, r1, c0, c1 in (boxes[root] for root in order)
    ]
    return Table(xs, ys, cells, [number[find(i)] for i in range(nr * nc)])


def _nearest(edges: list[float], v: float) -> int:
    i = bisect_right(edges, v)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - v < v - edges[i - 1] else i - 1


# -- characters → cells -----------------------------------------------------------


def _assign(tables: list[Table], chars: list[Char]) -> list[Char]:
    """Put every character into the cell holding its centre; return those outside tables."""
    free: list[Char] = []
    for t in tables:
        for cell in t.cells:
            cell.chars = []
    boxes = [
        (t.xs, t.ys, t.xs[0], t.xs[-1], t.ys[0], t.ys[-1], len(t.xs) - 1, t.index, t.cells)
        for t in tables
    ]
    for ch in chars:
        cx = (ch.x0 + ch.x1) / 2
        cy = (ch.top + ch.bottom) / 2
        for xs, ys, left, right, top, bottom, nc, index, cells in boxes:
            if left <= cx <= right and top <= cy <= bottom:
                j = bisect_right(xs, cx) - 1
                r = bisect_right(ys, cy) - 1
                if j >= nc:
                    j = nc - 1
                if r >= len(ys) - 1:
                    r = len(ys) - 2
                cells[index[r * nc + j]].chars.append(ch)
                break
        else:
            free.append(ch)
    return free


def _overflow(t: Table, free: list[Char]) -> list[Char]:
    """Text running out of the bottom of a table's last cells belongs to those cells.

    A cell cut by a page break may print its text on below the table's bottom edge
    (some printers do not clip it). A cell whose text reaches its bottom edge — its
    next line, at the cell's line pitch, would sit across or below that edge — takes
    the characters printed just below it in its type, within its columns, line
    after line.
    """
    reach: dict[int, float] = {}
    for k, cell in enumerate(t.cells):
        if cell.r1 == t.nrows and cell.lines:
            last = cell.lines[-1]
            if last.top + line_pitch(cell.lines) + 0.5 * last.size >= t.bottom:
                reach[k] = last.bottom
    if not reach:
        return free
    near: dict[int, list[Char]] = {}
    rest = []
    for ch in free:
        k = None
        if ch.cy >= t.bottom:
            k = next((k for k in reach if t.cells[k].x0 <= ch.cx <= t.cells[k].x1), None)
        if k is None:
            rest.append(ch)
        else:
            near.setdefault(k, []).append(ch)
    for k, chars in near.items():
        cell = t.cells[k]
        lines = text_lines(chars)
        pt = cell.lines[-1].pt
        n = 0
        while (
            n < len(lines)
            and lines[n].top <= reach[k] + 0.6 * lines[n].size
            and abs(lines[n].pt - pt) <= 0.1 * pt  # in the cell's type, not a page footer's
        ):
            reach[k] = lines[n].bottom
            n += 1
        taken = [ch for ch in chars if any(_inside(ch, ln) for ln in lines[:n])] if n else []
        if taken:
            # Lines again from all its characters: a printed line may straddle the edge.
            cell.chars = cell.chars + taken
            cell.lines = text_lines(cell.chars)
        if len(taken) < len(chars):
            ids = {id(ch) for ch in taken}
            rest.extend(ch for ch in chars if id(ch) not in ids)
    return rest


def _mark_cut(tables: list[Table], hidden: list[tuple[Char, Clip]]) -> None:
    """Mark the cells a page break cuts: their text is drawn on, clipped at their edge.

    A character clipped away above a cell whose top edge is the clip's top edge
    (within the cell's columns) is text of the cell printed on the page before;
    one clipped away below a cell whose bottom edge is the clip's is printed on the
    next page. Characters are taken by clip and column (a text object's characters
    share its clip), so the work grows with the clips, not the characters.
    """
    for t in tables:
        nc = len(t.xs) - 1
        seen: set[tuple[Clip, bool, int]] = set()
        for ch, clip in hidden:
            cx, cy = ch.cx, ch.cy
            x0, top, x1, bottom = clip
            if not (t.x0 <= cx <= t.x1) or top <= cy <= bottom:
                continue
            j = min(max(bisect_right(t.xs, cx) - 1, 0), nc - 1)
            key = (clip, cy < top, j)
            if key in seen:
                continue
            seen.add(key)
            for r in range(t.nrows):
                cell = t.cell_at(r, j)
                if x1 < cell.x0 or x0 > cell.x1:
                    continue
                if cy < top and abs(top - cell.top) <= SNAP:
                    cell.cut_above = True
                elif cy > bottom and abs(bottom - cell.bottom) <= SNAP:
                    cell.cut_below = True


def line_pitch(lines: list[Line]) -> float:
    """The distance from one line of a cell to the next (its smallest; 1.5 lines for one line)."""
    steps = [b.top - a.top for a, b in pairwise(lines) if b.top - a.top > 0.5 * a.size]
    return min(steps) if steps else 1.5 * lines[-1].size


def _inside(ch: Char, ln: Line) -> bool:
    return ln.top - 0.5 <= ch.cy <= ln.bottom + 0.5 and ln.x0 - 0.5 <= ch.cx <= ln.x1 + 0.5


def is_wide(ch: str) -> bool:
    return char_width(ch) == 2


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def text_lines(chars: list[Char], phrase_gap: float | None = None) -> list[Line]:
    """Characters grouped into printed lines, top to bottom, each read left to right.

    With ``phrase_gap``, a line is cut where its characters leave a gap wider than
    that many line heights, or a gap between two sizes of type (a title and a
    unit, a header and a page number).
    """
    if not chars:
        return []
    chars = sorted(chars, key=lambda ch: ch.top)
    groups: list[list[Char]] = []
    band_top = band_bottom = 0.0
    for ch in chars:
        cy = ch.cy
        if groups and band_top <= cy <= band_bottom:
            groups[-1].append(ch)
            band_bottom = max(band_bottom, ch.bottom)
        else:
            groups.append([ch])
            band_top, band_bottom = ch.top, ch.bottom
    lines = []
    for whole in groups:
        whole.sort(key=lambda ch: ch.x0)
        for g in _split(whole, phrase_gap):
            lines.append(_line(g))
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _split(g: list[Char], gap: float | None) -> list[list[Char]]:
    if gap is None:
        return [g]
    size = max(ch.size for ch in g)
    out = [[g[0]]]
    for a, b in pairwise(g):
        space = b.x0 - a.x1
        resized = max(a.pt, b.pt) > 1.25 * min(a.pt, b.pt) and space > 0.5 * min(a.size, b.size)
        if space > gap * size or resized:
            out.append([])
        out[-1].append(b)
    return out


def _line(g: list[Char]) -> Line:
    first = g[0]
    size = first.bottom - first.top
    top, x1, bottom, em, pt = first.top, first.x1, first.bottom, first.x1 - first.x0, first.pt
    for ch in g:
        if ch.bottom - ch.top > size:
            size = ch.bottom - ch.top
        if ch.top < top:
            top = ch.top
        if ch.x1 > x1:
            x1 = ch.x1
        if ch.bottom > bottom:
            bottom = ch.bottom
        if ch.x1 - ch.x0 > em:
            em = ch.x1 - ch.x0
        if ch.pt > pt:
            pt = ch.pt
    parts = [first.text]
    gap = 0.25 * size
    for a, b in pairwise(g):
        if b.x0 - a.x1 > gap and not is_wide(a.text) and not is_wide(b.text):
            parts.append(" ")
        parts.append(b.text)
    return Line("".join(parts), first.x0, top, x1, bottom, size, em, pt)


def join_wrapped(a: str, b: str) -> str:
    """Two pieces of one text, ``b`` continuing ``a``'s last line after a wrap.

    CJK text wraps anywhere and takes no space, nor does a number broken in a narrow
    cell (1,236.7 | 5); two Latin words do.
    """
    if not a or not b:
        return a or b
    if _latin(a[-1]) and _latin(b[0]) and not (a[-1].isdigit() and b[0].isdigit()):
        return f"{a} {b}"
    return a + b


def cell_text(lines: list[Line]) -> str:
    """A cell's text: wrapped lines joined; a line ending a paragraph gives a newline.

    A line ends a paragraph when it stops well short of the cell's widest line:
    by more than four characters, or by more than two after a full stop, colon
    or semicolon (a shorter gap is a word or a quotation mark that did not fit).
    """
    if not lines:
        return ""
    right = max(ln.x1 for ln in lines)
    parts = [lines[0].text]  # joined once at the end: linear in the cell's lines
    for prev, ln in pairwise(lines):
        short = (right - prev.x1) / max(prev.em, 1.0)
        if short > 4 or (short > 2 and prev.text[-1] in _PARAGRAPH_END):
            parts += ["\n", ln.text]
        else:
            last = next((p for p in reversed(parts) if p), "")
            parts.append(join_wrapped(last[-1:], ln.text)[len(last[-1:]) :])
    return "".join(parts)


_PARAGRAPH_END = frozenset("。！？；：!?;:")
