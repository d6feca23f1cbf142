"""Demo families: adults in the household, adult specialists assigned, and workbooks with entries
in several chapters and a year of monthly shared summaries whose direction of travel varies."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby
from typing import Any

from django.db.models import Q

from thrive.accounts.models import User
from thrive.caseloads.models import Allocation, Family, FamilyAssignment, FamilyMember
from thrive.caseloads.services import (
    caseload_policies_add,
    children_details_set,
    family_adult_add,
    family_assign,
)
from thrive.core import clock
from thrive.core.models import current_q
from thrive.core.permissions import Access, access_for
from thrive.core.roles import Role
from thrive.people.models import EmploymentSpell, Organisation, StaffMember
from thrive.workbook.models import MonthlySummary, PracticeTool, WorkbookEntry
from thrive.workbook.services import entry_save, workbook_bulk_add

SPECIALIST_ROLE = {
    "domestic_abuse": "da_victim",
    "substance_misuse": "substance_misuse",
    "adult_mental_health": "adult_mental_health",
    "probation": "probation",
}
ADULT_NAMES = ["Dana", "Lee", "Kerry", "Jordan", "Sam", "Alex", "Chris", "Jo", "Nicky", "Robin"]
STRENGTHS = [
    "Grandmother collects the children from school every day and they are happy with her.",
    "Mum has kept every appointment this month and talks openly about what is hard.",
    "The children say home feels calmer; school reports better attendance.",
    "Dad has started the parenting group and brought his own questions to it.",
]
CONCERNS = [
    "Arguments between the adults when dad has been drinking; the children hear them.",
    "Mum's low mood means mornings are chaotic and the youngest is often late to nursery.",
    "Police were called once after a row; the children were present.",
    "Rent arrears and a possible eviction are adding pressure on the family.",
]
NEXT_STEPS = [
    "Substance misuse worker to see dad weekly; social worker to visit with the scaling tool.",
    "Mental health worker to review mum's medication with the GP by the end of the month.",
    "Family network meeting to plan who helps with mornings; social worker to arrange.",
    "Domestic abuse worker to complete safety plan with mum; review at group supervision.",
]
ENTRY_TEXT = {
    "social_worker": "Home visit. Saw both children on their own; used the three houses with the "
    "eldest, who drew her worries about shouting at night. Talked with mum about what helps.",
    "da_victim": "Met mum at the children's centre. Went through the safety plan and agreed "
    "who she will call if things escalate. She says she feels listened to.",
    "da_perpetrator": "Session with dad on the impact of conflict on the children; he used the "
    "cycle of change to say where he is. Engaged well.",
    "substance_misuse": "Dad attended his appointment; breath test clear. Talked through the "
    "scaling question: he rates his drinking at 4 (10 = in control), up from 2.",
    "adult_mental_health": "Saw mum with the GP's letter. Mood a little better; she is using the "
    "routine chart. Referred to the talking therapies group.",
    "probation": "Supervision appointment kept. Licence conditions explained again; no new "
    "concerns. Agreed to share dates with the family's social worker.",
}


def _month_starts(today: date, count: int) -> list[date]:
    months: list[date] = []
    current = today.replace(day=1)
    for _ in range(count):
        months.insert(0, current)
        current = (current - timedelta(days=1)).replace(day=1)
    return months


def seed_families(org: Organisation, rng: random.Random, limit: int = 40) -> int:
    """Workbooks for the families of the demo practitioner and the managed team (once)."""
    if WorkbookEntry.objects.for_org(org).exists():
        return 0
    today = clock.today()
    practitioner = User.objects.filter(
        role_assignments__organisation=org, role_assignments__role=Role.PRACTITIONER
    ).first()
    manager_user = User.objects.filter(
        role_assignments__organisation=org, role_assignments__role=Role.TEAM_MANAGER
    ).first()
    specialist_user = User.objects.filter(
        role_assignments__organisation=org, role_assignments__role=Role.ADULT_SPECIALIST
    ).first()
    if practitioner is None or manager_user is None:
        return 0
    held = current_q(EmploymentSpell, today)
    manager_team = StaffMember.objects.filter(user=manager_user).values_list(
        "spells__team_id", flat=True
    )
    allocations = list(
        Allocation.objects.for_org(org)
        .filter(held)
        .filter(Q(worker__user=practitioner) | Q(worker__spells__team_id__in=manager_team))
        .values_list("family_id", "child_id", "worker__user_id")
        .distinct()
    )
    family_ids: list[str] = []
    authors: dict[str, Any] = {}
    for family_id, child_id, worker_user in allocations:
        key = family_id or f"child-{child_id}"
        if key not in authors:
            family_ids.append(key)
            authors[key] = practitioner if worker_user == practitioner.pk else manager_user
    # The practitioner's own families first, then the team's.
    family_ids.sort(key=lambda k: (authors[k] != practitioner, k))
    families = list(
        Family.objects.for_org(org).filter(family_id__in=family_ids[:limit]).order_by("family_id")
    )
    specialists = list(
        EmploymentSpell.objects.for_org(org)
        .filter(held, profession__in=list(SPECIALIST_ROLE))
        .select_related("person")
        .order_by("person__staff_id")[:30]
    )
    specialist_person = StaffMember.objects.filter(user=specialist_user).first()
    tools = list(PracticeTool.objects.for_org(org))
    adults: list[tuple[Family, Any, str, str, str]] = []
    summaries: list[tuple[Any, dict[str, Any]]] = []
    entries: list[tuple[Any, dict[str, Any]]] = []
    assignments: list[tuple[Family, StaffMember, str]] = []
    months = _month_starts(today, 8)
    for index, family in enumerate(families):
        author = authors.get(family.family_id, manager_user)
        for n in range(rng.choice([1, 1, 2])):
            first_name = rng.choice(ADULT_NAMES)
            relationship = "parent" if n == 0 else rng.choice(["partner", "carer"])
            adults.append((family, author, f"demo-adult-{family.pk}-{n}", first_name, relationship))
        chapters = ["social_worker"]
        if specialists:
            spell = specialists[index % len(specialists)]
            person = spell.person
            if specialist_person is not None and index % 3 == 0:
                person = specialist_person
                spell_profession = (
                    EmploymentSpell.objects.filter(person=person)
                    .values_list("profession", flat=True)
                    .first()
                    or "domestic_abuse"
                )
            else:
                spell_profession = spell.profession
            role = SPECIALIST_ROLE.get(spell_profession, "other")
            assignments.append((family, person, role))
            chapters.append(role)
        direction_score = rng.choice([-1, 0, 0, 1])
        for m_index, month in enumerate(months[-rng.randint(3, len(months)) :]):
            direction_score = max(-1, min(1, direction_score + rng.choice([-1, 0, 1, 1])))
            summaries.append(
                (
                    author,
                    {
                        "family": family,
                        "month": month,
                        "strengths": rng.choice(STRENGTHS),
                        "concerns": rng.choice(CONCERNS),
                        "family_shares": ["no", "partly", "yes"][
                            min(2, max(0, direction_score + 1))
                        ],
                        "direction": ["worsening", "no_change", "improving"][direction_score + 1],
                        "next_steps": rng.choice(NEXT_STEPS),
                    },
                )
            )
            for chapter in chapters:
                day = month + timedelta(days=rng.randint(2, 25))
                if day > today:
                    continue
                writer = author
                if chapter != "social_worker":
                    # Only the demo specialist signs in; other specialists' chapters stay empty.
                    if specialist_user is None or index % 3 != 0:
                        continue
                    writer = specialist_user
                chosen = rng.sample(tools, k=min(2, len(tools)))
                entries.append(
                    (
                        writer,
                        {
                            "family": family,
                            "chapter": chapter,
                            "occurred_on": day,
                            "title": f"Visit {m_index + 1}",
                            "body": ENTRY_TEXT.get(chapter, ENTRY_TEXT["social_worker"]),
                            "tools": [t.pk for t in chosen],
                        },
                    )
                )
    # Every record is written by the service a user's change goes through, as the user who
    # would write it: the same rules, and the same entries in the family's audit trail.
    accesses: dict[int, Access] = {}

    def access_of(user: Any) -> Access:
        if user.pk not in accesses:
            accesses[user.pk] = access_for(user, org)
        return accesses[user.pk]

    for family, author, member_id, first_name, relationship in adults:
        family_adult_add(
            access=access_of(author),
            family=family,
            first_name=first_name,
            relationship=relationship,
            member_id=member_id,
        )
    for family, person, role in assignments:
        family_assign(family=family, person=person, role=role, start_date=months[0])
    # The summaries' tools were chosen after every entry's (the demo's data stays as it was).
    summary_tools = [rng.sample(tools, k=min(3, len(tools))) for _ in summaries]
    for (_, fields), chosen in zip(summaries, summary_tools, strict=True):
        fields["tools"] = [t.pk for t in chosen]
    # Each writer's records for a family together (in the order made): one connection check.
    for (writer, family), rows in groupby(summaries, key=lambda r: (r[0], r[1]["family"])):
        workbook_bulk_add(
            access=access_of(writer), family=family, summaries=[fields for _, fields in rows]
        )
    for (writer, family), rows in groupby(entries, key=lambda r: (r[0], r[1]["family"])):
        workbook_bulk_add(
            access=access_of(writer),
            family=family,
            entries=[{**fields, "finalise": True} for _, fields in rows],
        )
    # The draft belongs to one of the practitioner's own families, which they can open.
    own = [f for f in families if authors.get(f.family_id) == practitioner]
    if own:
        entry_save(
            access=access_of(practitioner),
            family=own[0],
            chapter="social_worker",
            occurred_on=today,
            title="Quick note after the visit",
            body="Dad was at home; children at school. Finish after supervision.",
            source="quick",
        )
    _children_details(org, families, rng)
    _policy_history(org, today)
    _allocate_through_the_assistant(org, practitioner, manager_user, today)
    return len(families)


CHILD_NAMES = ["Maya", "Leo", "Amelia", "Noah", "Zara", "Alfie", "Ivy", "Yusuf", "Ruby", "Kai"]


def _children_details(org: Organisation, families: list[Family], rng: random.Random) -> None:
    """First names and dates of birth for the children of the demo's families."""
    today = clock.today()
    children = list(FamilyMember.objects.for_org(org).filter(family__in=families, is_child=True))
    first_allocated: dict[str, date] = {}
    care_leaver: set[str] = set()
    for child_id, start, case_type in (
        Allocation.objects.for_org(org)
        .filter(child_id__in=[c.member_id for c in children])
        .values_list("child_id", "start_date", "case_type")
    ):
        first_allocated[child_id] = min(start, first_allocated.get(child_id, start))
        if case_type == "care_leaver":
            care_leaver.add(child_id)
    # The family's work: the earliest summary, record or specialist's assignment.
    family_began: dict[int, date] = {}
    for rows in (
        MonthlySummary.objects.for_org(org)
        .filter(family__in=families)
        .values_list("family_id", "month"),
        WorkbookEntry.objects.for_org(org)
        .filter(family__in=families)
        .values_list("family_id", "occurred_on"),
        FamilyAssignment.objects.for_org(org)
        .filter(family__in=families)
        .values_list("family_id", "start_date"),
    ):
        for family_pk, day in rows:
            family_began[family_pk] = min(day, family_began.get(family_pk, day))
    details: dict[str, tuple[str, date]] = {}
    for child in children:
        first_name = rng.choice(CHILD_NAMES)
        # Born before anything was recorded about them or their family: a month at least.
        known_from = min(
            first_allocated.get(child.member_id, today),
            family_began.get(child.family_id, today),
        )
        latest = min(today - timedelta(days=200), known_from - timedelta(days=30))
        earliest = today - timedelta(days=17 * 365)
        if child.member_id in care_leaver:  # care leavers are 16 to 21
            earliest = today - timedelta(days=21 * 365)
            latest = min(latest, today - timedelta(days=16 * 365))
        span = max(0, (latest - earliest).days)
        details[child.member_id] = (first_name, latest - timedelta(days=rng.randint(0, span)))
    # The same set-based write as the case system's import of children's details.
    children_details_set(organisation=org, details=details)


