"""The API's base: token authentication with the person's roles, OpenAPI, docs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.accounts.services import api_token_create, api_token_revoke
from thrive.core.roles import Role


def _token(user: Any) -> str:
    _, key = api_token_create(user=user, name="test")
    return key


@pytest.mark.django_db
def test_me_and_organisations_with_a_token(client: Client, org: Any, other_org: Any) -> None:
    user = make_user(org, Role.TEAM_MANAGER, email="tm@example.test")
    key = _token(user)
    me = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert me["email"] == "tm@example.test"
    assert me["roles"] == [
        {"organisation": org.code, "role": "team_manager", "team": None, "service": None}
    ]
    orgs = client.get("/api/organisations/", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert [o["code"] for o in orgs["results"]] == [org.code]  # never the other council


@pytest.mark.django_db
def test_another_councils_organisation_is_refused(client: Client, org: Any, other_org: Any) -> None:
    key = _token(make_user(org, Role.SYSTEM_ADMIN))
    assert (
        client.get(f"/api/organisations/{org.code}/", HTTP_AUTHORIZATION=f"Token {key}").status_code
        == 200
    )
    response = client.get(
        f"/api/organisations/{other_org.code}/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_no_or_bad_or_revoked_token_is_refused(client: Client, org: Any) -> None:
    user = make_user(org, Role.SYSTEM_ADMIN)
    assert client.get("/api/me/").status_code in (401, 403)
    assert client.get("/api/me/", HTTP_AUTHORIZATION="Token nonsense").status_code == 401
    token, key = api_token_create(user=user, name="t")
    api_token_revoke(token=token, actor=user)
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


@pytest.mark.django_db
def test_openapi_document_and_docs(client: Client, org: Any) -> None:
    client.force_login(make_user(org, Role.PRACTITIONER))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    doc = schema.json()
    assert "/api/me/" in doc["paths"] and "/api/organisations/" in doc["paths"]
    assert "tokenAuth" in doc["components"]["securitySchemes"]
    assert client.get("/api/docs/").status_code == 200


def test_openapi_schema_generates_without_warnings() -> None:
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "year", ["-1", "0", "1999", "10000", "99999999999999999999", "abc", "20 25"]
)
def test_measures_for_a_year_that_is_not_a_census_year_is_a_400(
    client: Client, org: Any, year: str
) -> None:
    key = _token(make_user(org, Role.SENIOR_LEADER))
    response = client.get(
        f"/api/organisations/{org.code}/measures/?year={year}", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 400
    assert "year must be a census year from 2000 to" in response.json()["detail"]
