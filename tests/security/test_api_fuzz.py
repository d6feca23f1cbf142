"""The API fuzzed against its own OpenAPI schema (issue 14, item 6): schemathesis generates requests
for every operation in the schema drf-spectacular serves at ``/api/schema/`` — valid ones for the
seeded council, and invalid ones (wrong types, out-of-range numbers, unknown councils) — and sends
them in-process to the Django WSGI application with a team manager's or a senior leader's token.
No answer may be a server error, and every answer must match the schema (its content type and,
for a documented status, its body).

The run is repeatable: hypothesis derandomised (a fixed seed), a bounded number of examples per
operation, no example database; it takes well under a minute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from tests.security.conftest import Council, role_user
from thrive.accounts.services import api_token_create
from thrive.core.roles import Role

EXAMPLES = 12  # per operation and mode
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


def _schema() -> Any:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(document)


SCHEMA = _schema()
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)


def test_the_schema_has_the_api() -> None:
    paths = {op.path for op in OPERATIONS}
    assert len(OPERATIONS) >= 15
    assert "/api/organisations/{org_code}/families/" in paths


@pytest.fixture
def wsgi_app() -> Iterator[Any]:
    """The WSGI application, keeping the test's database connection (and its transaction) open
    across requests, as Django's test client does: the handler would otherwise close it at each
    request's end (on PostgreSQL, ending the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_server_error_and_answers_match_the_schema(
    council: Council, operation: Any, wsgi_app: Any
) -> None:
    app = wsgi_app
    org = council.crew.org
    tokens = [
        api_token_create(user=council.crew.manager_user, name="fuzz")[1],
        api_token_create(user=role_user(council, Role.SENIOR_LEADER), name="fuzz")[1],
    ]
    ours = {"org_code": org.code} if "{org_code}" in operation.path else None
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ours),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @FUZZ
    @given(case=cases, token=st.sampled_from(tokens))
    def fuzz(case: Any, token: str) -> None:
        headers = {"Authorization": f"Token {token}"}
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()