def _policy_history(org: Organisation, today: date) -> None:
    """A council policy that changed after a caseload review, and one team's own cap."""
    from thrive.caseloads.models import CaseloadPolicy
    from thrive.people.models import Team

    if CaseloadPolicy.objects.for_org(org).exists():
        return
    team = (
        Team.objects.for_org(org).filter(team_type="family_safeguarding").order_by("name").first()
    )
    rows: list[dict[str, Any]] = [
        {
            "effective_from": today - timedelta(days=730),
            "full_time_cap": Decimal(18),
            "note": "Before the caseload review",
        },
        {
            "effective_from": today - timedelta(days=240),
            "full_time_cap": Decimal(17),
            "note": "The caseload review: 17 children for a full-time worker",
        },
    ]
    if team is not None:
        rows.append(
            {
                "team": team,
                "effective_from": today - timedelta(days=90),
                "full_time_cap": Decimal(16),
                "note": "Family Safeguarding: time for joint work with adult specialists",
            }
        )
    # The council's policy history, written as a council recording the policies it has had.
    caseload_policies_add(organisation=org, policies=rows)


def _allocate_through_the_assistant(
    org: Organisation, practitioner: Any, manager_user: Any, today: date
) -> None:
    """A new family allocated to the demo practitioner by their manager through the assistant,
    so the family's record shows an allocation decision."""
    from thrive.caseloads.services import ChildToAllocate, family_allocate
    from thrive.core.errors import ThriveError
    from thrive.core.permissions import access_for

    worker = StaffMember.objects.filter(user=practitioner).first()
    spell = (
        EmploymentSpell.objects.for_org(org)
        .filter(person=worker)
        .current(today)
        .select_related("team")
        .first()
    )
    if worker is None or spell is None:
        return
    try:
        family_allocate(
            access=access_for(manager_user, org),
            team=spell.team,
            worker=worker,
            family_id=f"FN{worker.pk:05d}",
            family_name="The Ahmed family",
            children=[ChildToAllocate(f"CN{worker.pk:05d}1", "cin")],
            start_date=today - timedelta(days=7),
            override_reason="Knows the school and the family's community; a short-term stretch.",
        )
    except ThriveError:
        return  # the manager does not allocate in the practitioner's team


