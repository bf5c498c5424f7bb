"""The labelled practice pairs (tests/data/assess-practice.jsonl, a copy of
../shared/assess/practice.jsonl) scored the way ../shared/tools/compare_assess.py scores
them: through ``jixiao assess --jsonl``, a ratio right within 0.01.

The pairs are examples of the conventions, not a target to tune to: every rule has its
own tests in other words (test_conventions.py)."""

from __future__ import annotations

from tests.assess.labelled import score
from tests.conftest import DATA

PRACTICE = DATA / "assess-practice.jsonl"


def test_practice_pairs_verdicts_and_ratios(tmp_path):
    verdicts, n, ratios, labelled, out = score(PRACTICE, tmp_path)
    assert n == 114
    assert verdicts / n >= 0.97, verdicts
    assert ratios / labelled >= 0.97, ratios
    for o in out:
        assert o["ratio"] is None or 0 <= o["ratio"] <= 1
        assert o["explanation"]
