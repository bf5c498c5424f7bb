"""Property tests: parsing and judging never raise, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.assess import Verdict, extract_measures, judge, parse_measure

# Characters that drive the parser, so the search reaches its corners quickly.
_FORM_CHARS = list(
    "0123456789０１２３.,，%％≥≤<>=万亿千余多近约左右第前名级优良中差合格不发生清零无杜绝"
    "按时月日年底前内以上下控制在达到率人次个项元平方米亩天工作日全区市并列倒数一二两三十百之"
    "“”、；。 \n-+（）()"
)
texts = st.one_of(st.text(max_size=60), st.text(alphabet=st.sampled_from(_FORM_CHARS), max_size=40))
units = st.one_of(st.none(), st.sampled_from(["%", "万人", "人次", "亩", "万元", "分", "x"]), texts)

_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(texts, units)
def test_parse_measure_never_raises(text: str, unit: str | None):
    m = parse_measure(text, unit=unit)
    assert m.text == text.strip()
    for f in extract_measures(text):
        assert f.text


@_SETTINGS
@given(texts, texts, texts, units, st.sampled_from([None, "+", "-", ">=", "<="]))
def test_judge_never_raises(target: str, actual: str, name: str, unit, sign):
    j = judge(target, actual, name=name, unit=unit, sign=sign)
    assert j.verdict in set(Verdict)
    assert j.explanation
    assert j.ratio is None or 0 <= j.ratio <= 1
    if j.ratio is not None:
        assert j.quantitative


@_SETTINGS
@given(
    st.sampled_from(["≥95%", "全市前3名", "优", "清零", "达到2级", "按时完成", "实现目标"]), texts
)
def test_realistic_targets_with_arbitrary_completions(target: str, actual: str):
    j = judge(target, actual)
    if not actual.strip():
        assert j.verdict is Verdict.NOT_MET
