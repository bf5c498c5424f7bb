"""Hand-made verdicts for scoring tests: the engine is tested apart from assess."""

from __future__ import annotations

from jixiao.assess.types import IndicatorVerdict, Verdict
from jixiao.model import Form

MET, NOT_MET, UNDET = Verdict.MET, Verdict.NOT_MET, Verdict.UNDETERMINED


def key_verdicts(
    form: Form, special: dict[int, tuple[Verdict, bool, float | None]] | None = None
) -> list[IndicatorVerdict]:
    """A verdict for every key indicator: met unless ``special[i] = (verdict, quantitative, ratio)``."""
    special = special or {}
    out = []
    for i, k in enumerate(form.key_indicators):
        verdict, quantitative, ratio = special.get(i, (MET, False, 1.0))
        out.append(
            IndicatorVerdict(
                path=f"key_indicators[{i}]",
                name=k.name,
                target_text=k.expected_value,
                actual_text=k.completion,
                verdict=verdict,
                quantitative=quantitative,
                ratio=ratio,
                explanation=f"（测试用）{k.name}：{verdict}",
                line=10 + i,
            )
        )
    return out


# The seed's expected verdicts: key_indicators[0] (target 优, completion 获评2021年度广东基层党建
# 创新案例) is undetermined: an award is evidence of good work, but whether it equals the grade
# 优 is a reviewer's call. The other 15 are met.
SEED_SPECIAL = {0: (UNDET, False, None)}

# practice-1, after practice-1.expected.md: [5] 87.6% against ≥90% (quantitative, ratio
# 87.6/90); [3] 全市第5名 against 全市前3名 (a rank outside its target: treated here as
# qualitative, no ratio); [7] undetermined (actions listed, no outcome). The other 8 met.
PRACTICE_SPECIAL = {
    3: (NOT_MET, False, None),
    5: (NOT_MET, True, 87.6 / 90),
    7: (UNDET, False, None),
}
