"""render_pdf: text is extractable, the CJK font is embedded, no font means a clear error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.model import Form
from jixiao.render import MissingFontError, render_pdf
from jixiao.render import pdf as pdf_module
from jixiao.scoring.types import Evaluation

from .helpers import squash

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (Debian poppler-utils) is not installed"
)
needs_pdffonts = pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="pdffonts (Debian poppler-utils) is not installed"
)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import load_form, make_evaluation

    ev = make_evaluation(
        load_form("seed.json"),
        not_met={4: "完成值未达到预期"},
        undetermined={0: "预期为“优”，完成情况未说明等级"},
        findings=[],
        overrides={},
    )
    path = tmp_path_factory.mktemp("pdf") / "seed.pdf"
    render_pdf(ev, path)
    return path


def test_pdf_is_an_a4_document(seed_pdf: Path) -> None:
    data = seed_pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(seed_pdf)
    assert len(reader.pages) >= 3
    box = reader.pages[0].mediabox
    w, h = sorted((float(box.width), float(box.height)))
    assert (round(w), round(h)) == (595, 842)  # A4 in points


@needs_pdftotext
def test_pdf_text_holds_the_department_and_texts(seed_pdf: Path, seed_form: Form) -> None:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(seed_pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = squash(out)
    assert "广州市黄埔区人民政府文冲街道办事处" in text
    assert "部门整体支出绩效自评表" in text
    assert "15,616.28" in text
    for k in seed_form.key_indicators:
        assert squash(k.name) in text
    assert "未达成" in text and "无法判断" in text


@needs_pdffonts
def test_pdf_embeds_a_cjk_font(seed_pdf: Path) -> None:
    out = subprocess.run(
        ["pdffonts", str(seed_pdf)], capture_output=True, check=True, text=True
    ).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    cjk = [r for r in rows if any(k in r[0] for k in ("CJK", "SourceHan", "WenQuanYi"))]
    assert cjk, out
    # columns: name type... encoding emb sub uni object ID — emb is the 5th from the end
    assert all(r[-5] == "yes" for r in cjk), out
    assert all(r[-5] == "yes" for r in rows), out  # nothing left for the viewer to substitute


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


def test_pdf_replaces_an_old_file_whole(seed_eval: Evaluation, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    render_pdf(seed_eval, target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
