"""The audit trail and the access log say what happened in words, not codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.core.audit import audit_log
from thrive.core.events import EVENT_KINDS, EVENT_WORDS, describe_event
from thrive.core.roles import Role

SOURCE = Path(__file__).resolve().parents[2] / "thrive"
# action="x.y", action = "x.y", and both sides of `"x.y" if ... else "x.z"` on a line about actions
LITERAL = re.compile(r'action(?:: str)?\s*=\s*"([a-z_]+\.[a-z_.]+)"')
TERNARY = re.compile(r'"([a-z_]+\.[a-z_.]+)" if .* else "([a-z_]+\.[a-z_.]+)"')


def _codes_in_source() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        for line in path.read_text().splitlines():
            codes.update(LITERAL.findall(line))
            if "action" in line:
                for pair in TERNARY.findall(line):
                    codes.update(pair)
    # Built from a name: the importers' kinds and the dated lists' models.
    codes.update(f"import.{kind}" for kind in ("staff", "posts", "absences", "allocations"))
    for model in ("workbook.practicetool", "supervision.practiceskill"):
        codes.update({f"{model}_added", f"{model}_retired"})
    return codes


def test_every_event_the_code_records_has_words() -> None:
    codes = _codes_in_source()
    assert len(codes) > 60
    missing = sorted(codes - set(EVENT_WORDS))
    assert not missing, f"give these events words in thrive/core/events.py: {missing}"
    assert describe_event("family.supervision.read") == "Read a family's supervision notes"
    assert describe_event("something.new") == "something.new"
    kinds = {code.split(".")[0] for code in EVENT_WORDS}
    assert kinds <= dict(EVENT_KINDS).keys()


@pytest.mark.django_db
def test_audit_trail_and_access_log_show_words(client: Client, org: Any) -> None:
    admin = make_user(org, Role.SYSTEM_ADMIN, email="admin@example.test")
    audit_log(action="role.granted", user=admin, organisation=org, summary="Gave Pat a role")
    audit_log(action="family.supervision.read", user=admin, organisation=org, summary="F1")
    audit_log(action="family.refused", user=admin, organisation=org, summary="F2")
    client.force_login(admin)
    trail = client.get(f"/o/{org.code}/audit/").content.decode().split("<main")[1]
    assert "Gave a role" in trail and "Read a family&#x27;s supervision notes" in trail
    assert "role.granted" not in trail and "family.supervision.read" not in trail
    families = client.get(f"/o/{org.code}/audit/?action=family").content.decode()
    table = families.split("<tbody")[1]
    assert "Read a family&#x27;s supervision notes" in table and "Gave a role" not in table
    assert '<option value="family" selected>Families&#x27; records</option>' in families
    log = client.get(f"/o/{org.code}/families/access-log/").content.decode().split("<tbody")[1]
    assert "Read a family&#x27;s supervision notes" in log and "Refused" in log
    assert "family.supervision.read" not in log
