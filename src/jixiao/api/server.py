"""The application as ``jixiao serve`` runs it in each worker process."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from jixiao.api import create_app
from jixiao.service import open_service

# Garbage collector thresholds for a server process: a young generation of 10,000
# allocations (Python's default is 700) and fewer full collections. A page allocates tens
# of thousands of short-lived objects; with the defaults, collections of the whole heap
# land inside requests and made one request in twenty 5–10 times slower than the median.
GC_THRESHOLDS = (10_000, 20, 20)


def prepare_process() -> None:
    """Tune a serving process once its modules and app are loaded: what is alive now
    (modules, tables, templates, the app) lives as long as the process, so it is moved out
    of the collector's sight (``gc.freeze``) rather than scanned again in every full
    collection; and the thresholds above."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def app_from_env() -> FastAPI:
    """The app on the store of ``JIXIAO_DATA`` / ``JIXIAO_DATABASE_URL`` (already migrated)."""
    app = create_app(open_service())
    prepare_process()
    return app
