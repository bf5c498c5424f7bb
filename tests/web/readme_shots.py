"""Small PNGs of the main pages for the README (docs/img/web-*.png), cut from the browser
tests' screenshots: run ``make test`` (or the browser test), then
``.venv/bin/python -m tests.web.readme_shots``."""

from __future__ import annotations

from PIL import Image

from tests.conftest import ROOT
from tests.web.browser import SHOTS

OUT = ROOT / "docs" / "img"
# page → (width photographed, top and height of the cut, width in the README)
PICKS = {
    "edit": (1400, 0, 1500, 900),
    "review": (1400, 0, 1500, 900),
    "upload-preview": (1400, 0, 1100, 900),
    "dashboard": (1400, 0, 1320, 900),
    "versions": (1400, 0, 1220, 900),
    "public": (1400, 0, 520, 900),
    "edit-phone": (390, 0, 1300, 300),
    "dashboard-phone": (390, 0, 1300, 300),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (width, top, height, out_width) in PICKS.items():
        page = name.removesuffix("-phone")
        im = Image.open(SHOTS / f"{page}-{width}.png").convert("RGB")
        im = im.crop((0, top, im.width, min(im.height, top + height)))
        scale = out_width / im.width
        im = im.resize((out_width, round(im.height * scale)), Image.Resampling.LANCZOS)
        im = im.quantize(colors=128, method=Image.Quantize.MEDIANCUT)
        path = OUT / f"web-{name}.png"
        im.save(path, optimize=True)
        print(path, im.size, f"{path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
