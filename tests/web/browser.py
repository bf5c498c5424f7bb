"""Browser tests' machinery: the app served by uvicorn in a thread on a free loopback port
with a store of its own, Debian's Chromium driven by Playwright, and screenshots at
1400 and 390 px with checks of what a person would see wrong (a page wider than the
screen, a figure broken over two lines, a column squeezed to a character)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from jixiao.api import create_app
from jixiao.service import SYSTEM, Service
from jixiao.store import open_store
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = ROOT / "out" / "screenshots" / "web"
WIDTHS = (1400, 390)
ADMIN_PASSWORD = "admin-password-1"


@dataclass
class Server:
    base: str
    svc: Service
    data: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data: Path) -> Iterator[Server]:
    """The app on a new store in ``data`` (with one administrator), until the caller is done."""
    os.environ.setdefault("JIXIAO_FAST_HASH", "1")
    store = open_store(data, upgrade=True)
    svc = Service(store)
    svc.create_user(SYSTEM, "admin", "admin", password=ADMIN_PASSWORD, display_name="管理员甲")
    port = free_port()
    config = uvicorn.Config(create_app(svc), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield Server(f"http://127.0.0.1:{port}", svc, data)
    finally:
        server.should_exit = True
        thread.join(10)
        store.close()


ERRORS: dict[int, list[str]] = {}  # page → the script errors and policy violations seen


def watch(page):  # type: ignore[no-untyped-def]
    """Record a page's uncaught script errors and console errors (a blocked script or
    style, a failed htmx swap …); a refused request's own status is not one of them."""
    seen = ERRORS.setdefault(id(page), [])
    page.on("pageerror", lambda e: seen.append(f"script error: {e}"))

    def console(msg):  # type: ignore[no-untyped-def]
        text = msg.text
        if msg.type == "error" and "the server responded with a status of" not in text:
            if "Response Status Error Code" not in text:  # htmx reporting a refusal
                seen.append(f"console: {text}")

    page.on("console", console)
    return page


def launch(playwright):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# What a screenshot is checked for, in the page itself.
LAYOUT_PROBLEMS = """
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1)
    problems.push(`page ${doc.scrollWidth}px wide on a ${window.innerWidth}px screen`);
  for (const el of document.querySelectorAll('.fig, .num, .n, .badge, .status')) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    if (el.getClientRects().length > 1)
      problems.push(`figure broken over lines: ${el.textContent.trim().slice(0, 30)}`);
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (!cell.offsetParent) continue;
    const text = cell.innerText.trim();
    if (text.length < 2) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    if (cell.clientWidth < 2 * size)
      problems.push(`column squeezed to ${cell.clientWidth}px: ${text.slice(0, 20)}`);
  }
  return problems;
}
"""


def shoot(page, name: str) -> list[Path]:  # type: ignore[no-untyped-def]
    """Screenshots of the page at each width (full page); fails on layout problems."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    paths = []
    problems = []
    for w in WIDTHS:
        page.set_viewport_size({"width": w, "height": 900})
        page.wait_for_timeout(150)  # charts resize on the resize event
        path = SHOTS / f"{name}-{w}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
        problems += [f"{name} at {w}px: {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    problems += ERRORS.get(id(page), [])
    assert not problems, "\n".join(problems)
    return paths
