"""The demo region: councils named after real LAs whose computed 2025 measures reproduce their
published figures (rates within 1 point, FTEs within 5%, caseload within 0.5)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from thrive.core import clock
from thrive.demo.seed import seed_demo, shipped_dfe_dir
from thrive.demo.workforce import NATIONAL_2025, published_targets
from thrive.intelligence.models import PublishedFigure
from thrive.intelligence.services import measures_for
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.workbook.models import WorkbookEntry

DFE = Path(settings.THRIVE_DFE_DATA_DIR)
RATES = [
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "absence_rate_fte",
]
FTES = [
    "inpost_fte",
    "agency_fte",
    "vacancy_fte",
    "starters_fte",
    "leavers_fte",
    "case_holders_fte",
]


def assert_close(published: dict[str, Any], computed: dict[str, Any]) -> None:
    for name in RATES:
        if published.get(name) is not None:
            assert abs(computed[name] - published[name]) <= 1.0, (
                name,
                published[name],
                computed[name],
            )
    for name in FTES:
        if published.get(name):
            assert abs(computed[name] - published[name]) <= 0.05 * published[name], (
                name,
                published[name],
                computed[name],
            )
    if published.get("caseload_fte") is not None:
        assert abs(computed["caseload_fte"] - published["caseload_fte"]) <= 0.5


pytestmark = pytest.mark.demo  # seeds a demo region: minutes, not seconds


def test_demo_reproduces_each_councils_own_published_2025_figures(seeded_demo: Any) -> None:
    # With no folder given, the demo uses the published files that ship with Thrive: nothing
    # beside the repository is read (`seeded_demo` points the settings at a folder that does not
    # exist). One council: seeding is the slow part, and every council is calibrated by the same
    # code (tests/analytics/test_synth_fit_by_year.py pins all fourteen councils, every year).
    result = seeded_demo(seed=11)
    assert [o.name for o in result.organisations] == ["Coventry"]
    shipped = shipped_dfe_dir()
    computed = {}
    for org in result.organisations:
        published = published_targets(shipped, org.code)
        assert published, org.name
        computed[org.name] = measures_for(org, 2025)
        assert_close(published, computed[org.name])
        # and every earlier year's published row, in post included: the generator's changes
        # of hours are in the register as dated changes of the spells, as the change form
        # records them (docs/measures.md)
        for year in range(2021, 2025):
            assert_close(published_targets(shipped, org.code, year), measures_for(org, year))
        assert any(f"{org.name}:" in n and "its published 2025 figures" in n for n in result.notes)
    # The council's own figures, not the national averages (Coventry's agency rate is about half).
    differs = [
        name
        for name, value in NATIONAL_2025.items()
        if abs(float(computed["Coventry"][name] or 0) - value) > 1.0
    ]
    assert "agency_rate_fte" in differs, differs
    assert PublishedFigure.objects.exists()  # benchmarks loaded with the demo


@pytest.mark.skipif(not DFE.exists(), reason="published DfE files not present")
def test_the_shipped_indicators_are_the_published_file() -> None:
    assert (shipped_dfe_dir() / "csww_indicators_2017_to_2025.csv").read_bytes() == (
        DFE / "csww_indicators_2017_to_2025.csv"
    ).read_bytes()


def test_without_published_data_the_demo_uses_national_averages_and_seeds_once(
    tmp_path: Path, seeded_demo: Any
) -> None:
    # One seeding serves both checks (seeding is the slow part): the national averages, then the
    # users' records and that seeding again adds nothing.
    result = seeded_demo(seed=3, shipped=False)
    org = Organisation.objects.get()
    _national_averages(org, result.notes)
    linked = StaffMember.objects.for_org(org).filter(user__isnull=False)
    emails = set(linked.values_list("user__email", flat=True))
    assert "practitioner@coventry.thrive.test" in emails
    assert "team.manager@coventry.thrive.test" in emails
    # The newly qualified worker in their ASYE and an agency social worker holding cases sign in
    # to their own records.
    newly = linked.get(user__email="newly.qualified@coventry.thrive.test")
    assert newly.spells.get().start_origin == 1
    agency = linked.get(user__email="agency.social.worker@coventry.thrive.test")
    assert agency.spells.filter(contract="agency", end_date__isnull=True).exists()
    assert agency.allocations.filter(end_date__isnull=True).exists()
    _families_have_workbooks_each_role_can_open(org)
    _supervision_differs_by_team(org)
    _learning_offer(org)
    _audit_trail_has_what_users_would_write(org)
    count = StaffMember.objects.count()
    entries = WorkbookEntry.objects.count()
    seed_demo(orgs=1, seed=3, dfe_dir=tmp_path)
    assert StaffMember.objects.count() == count
    assert WorkbookEntry.objects.count() == entries


def _national_averages(org: Organisation, notes: list[str]) -> None:
    assert any("national averages" in note for note in notes)
    measures = measures_for(org, 2025)
    for name, value in NATIONAL_2025.items():
        tolerance = 0.5 if name == "caseload_fte" else 1.0
        assert abs(float(measures[name] or 0) - value) <= tolerance, (name, measures[name])
    # Five years of history: people started and left in every year.
    for year in range(2021, 2026):
        m = measures_for(org, year)
        assert m["starters_headcount"] and m["leavers_headcount"], year


def _families_have_workbooks_each_role_can_open(org: Organisation) -> None:
    from django.test import Client
    from django.urls import reverse

    from thrive.accounts.models import User
    from thrive.caseloads.models import FamilyAssignment, FamilyMember
    from thrive.caseloads.selectors import families_visible_to
    from thrive.core.permissions import access_for
    from thrive.workbook.models import MonthlySummary

    assert FamilyMember.objects.filter(organisation=org, is_child=False).exists()
    assert FamilyAssignment.objects.filter(organisation=org).exists()
    directions = set(
        MonthlySummary.objects.filter(organisation=org).values_list("direction", flat=True)
    )
    assert len(directions) == 3  # improving, no change and worsening all appear
    chapters = set(WorkbookEntry.objects.filter(organisation=org).values_list("chapter", flat=True))
    assert "social_worker" in chapters and len(chapters) >= 2

    client = Client()
    for email in [
        "practitioner@coventry.thrive.test",
        "adult.specialist@coventry.thrive.test",
        "team.manager@coventry.thrive.test",
    ]:
        user = User.objects.get(email=email)
        family = families_visible_to(access_for(user, org), clock.today()).first()
        assert family is not None, email
        client.force_login(user)
        page = client.get(reverse("workbook:workbook", args=[org.code, family.pk]))
        assert page.status_code == 200 and b"Direction of travel" in page.content
    draft = WorkbookEntry.objects.get(status="draft", source="quick")
    client.force_login(draft.author)
    page = client.get(reverse("workbook:workbook", args=[org.code, draft.family_id]))
    assert page.status_code == 200
    from thrive.caseloads.models import AllocationDecision, CaseloadPolicy

    assert AllocationDecision.objects.filter(organisation=org).exists()
    assert CaseloadPolicy.objects.filter(organisation=org, team__isnull=False).exists()
    assert FamilyMember.objects.filter(organisation=org, date_of_birth__isnull=False).exists()
    # A leaver still holds a family, which the team manager sees on the team board.
    manager = User.objects.get(email="team.manager@coventry.thrive.test")
    team_id = StaffMember.objects.get(user=manager).spells.values_list("team_id", flat=True)[0]
    client.force_login(manager)
    board = client.get(reverse("caseloads:team", args=[org.code, team_id])).content.decode()
    assert 'id="leaver-cases"' in board and "transfer" in board
    assert "Newly qualified" in board  # a worker on the ramp


def _supervision_differs_by_team(org: Organisation) -> None:

    from thrive.supervision.models import Session
    from thrive.supervision.selectors import compliance_report, diary

    report = compliance_report(org, None, clock.today())
    shares = {r.windows[12].share for r in report["rows"] if r.windows[12].people >= 5}
    assert len(shares) >= 3 and max(shares) - min(shares) >= 20, shares  # type: ignore[operator]
    manager = StaffMember.objects.get(
        organisation=org, user__email="team.manager@coventry.thrive.test"
    )
    assert diary(manager, clock.today())["everyone"]
    practitioner = StaffMember.objects.get(
        organisation=org, user__email="practitioner@coventry.thrive.test"
    )
    waiting = Session.objects.filter(
        supervisee=practitioner, supervisee_signed_at__isnull=True, status="held"
    )
    assert waiting.exists()


def _learning_offer(org: Organisation) -> None:

    from thrive.learning.models import Booking
    from thrive.learning.selectors import (
        exchange_ledger,
        feedback_summary,
        needs_analysis,
        recommended_for,
    )

    assert Booking.objects.filter(organisation=org, status="waiting").exists()
    shown = [r for r in feedback_summary(org)["items"] if r["useful"] is not None]
    assert shown  # items with five or more responses show their averages
    assert {len(p.voices) for p in needs_analysis(org)} >= {1, 3}
    assert any(r["we_took"] and r["they_took"] for r in exchange_ledger(org))
    practitioner = StaffMember.objects.get(
        organisation=org, user__email="practitioner@coventry.thrive.test"
    )
    assert recommended_for(practitioner, clock.today())
    from thrive.learning.models import Programme
    from thrive.learning.programmes import programme_report

    grit = Programme.objects.get(organisation=org, kind="resilience")
    report = programme_report(grit, clock.today())
    changes = [c for c in report["changes"] if not c.suppressed]
    assert changes and all(c.ci_low is not None for c in changes)
    assert report["retention"].participants.n >= 5 and report["retention"].comparators.n >= 5


def _audit_trail_has_what_users_would_write(org: Organisation) -> None:
    """The demo's records were written by the services a user's change goes through, so the
    audit trail holds what those users' actions would have written: one entry per record."""
    from collections import Counter

    from thrive.caseloads.models import CaseloadPolicy, FamilyMember
    from thrive.core.models import AuditEvent
    from thrive.learning.models import Booking, LearningSession
    from thrive.supervision.models import Session
    from thrive.workbook.models import MonthlySummary

    actions = Counter(AuditEvent.objects.filter(organisation=org).values_list("action", flat=True))
    summaries = MonthlySummary.objects.filter(organisation=org)
    entries = WorkbookEntry.objects.filter(organisation=org)
    assert actions["family.workbook.summary_added"] == summaries.count() > 0
    assert actions["family.workbook.entry_added"] == entries.filter(status="final").count() > 0
    assert actions["family.workbook.draft_saved"] == entries.filter(status="draft").count() == 1
    # Each entry names its family and the chapter, as a user's entry does.
    entry = entries.filter(status="final").first()
    assert entry is not None
    assert AuditEvent.objects.filter(
        action="family.workbook.entry_added",
        object_id=str(entry.family_id),
        user=entry.author,
        detail__entry=entry.pk,
    ).exists()
    adults = FamilyMember.objects.filter(organisation=org, is_child=False).count()
    assert actions["family.adult_added"] == adults > 0
    assert actions["caseload.policy_added"] == CaseloadPolicy.objects.for_org(org).count() >= 2
    sessions = Session.objects.filter(organisation=org)
    assert actions["supervision.booked"] == sessions.count() > 100
    held = sessions.filter(status="held")
    assert actions["supervision.recorded"] >= held.filter(kind="one_to_one").count() > 100
    session = held.filter(kind="one_to_one").first()
    assert session is not None
    assert AuditEvent.objects.filter(
        action="supervision.recorded", object_type="supervision.session", object_id=str(session.pk)
    ).exists()
    bookings = Booking.objects.filter(organisation=org)
    assert actions["learning.booked"] + actions["learning.waiting"] == bookings.count() > 100
    assert actions["learning.waiting"] == bookings.filter(status="waiting").count() > 0
    assert actions["learning.session_added"] == LearningSession.objects.for_org(org).count()
    assert actions["learning.attendance"] > 0
    # The register came in through the register imports, as a council's files do: one entry
    # for each of the four files, each counting what it wrote; the newly qualified worker's post
    # and children came in the same way afterwards.
    imports = {kind: actions[f"import.{kind}"] for kind in ("staff", "posts", "absences")}
    assert imports | {"allocations": actions["import.allocations"]} == {
        "staff": 1,
        "posts": 2,
        "absences": 1,
        "allocations": 2,
    }
    staff_import = AuditEvent.objects.get(organisation=org, action="import.staff")
    written = re.fullmatch(
        r"demo register: (\d+) new, 0 changed, 0 unchanged", staff_import.summary
    )
    assert written is not None, staff_import.summary
    # Every spell but those the demo adds afterwards (the newly qualified worker's, a few more).
    spells = EmploymentSpell.objects.for_org(org).count()
    assert spells - 10 <= int(written.group(1)) <= spells
