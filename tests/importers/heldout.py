"""Build the held-out office corpus: other departments' forms made as the practice files were.

    python -m tests.importers.heldout build OUTDIR [--carlito DIR | --fonts FONTCONFIG_FILE]
    python -m tests.importers.heldout measure OUTDIR [--json OUTDIR/jixiao]

Not a test: it needs LibreOffice (``soffice``) and Chromium, which are not project
dependencies. For every form of ``FORMS`` it writes, with ``practicegen``, the
workbook, the document and the web page in the practice files' template under
each of the form's page setups, then, as a department or another program would:

* prints the workbook and the document to PDF with LibreOffice
  (``soffice --headless --convert-to pdf``), as the practice PDFs were printed;
* saves them again with LibreOffice as another program's files: the workbook as
  ``xlsx`` (Calc), ``xls`` and ``html`` (Calc), the document as ``docx`` (Writer)
  and ``html`` (Writer);
* prints the web page with headless Chromium.

The practice PDFs were printed with Calibri (the sheet's default font, which sets
its column widths) replaced by the metric-compatible Carlito and 宋体 by Noto Serif
CJK. To print the same way, get Carlito without installing it
(``apt-get download fonts-crosextra-carlito && dpkg -x fonts-crosextra-carlito_*.deb
carlito``) and pass ``--carlito carlito``: a fontconfig file with both replacements
is written for LibreOffice and Chromium (with it, LibreOffice prints the practice
files as ``form_xlsx.pdf`` and ``form_docx.pdf``, text and layout alike). Without
it, the machine's own fonts are used and the columns print wider.

``manifest.json`` in OUTDIR lists every file with its gold form and how it was
made. ``measure`` imports every file of a built folder with ``jixiao import
FOLDER -o JSONDIR`` and compares each output with its gold with
``shared/tools/compare_form.py``, printing F1 and the unplaced cells per file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path

from tests.importers.practicegen import Setup, write

DATA = Path(__file__).parent.parent / "data"
HELDOUT = DATA / "heldout"

PRACTICE = Setup()
PORTRAIT_FIT = Setup(landscape=False, fit_width=True, breaks=False, doc_margins=(1134,) * 4)
NARROW = Setup(margins=(0.25, 0.25, 0.4, 0.4), scale=88, repeat_header=False, thousands=False,
               doc_margins=(567, 567, 567, 567))  # fmt: skip
PORTRAIT_SCALED = Setup(landscape=False, scale=55, margins=(0.75, 0.75, 1.0, 1.0),
                        total_row=True, cant_split=True)  # fmt: skip
# Too wide for the paper: the program prints the right-hand columns on pages of their own,
# down then over (pages 1..k, then their right halves) or over then down.
TOO_WIDE = Setup(scale=100)
TOO_WIDE_PORTRAIT = Setup(landscape=False, scale=100, over_then_down=True)
THREE_ACROSS = Setup(landscape=False, scale=100, margins=(1.5, 1.5, 0.6, 0.7))
LANDSCAPE_FIT = Setup(fit_width=True, margins=(0.7, 0.7, 0.75, 0.75), cant_split=True)

# Each form with the practice setup and others; the forms' shapes are in the README.
FORMS: dict[str, tuple[Path, tuple[tuple[str, Setup], ...]]] = {
    "seed": (
        DATA / "seed.json",
        (("practice", PRACTICE), ("portrait-fit", PORTRAIT_FIT), ("too-wide", TOO_WIDE)),
    ),
    "education": (
        DATA / "generated" / "education.json",
        (("practice", PRACTICE), ("narrow", NARROW)),
    ),
    "health": (
        DATA / "generated" / "health.json",
        (("practice", PRACTICE), ("portrait-scaled", PORTRAIT_SCALED)),
    ),
    "street": (
        DATA / "generated" / "street.json",
        (("practice", PRACTICE), ("landscape-fit", LANDSCAPE_FIT)),
    ),
    "ecology": (
        DATA / "generated" / "ecology.json",
        (("practice", PRACTICE), ("portrait-fit", PORTRAIT_FIT)),
    ),
    "changzhou": (
        HELDOUT / "changzhou.json",
        (("practice", PRACTICE), ("portrait-scaled", PORTRAIT_SCALED)),
    ),
    "market": (
        HELDOUT / "market.json",
        (("practice", PRACTICE), ("narrow", NARROW), ("too-wide-portrait", TOO_WIDE_PORTRAIT)),
    ),
    "water": (
        HELDOUT / "water.json",
        (
            ("practice", PRACTICE),
            ("portrait-fit", PORTRAIT_FIT),
            ("landscape-fit", LANDSCAPE_FIT),
            ("three-across", THREE_ACROSS),
        ),
    ),
    "culture": (
        HELDOUT / "culture.json",
        (
            ("practice", replace(PRACTICE, total_row=True, thousands=False)),
            ("portrait-scaled", PORTRAIT_SCALED),
        ),
    ),
}

# LibreOffice's "save as" filters for the other programs' files.
RESAVE = {
    "xlsx": (
        ("xlsx", "xlsx:Calc MS Excel 2007 XML"),
        ("xls", "xls"),
        ("html", "html:HTML (StarCalc)"),
    ),
    "docx": (("docx", "docx:MS Word 2007 XML"), ("html", "html:HTML (StarWriter)")),
}


def soffice(src: Path, target: str, out: Path, fonts: str | None, profile: Path) -> Path:
    """Convert ``src`` with LibreOffice into folder ``out``; returns the file written."""
    env = dict(os.environ)
    if fonts:
        env["FONTCONFIG_FILE"] = fonts
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", target, "--outdir", str(out), str(src)],
        check=True, capture_output=True, env=env, timeout=300,
    )  # fmt: skip
    ext = target.split(":")[0]
    return out / f"{src.stem}.{ext}"


def chromium(src: Path, dest: Path, fonts: str | None) -> Path:
    env = dict(os.environ)
    if fonts:
        env["FONTCONFIG_FILE"] = fonts
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         f"--print-to-pdf={dest}", src.resolve().as_uri()],
        check=True, capture_output=True, env=env, timeout=300,
    )  # fmt: skip
    return dest


def _note(
    manifest: list[dict], gold: str, path: Path, how: str, setup_name: str, setup: Setup
) -> None:
    manifest.append(
        {"file": path.name, "gold": gold, "made": how, "setup": setup_name}
        | {"page_setup": asdict(setup)}
    )


def build(out: Path, fonts: str | None) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    manifest: list[dict] = []
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        for name, (gold_path, setups) in FORMS.items():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            gold_ref = os.path.relpath(gold_path, DATA.parent.parent)
            note = partial(_note, manifest, gold_ref)

            for setup_name, setup in setups:
                stem = f"{name}-{setup_name}"
                with tempfile.TemporaryDirectory() as tmp:
                    work = Path(tmp)
                    for fmt in ("xlsx", "docx", "html"):
                        src = write(gold, fmt, setup, work / f"{stem}.{fmt}")
                        if setup_name == "practice" or fmt != "html":
                            shutil.copy(src, out / src.name)
                            note(out / src.name, "practicegen", setup_name, setup)
                        if fmt == "html":
                            if setup_name == "practice":
                                pdf = chromium(src, out / f"{stem}_html_chromium.pdf", fonts)
                                note(pdf, "Chromium --print-to-pdf", setup_name, setup)
                            continue
                        pdf = soffice(src, "pdf", work / "pdf", fonts, profile)
                        dest = out / f"{stem}_{fmt}.pdf"
                        shutil.move(pdf, dest)
                        note(dest, "LibreOffice --convert-to pdf", setup_name, setup)
                        if setup_name != "practice":
                            continue
                        for ext, target in RESAVE[fmt]:
                            saved = soffice(src, target, work / f"re-{ext}", fonts, profile)
                            dest = out / f"{stem}_{fmt}_lo.{ext}"
                            shutil.move(saved, dest)
                            note(dest, f"LibreOffice --convert-to {target}", setup_name, setup)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def measure(folder: Path, json_dir: Path) -> list[tuple[str, float | None, int, str]]:
    """F1 (compare_form.py) and unplaced cells of every file of a built folder."""
    import re
    import sys

    from jixiao.importers import FormImportError, load_form

    root = DATA.parent.parent
    tool = root.parent / "shared" / "tools" / "compare_form.py"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = [folder / m["file"] for m in manifest]
    shutil.rmtree(json_dir, ignore_errors=True)
    jixiao = Path(sys.executable).parent / "jixiao"
    subprocess.run([str(jixiao), "import", *map(str, files), "-o", str(json_dir)],
                   capture_output=True, check=False)  # fmt: skip
    rows = []
    for m, path in zip(manifest, files, strict=True):
        out = json_dir / (path.stem + ".json" if path.suffix == ".pdf" else path.name + ".json")
        try:
            result = load_form(path)
            unplaced = len(result.unplaced)
            note = "; ".join(u.describe()[:50] for u in result.unplaced[:2])
        except FormImportError as e:
            unplaced, note = -1, e.problem[:60]
        f1 = None
        if out.exists():
            run = subprocess.run([sys.executable, str(tool), str(root / m["gold"]), str(out)],
                                 capture_output=True, text=True)  # fmt: skip
            found = re.search(r"F1 ([0-9.]+)", run.stdout)
            f1 = float(found.group(1)) if found else None
        rows.append((m["file"], f1, unplaced, note))
    return rows


FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{carlito}</dir>
  <alias binding="same"><family>宋体</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>SimSun</family><prefer><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
"""


