"""The indexed odd-one-out of ``narrative_mismatch`` picks exactly what comparing every pair does."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks.figures import extract_figures
from jixiao.checks.narrative import Statement, odd_statements

# Values of one measure as forms print them: different precisions, some equal after rounding.
VALUES = ["98", "98.5", "98.50", "98.4", "97.2", "97", "99", "98.46", "98.54", "100", "96.0"]


def statement(i: int, task: int | None, value: str) -> Statement:
    (fig,) = extract_figures(f"疫苗接种率{value}%")
    return Statement(f"p{i}", task, "疫苗接种率", "%", fig, fig.text)


def pairwise(group: list[Statement]):
    """The rule as it was: list every disagreeing pair, remove the most disagreeing place."""

    def comparable(a: Statement, b: Statement) -> bool:
        return a.task is None or b.task is None or a.task == b.task

    def same(a: Statement, b: Statement) -> bool:
        fa, fb = a.figure, b.figure
        return abs(fa.base_value - fb.base_value) <= max(fa.tolerance, fb.tolerance)

    pairs = {
        (a, b)
        for n, a in enumerate(group)
        for b in group[n + 1 :]
        if comparable(a, b) and not same(a, b)
    }
    while pairs:
        count: dict[int, int] = defaultdict(int)
        for a, b in pairs:
            count[id(a)] += 1
            count[id(b)] += 1
        odd = max((s for s in group if count[id(s)]), key=lambda s: (count[id(s)], group.index(s)))
        partners = sorted(
            {b if a is odd else a for a, b in pairs if odd in (a, b)}, key=group.index
        )
        pairs = {(a, b) for a, b in pairs if odd not in (a, b)}
        yield odd, partners


PLACES = st.lists(
    st.tuples(st.sampled_from([None, None, 0, 1, 2]), st.sampled_from(VALUES)),
    min_size=2,
    max_size=14,
)


@settings(max_examples=400, deadline=None)
@given(PLACES)
def test_same_odd_places_and_partners_as_comparing_every_pair(places):
    group = [statement(i, task, value) for i, (task, value) in enumerate(places)]
    expected = [(odd.path, [p.path for p in partners]) for odd, partners in pairwise(group)]
    got = []
    for odd, partners, count in odd_statements(group, shown=len(group)):
        assert count == len(partners)
        got.append((odd.path, [p.path for p in partners]))
    assert got == expected


def test_partners_shown_are_capped_and_counted():
    group = [statement(i, None, v) for i, v in enumerate(["91", "93", "95", "97", "99"])]
    odd, partners, count = next(odd_statements(group, shown=2))
    assert odd.path == "p4"  # all disagree with all: the latest place is odd
    assert count == 4 and [p.path for p in partners] == ["p0", "p1"]
