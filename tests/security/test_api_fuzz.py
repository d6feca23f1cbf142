"""The API fuzzed against its own OpenAPI schema (issue 14, item 6): schemathesis generates requests
for every operation in the schema drf-spectacular serves at ``/api/schema/`` — valid ones for the
seeded council, and invalid ones (wrong types, out-of-range numbers, unknown councils) — and sends
them in-process to the Django WSGI application with a team manager's or a senior leader's token.
No answer may be a server error, and every answer must match the schema (its content type and,
for a documented status, its body).

The run is repeatable: hypothesis derandomised (a fixed seed), a bounded number of examples per
operation, no example database; it takes well under a minute."""

from __future__ import annotations

import re
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

from tests.security.conftest import Council, elsewhere, role_user
from tests.security.urls import AREAS, Route, area_values, routes
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


def test_the_areas_records_are_asked_for_by_id() -> None:
    """Recruitment's, the academy's and agency's endpoints with an ID in the path are fuzzed
    with the council's record, another council's and one that does not exist."""
    named = {r.name for path, r in API_ROUTES.items() if "{id}" in path}
    assert {"api:academy_cohort", "api:recruitment_scores"} <= named
    schema = {op.path for op in OPERATIONS}
    assert all(path in schema for path, r in API_ROUTES.items() if r.name in named)


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


# The schema names a path's ``pk`` ``id``.
API_ROUTES = {
    "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r.route).replace("{pk}", "{id}"): r
    for r in routes()
    if r.name.startswith("api:")
}


def _ids(operation: Any, council: Council, other_org: Any) -> list[dict[str, Any]]:
    """For a recruitment, academy or agency endpoint with IDs in its path: the council's own
    record, another council's and one that does not exist (drawn among the generated cases, so
    the number of requests stays the same)."""
    route: Route | None = API_ROUTES.get(operation.path)
    if route is None or not route.name.startswith(tuple(f"api:{a}" for a in AREAS)):
        return []
    ours = _as_path(area_values(route, council))
    if not ours:
        return []
    theirs = _as_path(area_values(route, elsewhere(other_org)))
    return [ours, theirs, dict.fromkeys(ours, 999999)]


def _as_path(values: dict[str, int]) -> dict[str, int]:
    return {"id" if k == "pk" else k: v for k, v in values.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_no_server_error_and_answers_match_the_schema(
    council: Council, other_org: Any, operation: Any, wsgi_app: Any
) -> None:
    app = wsgi_app
    org = council.crew.org
    tokens = [
        api_token_create(user=council.crew.manager_user, name="fuzz")[1],
        api_token_create(user=role_user(council, Role.SENIOR_LEADER), name="fuzz")[1],
    ]
    ours = {"org_code": org.code} if "{org_code}" in operation.path else None
    ids = _ids(operation, council, other_org)
    foreign = ids[1:]  # another council's record, and none
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=ours),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
        *(
            operation.as_strategy(
                GenerationMode.POSITIVE, path_parameters={**(ours or {}), **values}
            )
            for values in ids
        ),
    )

    @FUZZ
    @given(case=cases, token=st.sampled_from(tokens))
    def fuzz(case: Any, token: str) -> None:
        headers = {"Authorization": f"Token {token}"}
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)
        asked = case.path_parameters or {}
        if any(all(asked.get(k) == v for k, v in f.items()) for f in foreign):
            # Not this council's record: "not found" (or refused before any record is read).
            assert response.status_code in (403, 404), (case.path, asked, response.status_code)

    fuzz()
