"""The evidence pack's saved commentary (dated, audited, concurrent edits refused; used by the
page, the CLI and the pack) and the sections drawn from the other areas, groups under five
hidden."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_staff, make_user
from thrive.cli import main
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.core.roles import Role
from thrive.intelligence.selectors import pack_commentary
from thrive.intelligence.services import pack_commentary_save

pytestmark = pytest.mark.django_db


def test_commentary_is_dated_audited_and_stale_edits_are_refused(org: Any) -> None:
    leader = make_user(org, Role.SENIOR_LEADER)
    first = pack_commentary_save(
        organisation=org, section="retention", text="Our academy keeps people.",
        effective_from=date(2026, 1, 1), user=leader, version=0,
    )  # fmt: skip
    pack_commentary_save(
        organisation=org, section="retention", text="Better still.",
        effective_from=date(2026, 6, 1), user=leader, version=0,
    )  # fmt: skip
    assert pack_commentary(org, date(2025, 12, 31)) == {}
    assert pack_commentary(org, date(2026, 3, 1))["retention"].text == "Our academy keeps people."
    assert pack_commentary(org, date(2026, 7, 1))["retention"].text == "Better still."
    assert AuditEvent.objects.filter(action="intelligence.pack_commentary_saved").count() == 2
    # Someone else saved since the page was opened (at version 1): refused, naming the section.
    pack_commentary_save(
        organisation=org, section="retention", text="Edited.",
        effective_from=date(2026, 1, 1), user=leader, version=first.version,
    )  # fmt: skip
    with pytest.raises(ThriveError, match="Retention.*changed this commentary") as stale:
        pack_commentary_save(
            organisation=org, section="retention", text="Mine.",
            effective_from=date(2026, 1, 1), user=leader, version=first.version,
        )  # fmt: skip
    assert stale.value.field == "c_retention"
    with pytest.raises(ThriveError, match="keep it to 1000") as long:
        pack_commentary_save(
            organisation=org, section="agency", text="x" * 1001,
            effective_from=date(2026, 1, 1), user=leader,
        )  # fmt: skip
    assert long.value.field == "c_agency"


def test_page_saves_commentary_and_keeps_what_was_typed_on_a_stale_edit(
    client: Client, org: Any
) -> None:
    url = reverse("intelligence:ofsted_pack", args=[org.code])
    leader = make_user(org, Role.SENIOR_LEADER)
    client.force_login(leader)
    page = client.get(url, {"on": "2026-03-31"}).content.decode()
    assert "None saved" in page and 'name="v_supervision" value="0"' in page
    response = client.post(
        url, {"on": "2026-03-31", "c_supervision": "Monthly for all.", "v_supervision": "0"}
    )
    assert response.status_code == 302
    page = client.get(url, {"on": "2026-04-30"}).content.decode()
    assert "Monthly for all." in page and "in force from 31 March 2026" in page
    # Two people opened the page; the second saves after the first.
    stale = client.post(
        url, {"on": "2026-03-31", "c_supervision": "My words.", "v_supervision": "0"}
    )
    body = stale.content.decode()
    assert stale.status_code == 400 and "changed this commentary" in body
    assert "My words." in body and 'href="#c_supervision"' in body
    assert client.get(url, {"on": "31/03/2026"}).status_code == 400  # named, not guessed


def test_cli_saves_the_commentary_and_the_pack_uses_it(
    org: Any, tmp_path: Path, capsys: Any
) -> None:
    from thrive.intelligence.pack import TITLES
    from thrive.intelligence.pack_sections import learning_part

    words = tmp_path / "words.json"
    words.write_text(json.dumps({"learning": "Every worker has 30 hours a year."}))
    out = tmp_path / "pack.xlsx"
    make_user(org, Role.PRACTITIONER, email="p@example.test")
    refused = [
        "report", "ofsted", "--org", org.code, "--on", "2026-03-31", "--out", str(out),
        "--commentary", str(words), "--save-commentary", "--as", "p@example.test",
    ]  # fmt: skip
    assert main(refused) == 1
    assert pack_commentary(org, date(2026, 3, 31)) == {}
    assert learning_part(org, [2025, 2026]).rows == [[2025, *[None] * 6], [2026, *[None] * 6]]
    assert TITLES["learning"].startswith("Learning")
    saved = main(refused[:-2]) == 0
    assert saved and pack_commentary(org, date(2026, 4, 1))["learning"].text.startswith("Every")
    # Replacing the day's sentence needs the version read, in the file; without it (or with an
    # old one) refused naming it, and nothing of the file saved.
    first = pack_commentary(org, date(2026, 3, 31))["learning"]
    capsys.readouterr()
    words.write_text(json.dumps({"learning": "Now 35 hours.", "retention": "We keep people."}))
    assert main(refused[:-2]) == 1
    assert (
        f"learning already has a sentence in force from 2026-03-31 (version {first.version}); "
        f'to replace it give {{"text": "...", "version": {first.version}}} for learning'
    ) in capsys.readouterr().err
    stale = {"text": "Now 35 hours.", "version": first.version + 1}
    words.write_text(json.dumps({"retention": "We keep people.", "learning": stale}))
    assert main(refused[:-2]) == 1 and "changed this commentary" in capsys.readouterr().err
    assert set(pack_commentary(org, date(2026, 3, 31))) == {"learning"}
    words.write_text(json.dumps({"learning": {"text": "Now 35 hours.", "version": "1"}}))
    assert main(refused[:-2]) == 1 and "N a whole number" in capsys.readouterr().err
    fresh = {"text": "Now 35 hours.", "version": first.version}
    words.write_text(json.dumps({"learning": fresh, "retention": "We keep people."}))
    assert main(refused[:-2]) == 0
    now = pack_commentary(org, date(2026, 3, 31))
    assert now["learning"].text == "Now 35 hours." and now["learning"].version == first.version + 1
    assert now["retention"].text == "We keep people."


def test_learning_hides_fewer_than_five_people(org: Any) -> None:
    from thrive.intelligence.pack_sections import FEWER, learning_part
    from thrive.learning.models import CpdRecord

    people = [make_staff(org) for _ in range(6)]
    for i, person in enumerate(people):
        # Five record CPD in the year to September 2025, one in the year after.
        on = date(2025, 3, 1) if i < 5 else date(2025, 11, 1)
        CpdRecord.objects.create(
            organisation=org, person=person, cpd_type="reading", title="Reading", on=on,
            hours=Decimal(2),
        )  # fmt: skip
    part = learning_part(org, [2024, 2025, 2026])
    assert part.rows[0][1:] == [None] * 6 and "2024: no learning or CPD" in part.notes[0]
    assert part.rows[1][4:] == [5, 10.0, 5]
    assert part.rows[2][4:] == [1, 2.0, FEWER]
