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


_BLANKS_RE = re.compile(r"[ \t\u3000]+")


def quote(text: str, limit: int = 40) -> str:
    """A short excerpt in Chinese quotes, cut with an ellipsis."""
    # Runs of blanks become one first: the same result, in time linear in the text.
    t = re.sub(r"\s+", " ", join_wrapped(_BLANKS_RE.sub(" ", text or ""))).strip()
    if len(t) > limit:
        t = t[: limit - 1] + "…"
    return f"“{t}”"
