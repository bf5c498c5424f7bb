"""CLI commands of the assess and checks stages: ``assess`` and ``check``."""

from __future__ import annotations
