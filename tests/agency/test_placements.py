"""Placements imported from a real file, checked by `thrive agency check`, shown on the pages and
through the API, extended and signed off, with the permissions of the person asking.

The council is the known one (331, West Midlands); the suite's day is 17 June 2026. The file
tests/agency/data/placements.csv plants one breach of each kind (worked by hand in the test)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thrive.agency.models import Placement, PlacementChange, PriceCap
from thrive.agency.services import placement_extend, placement_sign_off, placements_from_register
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.roles import Role

DATA = Path(__file__).parent / "data"

# Every placement in force on 17 June 2026 and what it breaks (A8 ended on 31 March).
EXPECTED = {
    "A1": set(),
    "A2": {("pq_experience", "national"), ("newly_qualified", "west_midlands_mou")},
    "A3": {("cool_off", "west_midlands_mou")},  # 43 an hour: within the 45 cap
    "A4": {("reference", "national")},
    "A5": {("notice", "national")},
    "A6": {("price_cap", "national")},
    "A7": {("pq_experience", "national")},
}


@pytest.fixture
def placed(known: Any, capsys: Any) -> Any:
    assert main(["import", "agency_caps", str(DATA / "caps.csv")]) == 0
    assert main(["import", "placements", str(DATA / "placements.csv"), "--org", known.code]) == 0
    capsys.readouterr()
    return known


def check_json(org: Any, capsys: Any, *extra: str) -> dict[str, Any]:
    code = main(["agency", "check", "--org", org.code, "--format", "json", *extra])
    out = capsys.readouterr().out
    assert code == 0, out
    return json.loads(out)


def breaches(out: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    return {
        p["placement_id"]: {(b["rule"], b["source"]) for b in p["breaches"]}
        for p in out["placements"]
    }


@pytest.mark.django_db
def test_every_planted_breach_is_found_and_none_invented(placed: Any, capsys: Any) -> None:
    out = check_json(placed, capsys, "--on", "2026-06-17")
    assert out["region"] == "West Midlands"
    assert breaches(out) == EXPECTED
    a3 = next(p for p in out["placements"] if p["placement_id"] == "A3")
    cool = next(b for b in a3["breaches"] if b["rule"] == "cool_off")
    assert cool["values"]["earliest_start"] == "2026-11-30"
    a7 = next(p for p in out["placements"] if p["placement_id"] == "A7")
    # Begun in 2024, before the national rules: reached by them on 1 October 2025.
    assert a7["checked_on"] == ["2024-09-02", "2025-10-01"]
    assert a7["breaches"][0]["checked_on"] == "2025-10-01"
    # On 1 March 2026 A8 was in force (and broke the notice rule); A3 to A7 had not started or
    # had other dates.
    earlier = breaches(check_json(placed, capsys, "--on", "2026-03-01"))
    assert set(earlier) == {"A1", "A2", "A7", "A8"}
    assert earlier["A8"] == {("notice", "national")}


@pytest.mark.django_db
def test_cost_to_date_and_committed_are_worked_by_the_day(placed: Any, capsys: Any) -> None:
    out = check_json(placed, capsys, "--on", "2026-06-17")
    a1 = next(p for p in out["placements"] if p["placement_id"] == "A1")
    # 5 January to 17 June 2026 is 164 days; 37 hours a week at £55 is £2,035 a week.
    assert a1["cost_to_date"] == "47677.14"  # 164 x 2035 / 7
    assert a1["committed"] == "57270.71"  # 18 June to 31 December: 197 x 2035 / 7


@pytest.mark.django_db
def test_the_import_is_idempotent_and_links_the_register(placed: Any, capsys: Any) -> None:
    a1 = Placement.objects.get(organisation=placed, placement_id="A1")
    assert a1.worker is not None and a1.worker.staff_id == "S4"
    assert a1.covered_post is not None and a1.covered_post.post_id == "P4"
    assert Placement.objects.get(placement_id="A2").worker is None  # not in the register
    assert PriceCap.objects.count() == 4
    code = main(["import", "placements", str(DATA / "placements.csv"), "--org", placed.code])
    assert code == 0
    assert "0 new, 0 changed, 8 unchanged" in capsys.readouterr().out
    assert main(["import", "agency_caps", str(DATA / "caps.csv")]) == 0
    assert PriceCap.objects.count() == 4


@pytest.mark.django_db
def test_a_bad_file_writes_nothing_and_names_each_row_and_column(
    known: Any, capsys: Any, tmp_path: Path
) -> None:
    code = main(["import", "placements", str(DATA / "placements_bad.csv"), "--org", known.code])
    err = capsys.readouterr().err
    assert code == 1
    for problem in (
        "row 3, column job_type: 'locum' is not a job type",
        "row 3, column notice_weeks: 'four' is not a number",
        "row 3, column reference_given: 'maybe' is not yes or no",
        "row 4, column agency: is required",
        "row 4, column hours_per_week: must be more than 0",
    ):
        assert problem in err, err
    assert not Placement.objects.exists()
    # Rules across cells are checked once every cell reads.
    lines = (DATA / "placements_bad.csv").read_text().splitlines()[:2]
    one = tmp_path / "one.csv"
    one.write_text("\n".join(lines) + "\n")
    assert main(["import", "placements", str(one), "--org", known.code]) == 1
    assert (
        "row 2, column planned_end_date: 2025-12-31 is before start_date 2026-01-05"
        in capsys.readouterr().err
    )


@pytest.mark.django_db
def test_a_placements_import_needs_a_council(known: Any, capsys: Any) -> None:
    assert main(["import", "placements", str(DATA / "placements.csv")]) == 1
    assert "needs --org" in capsys.readouterr().err


@pytest.mark.django_db
def test_an_extension_is_dated_and_checked_again(placed: Any, capsys: Any) -> None:
    hr = make_user(placed, Role.HR_RECRUITMENT)
    a1 = Placement.objects.get(organisation=placed, placement_id="A1")
    placement_extend(
        placement=a1,
        planned_end_date=date(2027, 3, 31),
        effective_on=date(2026, 6, 1),
        hourly_pay=Decimal("39.00"),
        actor=hr,
    )
    change = PlacementChange.objects.get(placement=a1)
    assert (change.hourly_pay, change.employer_ni_and_levy) == (Decimal("39.00"), Decimal("5.00"))
    out = check_json(placed, capsys, "--on", "2026-06-17")
    a1_row = next(p for p in out["placements"] if p["placement_id"] == "A1")
    assert [(b["rule"], b["checked_on"]) for b in a1_row["breaches"]] == [
        ("price_cap", "2026-06-01")
    ]
    assert a1_row["breaches"][0]["values"]["capped_hourly"] == "44"
    assert AuditEvent.objects.filter(action="agency.placement_extended").count() == 1


@pytest.mark.django_db
def test_above_the_cap_signed_off_by_both_is_not_a_breach(placed: Any, capsys: Any) -> None:
    leader = make_user(placed, Role.SENIOR_LEADER)
    a6 = Placement.objects.get(organisation=placed, placement_id="A6")
    placement_sign_off(
        placement=a6,
        dcs_name="J. Director",
        dcs_on=date(2026, 4, 1),
        ceo_name="K. Chief",
        ceo_on=date(2026, 4, 2),
        actor=leader,
    )
    out = check_json(placed, capsys, "--on", "2026-06-17")
    a6_row = next(p for p in out["placements"] if p["placement_id"] == "A6")
    assert a6_row["breaches"] == []
    assert [e["rule"] for e in a6_row["signed_off_above_cap"]] == ["price_cap"]


@pytest.mark.django_db
def test_placements_from_the_registers_agency_spells(known: Any) -> None:
    assert placements_from_register(organisation=known, actor=None) == 1
    made = Placement.objects.get(organisation=known)
    assert (made.placement_id, made.agency, made.hourly_charge) == (
        "S4-20250101",
        "Acme Social Care Ltd",
        Decimal("52.50"),
    )
    assert made.hours_per_week == Decimal("37.00")
    assert placements_from_register(organisation=known, actor=None) == 0


@pytest.mark.django_db
def test_the_pages_for_hr_and_the_refusals(placed: Any) -> None:
    hr, practitioner = make_user(placed, Role.HR_RECRUITMENT), make_user(placed, Role.PRACTITIONER)
    client = Client()
    client.force_login(hr)
    page = client.get(f"/o/{placed.code}/agency/placements/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "8 placements" in html and "newly_qualified" in html
    assert '<dd class="govuk-summary-list__value" id="placements-breaching">6</dd>' in html
    a6 = Placement.objects.get(placement_id="A6")
    detail = client.get(f"/o/{placed.code}/agency/placements/{a6.pk}/").content.decode()
    assert "£58.00 an hour" in detail and "above the West Midlands cap" in detail
    assert client.get(f"/o/{placed.code}/agency/rules/").status_code == 200
    # HR extend but do not sign off.
    assert client.get(f"/o/{placed.code}/agency/placements/{a6.pk}/sign-off/").status_code == 403
    client.force_login(practitioner)
    assert client.get(f"/o/{placed.code}/agency/placements/").status_code == 403


@pytest.mark.django_db
def test_the_sign_off_form_keeps_what_was_typed_and_records_it(placed: Any) -> None:
    leader = make_user(placed, Role.SENIOR_LEADER)
    client = Client()
    client.force_login(leader)
    a6 = Placement.objects.get(placement_id="A6")
    url = f"/o/{placed.code}/agency/placements/{a6.pk}/sign-off/"
    bad = client.post(url, {"dcs_name": "J. Director", "ceo_name": ""})
    assert bad.status_code == 200 and 'value="J. Director"' in bad.content.decode()
    good = client.post(
        url,
        {
            "dcs_name": "J. Director",
            "dcs_on_0": "1",
            "dcs_on_1": "4",
            "dcs_on_2": "2026",
            "ceo_name": "K. Chief",
            "ceo_on_0": "2",
            "ceo_on_1": "4",
            "ceo_on_2": "2026",
        },
    )
    assert good.status_code == 302
    a6.refresh_from_db()
    assert a6.signed_off and a6.ceo_signed_off_by == "K. Chief"


@pytest.mark.django_db
def test_the_check_endpoint(placed: Any) -> None:
    hr = make_user(placed, Role.HR_RECRUITMENT)
    client = Client()
    client.force_login(hr)
    answer = client.get(f"/api/organisations/{placed.code}/agency/check/?on=2026-06-17").json()
    assert breaches(answer) == EXPECTED
    bad = client.get(f"/api/organisations/{placed.code}/agency/check/?on=tomorrow")
    assert bad.status_code == 400
    listed = client.get(f"/api/organisations/{placed.code}/agency/placements/").json()
    assert listed["count"] == 8
    teams = client.get(f"/api/organisations/{placed.code}/agency/exit-strategies/").json()
    # A1 to A7 in force on 17 June, 37 hours each; no strategy set yet.
    assert [(t["team"], t["agency_fte_now"], t["target_fte"]) for t in teams] == [
        ("Assessment Team 1", "7.00", None)
    ]


@pytest.mark.django_db
def test_the_demo_placements_show_each_breach_once(known: Any, capsys: Any) -> None:
    import random

    from thrive.agency.demo import seed_agency

    assert seed_agency(known, random.Random(1)) == 12  # 1 from the register, 11 planted
    assert seed_agency(known, random.Random(1)) == 0
    found = breaches(check_json(known, capsys))
    assert {k: v for k, v in found.items() if k.startswith("DEMO")} == {
        "DEMO-A1": set(),
        "DEMO-A2": set(),
        "DEMO-A3": {("pq_experience", "national"), ("newly_qualified", "west_midlands_mou")},
        "DEMO-A4": {("cool_off", "west_midlands_mou")},
        "DEMO-A5": {("cool_off", "national"), ("cool_off", "west_midlands_mou")},
        "DEMO-A6": {("reference", "national")},
        "DEMO-A7": {("notice", "national")},
        "DEMO-A8": {("price_cap", "national")},
        "DEMO-A9": set(),  # above the cap, signed off
        "DEMO-L1": {("pq_experience", "national")},
        "DEMO-L2": set(),
    }


@pytest.mark.django_db
def test_conversion_to_permanent_and_the_teams_exit_strategy(placed: Any) -> None:
    from thrive.agency.models import ExitStrategy
    from thrive.people.models import EmploymentSpell

    hr = make_user(placed, Role.HR_RECRUITMENT)
    client = Client()
    client.force_login(hr)
    a1 = Placement.objects.get(placement_id="A1")
    url = f"/o/{placed.code}/agency/placements/{a1.pk}/convert/"
    done = client.post(url, {"start_date_0": "1", "start_date_1": "6", "start_date_2": "2026"})
    assert done.status_code == 302
    a1.refresh_from_db()
    assert (a1.converted_on, a1.ended_on) == (date(2026, 6, 1), date(2026, 5, 31))
    spells = EmploymentSpell.objects.filter(person__staff_id="S4").order_by("start_date")
    assert [(s.contract, s.start_date, s.end_date, s.start_origin) for s in spells] == [
        ("agency", date(2025, 1, 1), date(2026, 5, 31), 4),
        ("permanent", date(2026, 6, 1), None, 4),
    ]
    again = client.post(url, {"start_date_0": "2", "start_date_1": "6", "start_date_2": "2026"})
    assert "already converted on 2026-06-01" in again.content.decode()
    # A2's worker is not in the register: refused, saying why.
    a2 = Placement.objects.get(placement_id="A2")
    refused = client.post(
        f"/o/{placed.code}/agency/placements/{a2.pk}/convert/",
        {"start_date_0": "1", "start_date_1": "6", "start_date_2": "2026"},
    )
    assert "X2 is not in the register" in refused.content.decode()
    page = f"/o/{placed.code}/agency/exit-strategies/"
    team = a1.team
    saved = client.post(
        page,
        {
            "team": str(team.pk),
            "target_fte": "2",
            "target_date_0": "31",
            "target_date_1": "3",
            "target_date_2": "2027",
            "planned_conversions": "2",
            "academy_newly_qualified": "1",
            "vacancies_recruiting": "1",
        },
    )
    assert saved.status_code == 302
    assert ExitStrategy.objects.get(team=team).target_fte == Decimal("2.00")
    html = client.get(page).content.decode()
    # In force on 17 June: A2 to A7 (A1 converted, A8 ended), 37 hours each = 6.00 FTE, 4 to go.
    assert '<td class="govuk-table__cell">6.00</td>' in html
    assert "2.00 by 31 Mar 2027" in html and '<td class="govuk-table__cell">4.00</td>' in html
    client.force_login(make_user(placed, Role.TEAM_MANAGER))
    assert client.get(page).status_code == 403


@pytest.mark.django_db
def test_a_changed_file_revises_extends_and_adds_set_based(
    placed: Any, capsys: Any, tmp_path: Path
) -> None:
    from thrive.core import clock
    from thrive.people.models import RegisterRevision

    leader = make_user(placed, Role.SENIOR_LEADER)
    a6 = Placement.objects.get(organisation=placed, placement_id="A6")
    placement_sign_off(
        placement=a6,
        dcs_name="J. Director",
        dcs_on=date(2026, 4, 1),
        ceo_name="K. Chief",
        ceo_on=date(2026, 4, 2),
        actor=leader,
    )
    lines = (DATA / "placements.csv").read_text().splitlines()
    # A1 extended to March 2027 at a new rate; A2 from another agency; A9 new.
    lines[1] = lines[1].replace("2026-12-31,4,36.00", "2027-03-31,4,39.00")
    lines[2] = lines[2].replace("Bright Locums", "Brighter Locums")
    lines.append(lines[8].replace("A8,X8", "A9,S4"))
    changed = tmp_path / "placements.csv"
    changed.write_text("\n".join(lines) + "\n")
    assert main(["import", "placements", str(changed), "--org", placed.code]) == 0
    out = capsys.readouterr().out
    assert "1 new, 2 changed, 6 unchanged" in out, out
    assert "Note: 1 placement(s) extended." in out

    a1 = Placement.objects.get(organisation=placed, placement_id="A1")
    assert (a1.planned_end_date, a1.hourly_pay, a1.version) == (
        date(2027, 3, 31),
        Decimal("39.00"),
        2,
    )
    change = PlacementChange.objects.get(placement=a1)
    assert change.effective_on == max(min(clock.today(), date(2027, 1, 1)), date(2026, 1, 6))
    assert (change.planned_end_date, change.hourly_pay, change.hourly_charge) == (
        date(2027, 3, 31),
        Decimal("39.00"),
        Decimal("55.00"),
    )
    assert change.reason == "extended by import: placements.csv"
    revisions = {r.record_id: r for r in RegisterRevision.objects.filter(kind="placement")}
    a2 = Placement.objects.get(organisation=placed, placement_id="A2")
    assert set(revisions) == {a1.pk, a2.pk}
    assert revisions[a1.pk].changed == ["planned_end_date", "hourly_pay"]
    assert revisions[a1.pk].before == {"planned_end_date": "2026-12-31", "hourly_pay": "36.00"}
    assert revisions[a2.pk].before == {"agency": "Bright Locums"}
    # What the file does not carry (the sign-off) is kept; the new placement links the register.
    a6.refresh_from_db()
    assert (a6.dcs_signed_off_by, a6.ceo_signed_off_by) == ("J. Director", "K. Chief")
    a9 = Placement.objects.get(organisation=placed, placement_id="A9")
    assert a9.worker is not None and a9.worker.staff_id == "S4"
    assert (a9.dcs_signed_off_by, a9.version) == ("", 1)
    # The same file again changes nothing.
    assert main(["import", "placements", str(changed), "--org", placed.code]) == 0
    assert "0 new, 0 changed, 9 unchanged" in capsys.readouterr().out
    assert PlacementChange.objects.count() == 1
