"""schemathesis against /api/v1/openapi.json on both databases: no 5xx, no response that
breaks the documented schema or content type. A bounded run here (a few examples per
operation); ``make bench`` runs a longer one (``JIXIAO_SCHEMATHESIS_EXAMPLES``)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from jixiao.api import create_app
from tests.system.conftest import make_world

EXAMPLES = int(os.environ.get("JIXIAO_SCHEMATHESIS_EXAMPLES", "10"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(svc):
    w = make_world(svc, leader_approval=False)
    for where, status in (("own", "draft"), ("own", "submitted"), ("other", "published")):
        w.new_form(where, status)
    app = create_app(svc)
    app.state.test_headers = {"Authorization": f"Bearer {svc.create_token(w.reviewer, 'st').token}"}
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_api_conforms(api_schema):
    """Every operation, EXAMPLES generated requests each (as the reviewer), valid ones and
    ones that break the schema on purpose (those must be refused with a 4xx)."""
    headers = api_schema.app.state.test_headers
    failed: list[str] = []
    operations = [r.ok() for r in api_schema.get_all_operations()]
    assert len(operations) >= 30

    for op in operations:

        @given(case=st.one_of(op.as_strategy(), op.as_strategy(GenerationMode.NEGATIVE)))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as e:
            failed.append(f"{op.method.upper()} {op.path}: {str(e)[:2000]}")
    assert not failed, "\n\n".join(failed)
