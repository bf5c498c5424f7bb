"""Fuzz targets: bytes in; the target's own clean error is fine, any other exception is a crash.

- ``text_importer``: the bytes as an extracted-text file (``jixiao.importers.import_bytes``):
  a form (exportable to the shared JSON) or ``FormImportError``, whatever the bytes.
- ``figure_scanner``: the bytes as UTF-8 text (``jixiao.checks.figures.extract_figures``):
  every figure found lies inside the normalised text and reads as it is printed there.

``seeds()`` gives the starting inputs: the project's real and generated forms and their texts.
``timed`` wraps a target to keep the slowest input seen (wall and CPU time).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from jixiao.checks.figures import extract_figures, normalize_text
from jixiao.importers import FormImportError, import_bytes

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def text_importer(data: bytes) -> None:
    try:
        result = import_bytes(data, "fuzz.txt")
    except FormImportError as e:
        assert str(e).startswith("fuzz.txt: ")
        return
    result.form.to_shared_json()


def figure_scanner(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    s = normalize_text(text)
    for fig in extract_figures(text):
        assert 0 <= fig.start < fig.end <= len(s), fig
        assert fig.text.lstrip("第") == s[fig.start : fig.end], fig
        assert fig.tolerance > 0


TARGETS: dict[str, Callable[[bytes], None]] = {
    "text_importer": text_importer,
    "figure_scanner": figure_scanner,
}


def _texts(form: dict) -> Iterator[str]:
    yield form.get("overall_goal_completion") or ""
    for k in form.get("key_indicators") or []:
        yield f"{k['expected_value']}\t{k['completion']}"
    for t in form.get("tasks") or []:
        yield t.get("goal_completion") or ""
        for i in t.get("indicators") or []:
            yield i.get("completion") or ""


def seeds(target: str) -> list[bytes]:
    """Starting inputs for ``target``: whole text forms, or the completion texts of forms."""
    texts = sorted(DATA.glob("*.txt")) + sorted((DATA / "generated").glob("*.txt"))
    if target == "text_importer":
        return [p.read_bytes() for p in texts]
    forms = sorted(DATA.glob("*.json")) + sorted((DATA / "generated").glob("*.json"))
    found: list[bytes] = []
    for p in forms:
        for text in _texts(json.loads(p.read_text(encoding="utf-8"))):
            if text and text.encode() not in found:
                found.append(text.encode("utf-8"))
    return found


class Slowest:
    """The slowest input seen by a target: wall and CPU seconds, and the input itself."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self.data = b""
        self.count = 0

    def timed(self, target: Callable[[bytes], None], save: Path | None = None):
        def run(data: bytes) -> None:
            t, c = time.perf_counter(), time.process_time()
            try:
                target(data)
            finally:
                wall, cpu = time.perf_counter() - t, time.process_time() - c
                self.count += 1
                if cpu > self.cpu:
                    self.wall, self.cpu, self.data = wall, cpu, data
                    if save is not None:
                        save.write_text(
                            json.dumps(
                                {"wall": wall, "cpu": cpu, "size": len(data), "execs": self.count,
                                 "input": data[:2000].decode("utf-8", "replace")},
                                ensure_ascii=False,
                            ),
                            encoding="utf-8",
                        )  # fmt: skip

        return run
