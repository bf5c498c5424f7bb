"""Properties: the extractor and the rules never fail on odd text, and findings stay well formed."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.checks import Severity, path_key, run_checks
from jixiao.checks.figures import extract_figures, normalize_text
from jixiao.model import Form

# Form-like text: CJK words, digits, separators, units, connectors and stray marks.
CHARS = "覆盖率达到为约近余万亿元人次%％，,、；。：:（）()第名 \n-—/·“”《》0123456789."
WORDS = ["完成率", "满意度", "同比增长", "以上", "以内", "分别", "平方米", "12月8日", "PM2.5"]
PIECES = st.sampled_from([*CHARS, *WORDS])
TEXT = st.lists(PIECES, max_size=40).map("".join)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_extract_figures_is_total_and_consistent(text: str):
    s = normalize_text(text)
    for fig in extract_figures(text):
        assert 0 <= fig.start < fig.end <= len(s)
        assert fig.value >= 0 and fig.tolerance > 0
        assert fig.text.lstrip("第") == s[fig.start : fig.end]


@given(TEXT, TEXT, TEXT, st.one_of(st.none(), st.decimals(0, 10**6, places=2)))
@settings(max_examples=100, deadline=None)
def test_run_checks_never_fails(a: str, b: str, c: str, money):
    form = Form.from_shared(
        {
            "title": a,
            "funds": {"annual_budget": money, "initial_budget": money, "adjustment": 0},
            "overall_goal_completion": b,
            "key_indicators": [{"name": a, "expected_value": b, "completion": c}],
            "tasks": [
                {
                    "name": a,
                    "funds": money,
                    "indicators": [{"category": "质量指标", "completion": c}],
                    "goal_completion": b,
                },
                {"name": a, "indicators": [{"category": "时效指标", "completion": b}]},
            ],
        }
    )
    found = run_checks(form)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keys = [(order[f.severity], path_key(f.path)) for f in found]
    assert keys == sorted(keys)
    assert all(f.message and f.path for f in found)
