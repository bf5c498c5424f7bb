"""The HTML report in a real browser (Debian's chromium through playwright): it reads on a
390 px phone — no page-wide sideways scroll, the form table scrolls inside its own box, the
findings are a list, and no number is broken across two lines anywhere — and at 1400 px the
form is laid out whole. Links from the findings lead to cells that exist."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from jixiao.render import render_html
from jixiao.scoring import evaluate

from .conftest import load_form

CHROMIUM = "/usr/bin/chromium"  # Debian's chromium (Makefile DEB_PACKAGES)

# Every run of digits (with separators, decimals, a percent sign) of 3 or more characters,
# and the rectangles its characters occupy: one line means one distinct top.
BROKEN_NUMBERS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const re = /[0-9][0-9,.]*[0-9]%?/g;
  let node;
  while ((node = walker.nextNode())) {
    const style = getComputedStyle(node.parentElement);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    for (const m of node.textContent.matchAll(re)) {
      if (m[0].length < 3) continue;
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module", params=["seed.json", "practice-1.json"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(evaluate(load_form(request.param))), encoding="utf-8")
    return path


def _widths(page) -> list[int]:  # type: ignore[no-untyped-def]
    """The page's scroll width, and the form box's scroll and visible widths."""
    return page.evaluate(
        "(() => { const s = document.querySelector('.form-scroll');"
        " return [document.documentElement.scrollWidth, s.scrollWidth, s.clientWidth]; })()"
    )


def test_reads_on_a_phone(browser, report: Path) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(report.as_uri())
    # no sideways scroll of the page itself …
    page_width, inner, box = _widths(page)
    assert page_width <= 390
    # … the form table scrolls inside its box instead
    assert box <= 390 < inner
    # the findings are a list of cards, each within the screen
    rights = page.evaluate(
        "[...document.querySelectorAll('ol.findings li')].map(li => li.getBoundingClientRect().right)"
    )
    assert rights and max(rights) <= 390
    assert page.evaluate(BROKEN_NUMBERS) == []
    page.close()


def test_wide_screen_and_links(browser, report: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(report.as_uri())
    page_width, inner, box = _widths(page)
    assert page_width <= 1400
    assert inner <= box  # the whole form is in view
    assert page.evaluate(BROKEN_NUMBERS) == []
    missing = page.evaluate(
        "[...document.querySelectorAll('a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1))"
        ".filter(id => !document.getElementById(id))"
    )
    assert missing == []
    page.close()
