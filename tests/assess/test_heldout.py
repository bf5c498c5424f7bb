"""A blind held-out set (tests/data/assess-heldout.jsonl): 369 pairs as published
部门整体支出 / 项目支出 绩效自评表 of many departments print them, labelled by the reviewer
conventions of ../shared/assess/README.md before the judge was read, never tuned to.

At the time of writing the judge gets 368 verdicts and every labelled ratio right; the
one miss is a fact that achieves a claim only by meaning (办理时间缩短 for 服务效率提高).
Rules the set found missing are tested in other words in test_heldout_rules.py."""

from __future__ import annotations

from tests.assess.labelled import score
from tests.conftest import DATA

HELDOUT = DATA / "assess-heldout.jsonl"


def test_heldout_pairs_verdicts_and_ratios(tmp_path):
    verdicts, n, ratios, labelled, out = score(HELDOUT, tmp_path)
    assert n >= 300
    assert verdicts / n >= 0.99, f"{verdicts}/{n}"
    assert ratios / labelled >= 0.99, f"{ratios}/{labelled}"
    for o in out:
        assert o["ratio"] is None or 0 <= o["ratio"] <= 1
        assert o["explanation"]
