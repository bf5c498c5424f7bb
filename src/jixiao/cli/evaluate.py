"""CLI command of the scoring and render stages: ``evaluate``."""

from __future__ import annotations
