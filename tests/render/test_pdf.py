"""render_pdf on the real evaluations of the seed and the practice form: A4, CJK font
embedded, text extractable, and print that reads — each page's section heads, no head at
a page foot, continued tasks named with （续）, running header and footer, page plan kept."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pypdf
import pytest

from jixiao.model import Form
from jixiao.render import MissingFontError, render_pdf
from jixiao.render import pdf as pdf_module
from jixiao.render.html import BODY_W, CAPACITY, COLUMNS, MARGIN_SIDE, print_html, print_pages
from jixiao.render.layout import build_layout
from jixiao.render.pages import KEEP_BLANK
from jixiao.scoring import evaluate
from jixiao.scoring.types import Evaluation

from .conftest import load_form
from .helpers import squash

GENERATED = date(2024, 3, 15)


@pytest.fixture(scope="module", params=["seed.json", "practice-1.json"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    ev = evaluate(load_form(request.param))
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    render_pdf(ev, path, generated=GENERATED)
    return ev, path


@cache
def _pages(path: Path) -> list[list[str]]:
    """Each page's text lines in drawing order, without the running header and footer."""
    out = []
    for page in pypdf.PdfReader(path).pages:
        lines = [squash(x) for x in page.extract_text().splitlines()]
        out.append([x for x in lines if x])
    return out


def _version() -> str:
    import jixiao

    return squash(jixiao.__version__)


def _body(lines: list[str], ev: Evaluation) -> list[str]:
    """The page's lines without the running header (department, year) and footer."""
    header = squash(ev.form.department) + f"{ev.form.year}年度"
    footer = re.compile(
        rf"(生成日期2024-03-15)?(第\d+页，共\d+页)?(jixiao{re.escape(_version())})?"
    )
    return [x for x in lines if x != header and not footer.fullmatch(x)]


def test_pdf_is_an_a4_landscape_document(printed) -> None:
    _, path = printed
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_pdf_text_holds_the_department_and_texts(printed) -> None:
    ev, path = printed
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = squash(out)
    assert squash(ev.form.department) in text
    assert "部门整体支出绩效自评表" in text
    for k in ev.form.key_indicators:
        assert squash(k.name) in text
    for v in ev.verdicts:
        assert v.verdict.label in text


def test_every_page_has_the_running_header_and_footer(printed) -> None:
    ev, path = printed
    pages = _pages(path)
    for n, lines in enumerate(pages, start=1):
        assert f"生成日期2024-03-15第{n}页，共{len(pages)}页jixiao{_version()}" in lines
        if n > 1:  # the first page has the title instead
            assert squash(ev.form.department) + f"{ev.form.year}年度" in lines


MM = 72 / 25.4
# How the column-head rows of the official table end, as extracted text runs.
HEADS: tuple[str, ...] = (
    squash("目标完成情况 关键指标 指标完成情况 任务涉及资金"),
    squash("关键指标 预期实现值 指标完成情况"),
    squash("年度整体目标 整体目标完成情况"),
)


@dataclass
class Chunk:
    text: str
    x: float  # points from the left edge
    y: float  # points from the bottom edge


def _is_head(c: Chunk) -> bool:
    return c.text.endswith(HEADS)


@cache
def _chunks(path: Path) -> list[list[Chunk]]:
    """Each page's text runs with their positions, without the running header and footer."""
    pages = []
    for page in pypdf.PdfReader(path).pages:
        out: list[Chunk] = []

        def visit(text, cm, tm, font, size, out=out):  # type: ignore[no-untyped-def]
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                out.append(Chunk(squash(text), x, y))

        page.extract_text(visitor_text=visit)
        height = float(page.mediabox.height)
        pages.append([c for c in out if 14 * MM < c.y < height - 16 * MM])
    return pages


def _numbers(chunks: list[Chunk]) -> list[str]:
    """The 序号 column's numbers on a page, top to bottom."""
    left = (MARGIN_SIDE + COLUMNS[0] * BODY_W) * MM
    found = [c for c in chunks if c.x < left and re.fullmatch(r"\d+(\.\d+)?", c.text)]
    return [c.text for c in sorted(found, key=lambda c: -c.y)]


