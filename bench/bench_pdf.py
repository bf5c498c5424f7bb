"""PDF import benchmark: jixiao's whole-form import against bare extraction, on the same PDFs.

For each PDF, per page (median of several runs, each timing the whole file):

* jixiao: ``import_pdf`` — characters, rulings, cell grids, page joins and the form;
* pypdfium2: bare text extraction (open, every page's text, close);
* pdfplumber: bare ``extract_tables`` of every page (open, tables, close).

PDFs: the practice form printed by LibreOffice from Excel and from Word, two
held-out prints (LibreOffice Calc fitted to the page width, whose own page breaks
clip merged cells; Chromium), jixiao's own PDF report of the seed (WeasyPrint),
and two department forms printed by the tests' generator (WeasyPrint, with page
breaks, restarted cells, running headers).

Budget (issue #8): jixiao ≤ 50 ms a page (median over the PDFs), and at most one
third of pdfplumber's time. Then ``jixiao import DIR -o OUT`` of a folder of 200
PDFs (the two practice prints and the browser print, alternately) with all cores:
forms per second and the peak memory of one process.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from bench.peak import run_peak  # noqa: E402
from tests.importers.pdfgen import Style, render  # noqa: E402

from jixiao.importers.pdf import import_pdf  # noqa: E402
from jixiao.model import Form  # noqa: E402
from jixiao.render import render_pdf  # noqa: E402
from jixiao.scoring import evaluate  # noqa: E402

# pdfminer (under pdfplumber, the comparison) logs one line per font it cannot measure in
# Chromium's PDFs; the comparison's figures are what matter here.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

DATA = ROOT / "tests" / "data"
RUNS = 7
JIXIAO = Path(sys.executable).parent / "jixiao"


def pdfs() -> dict[str, bytes]:
    out = {
        "practice form_xlsx.pdf (LibreOffice Calc)": (
            DATA / "office/practice-1/form_xlsx.pdf"
        ).read_bytes(),
        "practice form_docx.pdf (LibreOffice Writer)": (
            DATA / "office/practice-1/form_docx.pdf"
        ).read_bytes(),
    }
    heldout = DATA / "office" / "heldout"
    out["held-out water (Calc, fit to width)"] = (
        heldout / "water-portrait-fit_xlsx.pdf"
    ).read_bytes()
    out["held-out street (Chromium)"] = (heldout / "street-practice_html_chromium.pdf").read_bytes()
    seed = Form.from_shared(json.loads((DATA / "seed.json").read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "seed.pdf"
        render_pdf(evaluate(seed), path)
        out["seed report (jixiao, WeasyPrint)"] = path.read_bytes()
    for name, style in (
        ("street", Style(split_tables=True, running=True, thead=False, border_pt=1.5)),
        ("health", Style(task_breaks=(2, 7, 12), restart="cont", valign="top")),
    ):
        gold = json.loads((DATA / "generated" / f"{name}.json").read_text(encoding="utf-8"))
        out[f"{name} form (generated, WeasyPrint)"] = render(gold, style)
    return out


def timed(fn, data: bytes) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of one call (CPU time shows a busy machine's share)."""
    wall, cpu = [], []
    for _ in range(RUNS):
        t, c = time.perf_counter(), time.process_time()
        fn(data)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def jixiao(data: bytes) -> None:
    import_pdf(data)


def bare_pdfium(data: bytes) -> None:
    doc = pdfium.PdfDocument(data)
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def bare_pdfplumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def batch(n: int) -> tuple[float, float]:
    """Seconds for `jixiao import` of a folder of n PDFs (all cores), and peak RSS in MB."""
    prints = sorted((DATA / "office" / "practice-1").glob("*.pdf"))
    with tempfile.TemporaryDirectory() as d:
        src, out = Path(d) / "in", Path(d) / "out"
        src.mkdir()
        for i in range(n):
            shutil.copy(prints[i % len(prints)], src / f"form{i:03d}.pdf")
        seconds, peak = run_peak([str(JIXIAO), "import", str(src), "-o", str(out)])
    return seconds, peak


def main() -> None:
    files = pdfs()
    rows = []
    for name, data in files.items():
        pages = len(pdfium.PdfDocument(data))
        jixiao(data)  # warm caches and imports
        ms = [
            tuple(v / pages * 1000 for v in timed(fn, data))
            for fn in (jixiao, bare_pdfium, bare_pdfplumber)
        ]
        rows.append((name, pages, ms))
    print(f"ms a page, wall clock (CPU): {RUNS} runs each, median")
    print(f"{'PDF':46} {'pages':>5} {'jixiao':>14} {'pypdfium2':>14} {'pdfplumber':>14}")
    for name, pages, ms in rows:
        cells = " ".join(f"{w:7.1f} ({c:4.1f})" for w, c in ms)
        print(f"{name:46} {pages:5d} {cells}")
    med = [[statistics.median(r[2][k][i] for r in rows) for i in range(2)] for k in range(3)]
    (jw, jc), (pw, pc), (qw, qc) = med
    print(
        f"median a page: jixiao whole-form import {jw:.1f} ms (CPU {jc:.1f})  [budget 50 ms]; "
        f"pypdfium2 bare text {pw:.1f} ms (CPU {pc:.1f}); "
        f"pdfplumber extract_tables {qw:.1f} ms (CPU {qc:.1f})"
    )
    print(f"jixiao / pdfplumber: {jw / qw:.2f} (CPU {jc / qc:.2f})  [budget ≤ 0.33]")
    seconds, peak = batch(200)
    print(
        f"jixiao import of a folder of 200 PDFs (5 pages each), all cores: {seconds:.2f} s = "
        f"{200 / seconds:.1f} forms/s; peak memory of one process {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
