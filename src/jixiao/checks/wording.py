"""Plain-Chinese wording shared by the rules: numbers and quotes.

Places on the form are described by ``jixiao.paths``; money and percentages are printed by
``jixiao.cells``; labels come from ``jixiao.labels``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.checks.figures import join_wrapped


def decimals_of(value: Decimal) -> int:
    exp = value.as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def num(value: Decimal) -> str:
    """A plain number without trailing zeros: 168.0 → '168', 2.180 → '2.18'."""
    s = f"{value.normalize():f}"
    return s


def quote(text: str, limit: int = 40) -> str:
    """A short excerpt in Chinese quotes, cut with an ellipsis."""
    t = re.sub(r"\s+", " ", join_wrapped(text)).strip()
    if len(t) > limit:
        t = t[: limit - 1] + "…"
    return f"“{t}”"