def fonts_conf(carlito: Path, folder: Path) -> Path:
    """A fontconfig file replacing Calibri by Carlito (found under ``carlito``) and 宋体."""
    path = folder / "fonts.conf"
    path.write_text(FONTS_CONF.format(carlito=carlito.resolve()), encoding="utf-8")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("build", "measure"))
    ap.add_argument("out", type=Path)
    ap.add_argument("--fonts", help="a fontconfig file for LibreOffice and Chromium")
    ap.add_argument("--carlito", type=Path, help="a folder holding the Carlito fonts")
    ap.add_argument("--json", type=Path, help="where measure writes the imports")
    args = ap.parse_args()
    if args.command == "build":
        fonts = args.fonts
        if args.carlito:
            fonts = str(fonts_conf(args.carlito, Path(tempfile.mkdtemp(prefix="heldout-fonts-"))))
        manifest = build(args.out, fonts)
        print(f"{len(manifest)} files in {args.out}")
        return
    rows = measure(args.out, args.json or args.out.parent / (args.out.name + "-json"))
    for name, f1, unplaced, note in rows:
        shown = "failed" if f1 is None else f"{f1:.4f}"
        print(f"{name:48} {shown:>7} {unplaced:>3}  {note}")
    ok = sum(1 for _, f1, u, _ in rows if f1 is not None and f1 >= 0.99 and u == 0)
    print(f"{ok}/{len(rows)} files at F1 >= 0.99 with nothing unplaced")


if __name__ == "__main__":
    main()
