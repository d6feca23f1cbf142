"""Records about Sam (staff ID 100003) in every area the subject access export reads, each beside
a record about Noor (100002) that Sam's export must not show: written as real rows, one round
at a time, so a test can add a second round and see the export's query count stay the same."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from tests.factories import make_user
from tests.recruitment.helpers import channel, raise_vacancy
from tests.supervision.conftest import Crew
from thrive.core import clock
from thrive.core.roles import Role

DAY = date(2026, 3, 2)


def add_round(crew: Crew, n: int) -> dict[str, Any]:
    """Round *n* of records (n from 0); returns what a test looks for."""
    org, sam, noor = crew.org, crew.senior, crew.asye
    at = datetime.combine(DAY, time(9), tzinfo=clock.now().tzinfo)
    return {
        **_recruitment(crew, n, at),
        **_academy(org, sam, noor, n),
        **_engagement(crew, n, at),
        **_agency(crew, n),
    }


def _recruitment(crew: Crew, n: int, at: datetime) -> dict[str, Any]:
    from thrive.recruitment.models import (
        Application,
        EqualityMonitoring,
        Interest,
        Panel,
        Panellist,
        Question,
        ReferralPayment,
        SaferCheck,
        Score,
    )

    org = crew.org
    hr = make_user(org, Role.HR_RECRUITMENT)
    vacancy = raise_vacancy(org, hr, team=crew.team, title=f"Social worker {n}")
    word = channel(org, "Word of mouth")

    def application(name: str, email: str, **kw: Any) -> Application:
        return Application.objects.create(
            organisation=org,
            vacancy=vacancy,
            candidate_name=name,
            candidate_email=email,
            channel=word,
            applied_on=DAY,
            **kw,
        )

    own = application("Sam Test", "SAM@example.test", supporting_statement=f"Sam {n}")
    other = application("Rival Person", f"rival{n}@example.org", referred_by=crew.senior)
    referred = application("Friend Of Sam", f"friend{n}@example.org", referred_by=crew.senior)
    for app, eth in ((own, "WBRI"), (other, "AIND")):
        EqualityMonitoring.objects.create(organisation=org, application=app, ethnicity=eth)
        SaferCheck.objects.create(
            organisation=org,
            application=app,
            kind="identity",
            checked_on=DAY,
            checked_by=hr,
            evidence=f"Passport of {app.candidate_name}",
        )
    question = Question.objects.create(
        organisation=org,
        text="A case",
        value="Curiosity",
        rubric="r",
        effective_from=DAY,
        added_by=hr,
    )
    panel = Panel.objects.create(organisation=org, vacancy=vacancy, sits_on=DAY)
    panellist = Panellist.objects.create(
        organisation=org, panel=panel, user=crew.senior_user, kind="staff", trained_on=DAY
    )
    judge = Panellist.objects.create(organisation=org, panel=panel, user=hr, kind="staff")
    for app, note in ((own, "Sam answered well"), (other, "Rival answered badly")):
        Score.objects.create(
            organisation=org,
            panellist=judge,
            application=app,
            question=question,
            score=4,
            note=note,
            submitted_at=at,
        )
    Score.objects.create(
        organisation=org,
        panellist=panellist,
        application=other,
        question=question,
        score=2,
        note="Scored by Sam about the rival",
        submitted_at=at,
    )
    ReferralPayment.objects.create(
        organisation=org, application=referred, amount=Decimal(250), paid_on=DAY, recorded_by=hr
    )
    Interest.objects.create(
        organisation=org,
        name="Sam Test",
        email="sam@example.test",
        job_family=["manager", "social_worker", "experienced"][n],
        consented_at=at,
        area=f"North {n}",
    )
    return {"own_application": own, "rival": other}


def _academy(org: Any, sam: Any, noor: Any, n: int) -> dict[str, Any]:
    from thrive.academy.models import (
        Cohort,
        Enrolment,
        Evidence,
        ProgrammeDefinition,
        ProgressionEvidence,
        ProgressionLevel,
        ProgressionPlan,
        Review,
    )
    from thrive.academy.models_growth import (
        CareerConversation,
        ChampionNetwork,
        MentoringMeeting,
        MentoringPair,
        NetworkMember,
        PoolMember,
        SkillOffer,
        SkillRequest,
    )
    from thrive.supervision.models import PracticeSkill

    programme = ProgrammeDefinition.objects.create(
        organisation=org, name=f"Programme {n}", effective_from=DAY + timedelta(days=n)
    )
    cohort = Cohort.objects.create(organisation=org, name=f"Cohort {n}", starts_on=DAY)
    for who in (sam, noor):
        # One enrolment a person: later rounds add reviews and evidence to it.
        e = Enrolment.objects.filter(person=who).first() or Enrolment.objects.create(
            organisation=org, cohort=cohort, person=who, programme=programme, started_on=DAY
        )
        Review.objects.create(organisation=org, enrolment=e, month=3 + 3 * n, due_on=DAY)
        Evidence.objects.create(
            organisation=org,
            enrolment=e,
            kind="observation",
            title=f"Seen {who.first_name}",
            on=DAY,
        )
    level = ProgressionLevel.objects.create(
        organisation=org,
        name=f"Level {n}",
        rank=n + 1,
        org_role=4,
        effective_from=DAY + timedelta(days=n),
    )
    plan = ProgressionPlan.objects.create(organisation=org, person=sam, level=level, goals="Lead")
    ProgressionEvidence.objects.create(
        organisation=org, plan=plan, kind="observation", title="Led a meeting", on=DAY
    )
    CareerConversation.objects.create(
        organisation=org, person=sam, held_on=DAY, readiness="ready_12"
    )
    if n == 0:  # in the pool once at a time
        PoolMember.objects.create(
            organisation=org, person=sam, readiness="ready_now", joined_on=DAY
        )
    skill = PracticeSkill.objects.create(organisation=org, name=f"Skill {n}", available_from=DAY)
    SkillOffer.objects.create(organisation=org, person=sam, skill=skill, offered_on=DAY)
    # Sam mentors Noor in one pair and is Noor's mentee in another.
    pairs = []
    for mentor, mentee, words in ((sam, noor, "Noor's own reflection"), (noor, sam, "Sam's own")):
        request = SkillRequest.objects.create(
            organisation=org, person=mentee, skill=skill, asked_on=DAY
        )
        pair = MentoringPair.objects.create(
            organisation=org,
            request=request,
            mentor=mentor,
            mentee=mentee,
            skill=skill,
            started_on=DAY,
            ended_on=DAY,
            reflection=words,
            outcome="developed",
        )
        MentoringMeeting.objects.create(
            organisation=org, pair=pair, held_on=DAY, note=f"Worked on {mentee.first_name}'s"
        )
        pairs.append(pair)
    network = ChampionNetwork.objects.create(organisation=org, topic=f"Topic {n}")
    NetworkMember.objects.create(organisation=org, network=network, person=sam, joined_on=DAY)
    return {"pairs": pairs}


def _engagement(crew: Crew, n: int, at: datetime) -> dict[str, Any]:
    from thrive.engagement.models import (
        Answer,
        DropInSlot,
        ExitConversation,
        FlexibleRequest,
        Participation,
        Question,
        Response,
        ShoutOut,
        StayConversation,
        Survey,
    )

    org, sam, noor = crew.org, crew.senior, crew.asye
    FlexibleRequest.objects.create(
        organisation=org,
        person=sam,
        team=crew.team,
        received_on=DAY,
        pattern="hybrid",
        details=f"Fridays at home {n}",
        decide_by=DAY + timedelta(days=60),
    )
    FlexibleRequest.objects.create(
        organisation=org,
        person=noor,
        team=crew.team,
        received_on=DAY,
        pattern="part_time",
        details="Noor's childcare",
        decide_by=DAY + timedelta(days=60),
    )
    StayConversation.objects.create(
        organisation=org, person=sam, team=crew.team, held_on=DAY, notes="Sam feels stretched"
    )
    if n == 0:
        ExitConversation.objects.create(
            organisation=org,
            spell=sam.spells.get(),
            held_on=DAY,
            would_come_back="maybe",
            notes="Sam's exit",
        )
    ShoutOut.objects.create(
        organisation=org,
        given_by=sam,
        about="colleague",
        colleague=noor,
        message="Thanks Noor",
        given_on=DAY,
        status="published",
        published_on=DAY,
    )
    ShoutOut.objects.create(
        organisation=org,
        given_by=noor,
        about="colleague",
        colleague=sam,
        message="Thanks Sam",
        given_on=DAY,
        status="published",
        published_on=DAY,
    )
    DropInSlot.objects.create(
        organisation=org, host=noor, starts_at=at, place="Room", booked_by=sam
    )
    DropInSlot.objects.create(
        organisation=org, host=sam, starts_at=at, place="Room", booked_by=noor
    )
    survey = Survey.objects.create(
        organisation=org, name=f"Pulse {n}", opens_on=DAY, closes_on=DAY + timedelta(days=7)
    )
    question = Question.objects.create(
        organisation=org, code=f"q{n}", text="How are you?", kind="free_text"
    )
    Participation.objects.create(organisation=org, survey=survey, person=sam)
    mine = Response.objects.create(organisation=org, survey=survey, person=sam)
    Answer.objects.create(response=mine, question=question, text="Sam's named answer")
    anonymous = Response.objects.create(organisation=org, survey=survey)
    Answer.objects.create(response=anonymous, question=question, text="An anonymous answer")
    return {}


def _agency(crew: Crew, n: int) -> dict[str, Any]:
    from thrive.agency.models import Placement, PlacementChange
    from thrive.agency.models_rota import (
        Home,
        Rota,
        RotaAssignment,
        RotaHoursWorked,
        RotaShift,
        RotaUnavailable,
        RotaWorker,
        ShiftSwap,
        ToilEntry,
        WorkingPattern,
    )

    org, sam, noor = crew.org, crew.senior, crew.asye
    placement = Placement.objects.create(
        organisation=org,
        placement_id=f"P{n}",
        staff_id=sam.staff_id,
        worker=sam,
        agency="Agency Ltd",
        job_type="social_worker",
        team=crew.team,
        start_date=DAY,
        planned_end_date=DAY + timedelta(days=90),
        hourly_charge=Decimal(55),
        hours_per_week=Decimal(37),
    )
    PlacementChange.objects.create(
        organisation=org,
        placement=placement,
        effective_on=DAY,
        planned_end_date=DAY,
        hourly_charge=Decimal(56),
        hours_per_week=Decimal(37),
    )
    home = Home.objects.create(
        organisation=org, team=crew.team, code=f"h{n}", name=f"Home {n}", kind="childrens_home"
    )
    shift = RotaShift.objects.create(
        organisation=org, home=home, code="early", name="Early", starts=time(7), ends=time(15)
    )
    rota = Rota.objects.create(organisation=org, home=home, starts=DAY, weeks=1)
    workers = {}
    for who in (sam, noor):
        w = RotaWorker.objects.create(
            organisation=org, home=home, staff_member=who, name=who.full_name, tier="own"
        )
        workers[who.pk] = w
        RotaHoursWorked.objects.create(
            organisation=org, worker=w, week_starts=DAY, hours=Decimal(30 + n)
        )
        RotaUnavailable.objects.create(
            organisation=org, worker=w, start_date=DAY, end_date=DAY, reason=f"{who.first_name}"
        )
        ToilEntry.objects.create(organisation=org, worker=w, day=DAY, hours=Decimal(2))
        WorkingPattern.objects.create(organisation=org, worker=w, effective_from=DAY, monday=True)
    give = RotaAssignment.objects.create(
        organisation=org,
        rota=rota,
        day=DAY,
        shift=shift,
        worker=workers[sam.pk],
        tier="own",
        hours=Decimal(8),
    )
    RotaAssignment.objects.create(
        organisation=org,
        rota=rota,
        day=DAY + timedelta(days=1),
        shift=shift,
        worker=workers[noor.pk],
        tier="own",
        hours=Decimal(8),
    )
    ShiftSwap.objects.create(
        organisation=org, give=give, asker=workers[sam.pk], colleague=workers[noor.pk]
    )
    return {}
