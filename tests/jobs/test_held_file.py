"""The two-step import (check, then confirm) keeps the checked file in the database, so the
confirm may reach another application server: here a second client carrying only the session
cookie, with the local disk (VAR_DIR) swapped for an empty one between the two steps."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import KNOWN, make_user
from thrive.core.roles import Role
from thrive.jobs.models import HeldFile
from thrive.people.models import StaffMember

pytestmark = pytest.mark.django_db


def test_the_checked_file_is_confirmed_from_another_server(
    org: Any, settings: Any, tmp_path: Any
) -> None:
    hr = make_user(org, Role.HR_RECRUITMENT)
    first = Client()
    first.force_login(hr)
    settings.VAR_DIR = tmp_path / "server-a"
    with open(KNOWN / "staff.csv", "rb") as f:
        page = first.post(reverse("people:imports", args=[org.code]), {"kind": "staff", "file": f})
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)  # type: ignore[union-attr]
    assert HeldFile.objects.filter(token=token, organisation=org).exists()
    assert not (tmp_path / "server-a").exists()  # nothing written to this server's disk

    # Another person cannot use the token, even with it in hand.
    other = Client()
    other.force_login(make_user(org, Role.HR_RECRUITMENT))
    other.post(reverse("people:import_confirm", args=[org.code]), {"token": token})
    assert StaffMember.objects.count() == 0

    # The second server: its own disk, the same database, the person's session cookie.
    settings.VAR_DIR = tmp_path / "server-b"
    second = Client()
    second.cookies = first.cookies
    done = second.post(
        reverse("people:import_confirm", args=[org.code]), {"token": token}, follow=True
    )
    assert b"Imported staff.csv: 7 new" in done.content
    assert StaffMember.objects.count() == 6
    assert not HeldFile.objects.exists()  # used once, then forgotten
