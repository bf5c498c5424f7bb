"""The application as ``jixiao serve`` runs it in each worker process."""

from __future__ import annotations

from fastapi import FastAPI

from jixiao.api import create_app
from jixiao.service import open_service


def app_from_env() -> FastAPI:
    """The app on the store of ``JIXIAO_DATA`` / ``JIXIAO_DATABASE_URL`` (already migrated)."""
    return create_app(open_service())