def seed_leaver_cases(org: Organisation, team: Any, rng: random.Random) -> int:
    """A social worker in *team* who left a few weeks ago (moving to another council) with their
    children still allocated, as happens when the case system lags behind the register: the team
    board's list of children held by leavers, and the manager's transfer, have something to show.
    Never one of the demo's own users. Once; returns the children still held."""

    today = clock.today()
    if team is None:
        return 0
    # Once: a leaver of this team still holding a child (their last spell ended by today).
    left = EmploymentSpell.objects.for_org(org).filter(
        team=team, end_date__gt=today - timedelta(days=60), end_date__lte=today
    )
    still_held = Allocation.objects.for_org(org).filter(
        worker__in=left.values("person"), end_date__isnull=True
    )
    if still_held.exclude(worker__spells__in=EmploymentSpell.objects.current(today)).exists():
        return 0
    held = current_q(EmploymentSpell, today)
    spell = (
        EmploymentSpell.objects.for_org(org)
        .filter(held, team=team, profession="social_worker", org_role=5, contract="permanent")
        .filter(person__user__isnull=True, person__allocations__end_date__isnull=True)
        .order_by("person__staff_id")
        .distinct()
        .first()
    )
    if spell is None:
        return 0
    from thrive.people.register_links import posts_vacate
    from thrive.people.services import spell_end

    left_on = max(spell.start_date, today - timedelta(days=rng.randint(10, 40)))
    spell = spell_end(
        spell=spell,
        end_date=left_on,
        leaving_reason=1,  # resigned
        leaver_destination=1,  # a social work role in another English council
        version=None,
    )
    posts_vacate(person=spell.person, left_on=left_on)
    return (
        Allocation.objects.for_org(org)
        .filter(worker=spell.person, start_date__lte=left_on, end_date__isnull=True)
        .count()
    )


