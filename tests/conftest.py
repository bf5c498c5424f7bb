"""Shared test fixtures: the seed and practice forms, and paths to bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao.model import Form

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def seed_form() -> Form:
    return Form.from_shared(json.loads((DATA / "seed.json").read_text(encoding="utf-8")))


@pytest.fixture
def practice_form() -> Form:
    return Form.from_shared(json.loads((DATA / "practice-1.json").read_text(encoding="utf-8")))
