"""The evaluation as plain JSON data (documented in ``docs/scoring.md``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.model import Form
from jixiao.paths import Sources, locate
from jixiao.scoring.types import Evaluation, ItemScore, Override, round2

EVALUATION_SCHEMA = "jixiao-evaluation/1"


def points(value: Decimal | None) -> float | None:
    """Points as a JSON number: 2 decimals, half up (94.035 → 94.04)."""
    return None if value is None else float(round2(value))


def evaluation_to_json(ev: Evaluation) -> dict[str, Any]:
    """The evaluation in its JSON shape: score, verdicts, findings, overrides, form.

    Points are numbers rounded to 2 decimals; ratios keep 4 decimals. Every finding,
    verdict and item says where it is in the form's own words (``where``) and in the
    source file (``source``, null when the form came without provenance).
    """
    s = ev.score
    form = ev.form
    sources = Sources(form)
    items = {i.path: i for i in s.items}
    return {
        "schema": EVALUATION_SCHEMA,
        "source_file": ev.form.source_file,
        "department": ev.form.department,
        "year": ev.form.year,
        "score": {
            "scheme": s.scheme,
            "scheme_name": s.scheme_name,
            "total": points(s.total),
            "upper": points(s.upper),
            "display": s.display(),
            "grade": s.grade,
            "grade_upper": s.grade_upper,
            "pending": s.pending,
            "parts": [
                {
                    "id": p.id,
                    "name": p.name,
                    "weight": points(p.weight),
                    "points": points(p.points),
                    "upper": points(p.upper),
                    "detail": p.detail,
                    "rules": [{"case": case, "rule": rule} for case, rule in p.rules],
                }
                for p in s.parts
            ],
            "items": [_item(form, i, sources) for i in s.items],
            "bands": [{"name": b.name, "min": points(b.min)} for b in s.bands],
            "signoff": list(s.signoff),
        },
        "verdicts": [
            {
                "path": v.path,
                **locate(form, v.path, sources),
                "name": v.name,
                "line": v.line,
                "target": v.target_text,
                "actual": v.actual_text,
                "verdict": str(v.verdict),
                "assessed_verdict": str(
                    items[v.path].assessed_verdict
                    if v.path in items and items[v.path].assessed_verdict
                    else v.verdict
                ),
                "quantitative": v.quantitative,
                "ratio": None if v.ratio is None else round(float(v.ratio), 4),
                "explanation": v.explanation,
                "override": _override(ev.override_for(v.path)),
            }
            for v in ev.verdicts
        ],
        "findings": [
            {
                "rule": f.rule,
                "severity": str(f.severity),
                "path": f.path,
                **locate(form, f.path, sources),
                "line": f.line,
                "message": f.message,
            }
            for f in ev.findings
        ],
        "overrides": [_override(o) for o in ev.overrides],
        "form": ev.form.to_shared(),
    }


def _item(form: Form, i: ItemScore, sources: Sources) -> dict[str, Any]:
    return {
        "path": i.path,
        **locate(form, i.path, sources),
        "name": i.name,
        "part": i.part,
        "weight": points(i.weight),
        "verdict": None if i.verdict is None else str(i.verdict),
        "assessed_verdict": None if i.assessed_verdict is None else str(i.assessed_verdict),
        "points": points(i.points),
        "upper": points(i.upper),
        "pending": i.pending,
        "explanation": i.explanation,
        "basis": i.basis,
        "override": _override(i.override),
    }


def _override(o: Override | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "path": o.path,
        "verdict": None if o.verdict is None else str(o.verdict),
        "score": points(o.score),
        "comment": o.comment,
        "reviewer": o.reviewer,
    }