def seed_newly_qualified(org: Organisation, team: Any) -> int:
    """A newly qualified social worker who joined *team* ten weeks ago (the register the demo is
    calibrated on stops at the last census), building up their caseload on the ramp and
    supervised on the ASYE ladder. Once; returns the children they hold."""

    today = clock.today()
    staff_id = f"NQ{org.code}"
    if team is None or StaffMember.objects.for_org(org).filter(staff_id=staff_id).exists():
        return 0
    from thrive.people.services import staff_add

    start = today - timedelta(days=70)
    person = staff_add(
        organisation=org,
        staff_id=staff_id,
        first_name="Priya",
        last_name="Sandhu",
        qualified_on=today - timedelta(days=150),
        qualification_level=1,
        qualification_institution="Coventry University",
        swe_number=f"SW9{org.code}",
        cfkss_status=1,
        # The census items a new starter is asked for, so the return is complete.
        date_of_birth=date(today.year - 24, 3, 14),
        gender=2,
        ethnicity="AIND",
        step_up_grad=False,
        frontline_grad=False,
        start_date=start,
        profession="social_worker",
        contract="permanent",
        team=team,
        fte=Decimal(1),
        job_title="Newly qualified social worker (ASYE)",
        org_role=5,
        start_origin=1,
    )
    # Their post and their children come in as the council's files do, through the imports.
    from thrive.demo.workforce import import_rows
    from thrive.people.imports.allocations import AllocationsImporter
    from thrive.people.imports.establishment import PostsImporter

    post = {"post_id": f"P-{staff_id}", "team": team.name, "title": "Social worker (ASYE)"}
    post |= {"fte": Decimal(1), "social_work_post": True, "funded_from": start}
    import_rows(PostsImporter, org, [{**post, "holder_staff_id": person.staff_id}])
    children = [("cin", 40), ("cin", 40), ("early_help", 12)]
    allocations = [
        {
            "child_id": f"CQ{org.code}{n}",
            "family_id": f"FQ{org.code}{n // 2}",
            "staff_id": person.staff_id,
            "case_type": case_type,
            "start_date": today - timedelta(days=days),
        }
        for n, (case_type, days) in enumerate(children)
    ]
    import_rows(AllocationsImporter, org, allocations)
    from thrive.caseloads.services import families_sync

    families_sync(organisation=org)
    return len(children)
