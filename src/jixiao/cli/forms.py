"""CLI commands on forms themselves: ``import``, ``show``, ``schema``."""

from __future__ import annotations