def test_no_page_ends_with_a_head_row(printed) -> None:
    _, path = printed
    heads = 0
    for n, chunks in enumerate(_chunks(path), start=1):
        for head in (c for c in chunks if _is_head(c)):
            heads += 1
            below = [c for c in chunks if c.y < head.y - 4]
            assert below, f"page {n}: a head row with nothing under it"
        lowest = min(chunks, key=lambda c: c.y)
        assert not re.fullmatch(r"(检查发现|复核意见|评分明细|逐项得分).*", lowest.text), n
    assert heads >= 3


def test_each_page_of_the_task_table_begins_with_its_head(printed) -> None:
    _, path = printed
    pages = [p for p in _chunks(path) if any("." in x for x in _numbers(p))]
    assert len(pages) >= 2
    for chunks in pages:
        numbers = set(_numbers(chunks))
        rows = [c.y for c in chunks if c.text in numbers]
        heads = [c.y for c in chunks if _is_head(c)]
        tasks_head = [c.y for c in chunks if c.text.endswith(HEADS[0])]
        assert heads and max(heads) > max(rows)  # no row stands above the first head
        assert tasks_head and tasks_head[0] > max(
            c.y for c in chunks if "." in c.text and c.text in numbers
        )


def test_a_continued_task_reprints_its_name(printed) -> None:
    ev, path = printed
    tasks = ev.form.tasks
    seen: set[int] = set()
    continued = 0
    for chunks in _chunks(path):
        numbers = [x for x in _numbers(chunks) if "." in x]
        if not numbers:
            continue
        text = "".join(c.text for c in sorted(chunks, key=lambda c: (-c.y, c.x)))
        n, m = (int(x) for x in numbers[0].split("."))
        if m > 1 or n in seen:  # the page's first task row continues a task begun before
            continued += 1
            assert squash(tasks[n - 1].name) + "（续）" in "".join(c.text for c in chunks), text[
                :80
            ]
        seen.update(int(x.split(".")[0]) for x in numbers)
    assert continued >= 1  # both forms have a task cut by a page break


def test_the_printed_pages_are_the_planned_pages(printed) -> None:
    ev, path = printed
    layout = build_layout(ev)
    plan = print_pages(layout, pdf_module.glyph_advance(pdf_module.cjk_font()))
    _, planned = print_html(ev, pdf_module.glyph_advance(pdf_module.cjk_font()))
    pages = _pages(path)
    first = next(i for i, lines in enumerate(pages) if lines[0].startswith("单位："))
    assert len(pages) - first == planned
    # no page is left more than a fifth blank to keep a group whole
    for page in plan[:-1]:
        assert page.height >= (1 - KEEP_BLANK) * CAPACITY


def test_pdf_embeds_a_cjk_font(printed) -> None:
    _, path = printed
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    cjk = [r for r in rows if any(k in r[0] for k in ("CJK", "SourceHan", "WenQuanYi"))]
    assert cjk, out
    # columns: name type... encoding emb sub uni object ID — emb is the 5th from the end
    assert all(r[-5] == "yes" for r in rows), out  # nothing left for the viewer to substitute


def test_internal_links_reach_their_cells(printed) -> None:
    _, path = printed
    reader = pypdf.PdfReader(path)
    links = [
        a.get_object()
        for page in reader.pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert links  # findings and score items link to their cells


def test_a_cjk_font_is_found() -> None:
    assert pdf_module.cjk_font() in pdf_module.CJK_FAMILIES


def test_no_cjk_font_is_a_clear_error(
    seed_eval: Evaluation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "cjk_font", lambda: None)
    target = tmp_path / "x.pdf"
    with pytest.raises(MissingFontError, match=r"中文字体.*fonts-noto-cjk"):
        render_pdf(seed_eval, target)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_pdf_replaces_an_old_file_whole(tmp_path: Path) -> None:
    ev = evaluate(Form(department="某局", year=2023))
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    render_pdf(ev, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


OTHER_FORMS = sorted((Path(__file__).parent.parent / "data" / "generated").glob("*.json"))


@pytest.mark.parametrize("path", OTHER_FORMS, ids=lambda p: p.stem)
def test_other_departments_print_as_planned(path: Path) -> None:
    """Forms of other departments: the table takes exactly the pages planned for it."""
    import json

    from weasyprint import HTML

    ev = evaluate(Form.from_shared(json.loads(path.read_text(encoding="utf-8"))))
    advance = pdf_module.glyph_advance(pdf_module.cjk_font())
    html, planned = print_html(ev, advance)
    document = HTML(string=html).render()
    assert pdf_module.form_pages(document) == planned
