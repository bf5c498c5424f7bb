"""The shared JSON shape: export is exact, and reading it back is lossless."""

from __future__ import annotations

import json
from pathlib import Path

from jixiao.importers import load_form
from jixiao.model import Form, shared_json_schema, validate_shared
from tests.conftest import DATA


def test_gold_round_trips_exactly():
    for name in ("seed.json", "practice-1.json"):
        data = json.loads((DATA / name).read_text(encoding="utf-8"))
        assert Form.from_shared(data).to_shared() == data


def test_import_export_import_is_stable(tmp_path: Path):
    form = load_form(DATA / "seed.txt").form
    out = tmp_path / "seed.json"
    out.write_text(form.to_shared_json(), encoding="utf-8")
    again = load_form(out).form
    assert again.to_shared() == form.to_shared()
    validate_shared(form.to_shared())


def test_full_model_dump_keeps_provenance():
    form = load_form(DATA / "seed.txt").form
    back = Form.model_validate_json(form.model_dump_json())
    assert back == form
    assert back.tasks[3].indicators[0].source("completion").line == 50


def test_schema_describes_the_shape():
    schema = shared_json_schema()
    assert schema["$id"] == "department-overall-self-evaluation/1"
    assert set(schema["required"]) >= {"title", "funds", "key_indicators", "tasks"}
    assert "SharedTask" in schema["$defs"]
