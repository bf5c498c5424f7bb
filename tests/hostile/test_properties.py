"""Properties: any bytes given to a reader give a result or its own clean error, never
another exception — the form JSON importer, schemes, override files and ``assess --jsonl``."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.cli.assess import _judge_line
from jixiao.importers import FormImportError, ImportResult, import_bytes
from jixiao.scoring import ScoringError, load_overrides
from jixiao.scoring.scheme import Scheme, parse_scheme
from tests.hostile import inputs

SCHEME = (Path(__file__).parents[2] / "src/jixiao/scoring/schemes/dept-overall.toml").read_text(
    encoding="utf-8"
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any JSON value, numbers of every size and kind included.
NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: float(d)),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.text(max_size=30))
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# Places in the seed form a value can be put.
FIELDS = st.sampled_from(
    [
        "title",
        "year",
        "funds",
        "funds.annual_budget",
        "funds.execution_rate",
        "key_indicators",
        "key_indicators[0]",
        "key_indicators[3].completion",
        "tasks",
        "tasks[1]",
        "tasks[2].funds",
        "tasks[0].indicators",
        "tasks[0].indicators[1].category",
        "problems",
    ]
)


def import_json_bytes(data: bytes) -> None:
    try:
        result = import_bytes(data, "fuzz.json")
    except FormImportError as e:
        assert str(e).startswith("fuzz.json: ") and "Traceback" not in str(e)
        return
    assert isinstance(result, ImportResult)
    result.form.to_shared_json()  # what was read can be written back


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_as_a_form_json(data: bytes):
    import_json_bytes(b"{" + data)


@FAST
@given(FIELDS, JSON_VALUES)
def test_any_value_anywhere_in_the_seed_json(path: str, value):
    import_json_bytes(inputs.seed_json_with(path, value))


@FAST
@given(FIELDS, st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e-999", "9" * 400]))
def test_odd_number_literals_in_the_seed_json(path: str, literal: str):
    import_json_bytes(inputs.seed_json_raw(path, literal))


@FAST
@given(st.integers(0, len(SCHEME)), st.text(max_size=40))
def test_any_text_inserted_in_a_scheme(at: int, text: str):
    try:
        assert isinstance(parse_scheme(SCHEME[:at] + text + SCHEME[at:], "s.toml"), Scheme)
    except ScoringError as e:
        assert "评分方案 s.toml" in str(e)


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_as_a_scheme(data: bytes):
    try:
        parse_scheme(data, "s.toml")
    except ScoringError:
        pass


OVERRIDE_VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
OVERRIDE_KEYS = st.sampled_from(["path", "verdict", "score", "comment", "reviewer", "form", "x"])


@FAST
@given(st.lists(st.dictionaries(OVERRIDE_KEYS, OVERRIDE_VALUES, max_size=6), max_size=4))
def test_any_override_entries(entries):
    text = json.dumps(entries, ensure_ascii=False, default=str)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "review.json"
        p.write_text(text, encoding="utf-8")
        try:
            got = load_overrides(p)
        except ScoringError as e:
            assert "复核" in str(e)
            return
    for o in got:
        assert o.comment and (o.verdict is not None) != (o.score is not None)
        assert o.score is None or (o.score.is_finite() and o.score >= Decimal(0))


@FAST
@given(st.binary(max_size=300), st.sampled_from([".toml", ".json"]))
def test_any_bytes_as_an_override_file(data: bytes, ext: str):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"review{ext}"
        p.write_bytes(data)
        try:
            load_overrides(p)
        except ScoringError:
            pass


JSONL_OBJECTS = st.dictionaries(
    st.sampled_from(["target", "actual", "name", "unit", "sign", "other"]),
    st.one_of(SCALARS, st.sampled_from(["≥90%", "95%", "前3名", "第2", "优", "12月31日前"])),
    max_size=6,
)


@FAST
@given(st.one_of(JSONL_OBJECTS.map(json.dumps), st.text(max_size=80)))
def test_any_jsonl_line(line: str):
    try:
        result = _judge_line(line)
    except ValueError as e:
        assert str(e)
        return
    assert set(result) == {"verdict", "ratio", "explanation"}
