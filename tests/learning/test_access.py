"""Only what is published and not withdrawn can be found and booked, on the page and through the
API; a person's CPD evidence follows where they work now, not where they used to."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import reverse

from tests.learning.conftest import Org, item, session
from thrive.accounts.services import api_token_create
from thrive.core import clock
from thrive.learning.models import Booking, CpdRecord
from thrive.people.services import spell_end


def auth(user: Any) -> dict[str, str]:
    _, key = api_token_create(user=user, name="t")
    return {"Authorization": f"Token {key}"}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["unpublished", "withdrawn"])
def test_unpublished_and_withdrawn_items_cannot_be_booked(
    client: Client, council: Org, state: str
) -> None:
    it = item(council.org, "Old court skills")
    if state == "unpublished":
        it.published_at = None
    else:
        it.withdrawn_on = clock.today() - timedelta(days=1)
    it.save()
    s = session(it)
    base = f"/api/organisations/{council.org.code}/"
    response = client.post(
        f"{base}learning/bookings/",
        {"session": s.pk},
        headers=auth(council.nqsw_user),
        content_type="application/json",
    )
    assert response.status_code == 400 and "not open for booking" in str(response.json())
    page = reverse("learning:item", args=[council.org.code, it.pk])
    client.force_login(council.nqsw_user)
    assert client.get(page).status_code == 404
    assert client.post(page, {"action": "book", "session": s.pk}).status_code == 404
    assert not Booking.objects.exists()
    # The learning lead still sees it, marked for what it is.
    client.force_login(council.lead)
    text = client.get(page).content.decode()
    assert ("Withdrawn on" in text) == (state == "withdrawn")
    assert ("Not published yet" in text) == (state == "unpublished")


@pytest.mark.django_db
def test_cpd_evidence_follows_where_the_person_works_now(
    client: Client, council: Org, tmp_path: Any
) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        record = CpdRecord.objects.create(
            organisation=council.org,
            person=council.senior,
            cpd_type="reading",
            title="Court skills reading",
            on=clock.today() - timedelta(days=10),
            hours=Decimal(2),
        )
        record.evidence.save("notes.pdf", ContentFile(b"%PDF-1.4 evidence"))
        url = reverse("learning:cpd_evidence", args=[council.org.code, record.pk])
        client.force_login(council.manager_user)
        assert client.get(url).status_code == 200
        # Sol leaves: his former manager no longer opens his evidence; he still does.
        spell_end(
            spell=council.senior.spells.get(),
            end_date=clock.today() - timedelta(days=1),
            leaving_reason=1,
            leaver_destination=None,
            version=None,
        )
        assert client.get(url).status_code == 404
        client.force_login(council.senior_user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 evidence"  # type: ignore[attr-defined]
