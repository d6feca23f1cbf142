"""Demo recruitment for one council, made through the recruitment services: a question bank; a
year of past vacancies whose applications went through every stage (shortlisted, interviewed,
offered, accepted or declined, rejected, withdrawn), with lived-experience, partner and staff
panels that scored independently and decided; campaigns with their costs; offers with the safer
recruitment checks done or still outstanding; starters hired into the register; and open
vacancies on the jobs portal, one with a panel still scoring.

The past is given to the services as it happened (the day each candidate applied, reached each
stage, the panel sat and the vacancy closed), as a recruiter recording it later would. Choices
come from streams of their own per council, so the other seeders' figures do not move."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q

from thrive.core import clock
from thrive.people.models import Organisation, Post, StaffMember, Team
from thrive.recruitment.models import (
    Application,
    Channel,
    CheckKind,
    Panel,
    PanellistKind,
    QuestionRole,
    Score,
    Stage,
    Vacancy,
)

QUESTIONS = [
    (
        "Relationships",
        "A 15-year-old you have just been allocated refuses to speak to you at your first visit. "
        "What do you do over the next month?",
        "Weak: insists on the visit's agenda. Adequate: returns, explains, is patient. Strong: "
        "finds what matters to the young person, uses people they trust, keeps promises.",
    ),
    (
        "Working with families",
        "A parent tells you the last social worker never listened. How do you start again with "
        "them while keeping the child's safety central?",
        "Weak: defends the service. Adequate: listens and agrees next steps. Strong: owns "
        "the history, is clear about worries in plain words, builds a plan with the family.",
    ),
    (
        "Courage and honesty",
        "Your manager asks you to close a case you believe still needs support. What do you do?",
        "Weak: closes it or escalates angrily. Adequate: raises it in supervision. Strong: sets "
        "out the evidence, proposes a way forward, records the disagreement, follows policy.",
    ),
    (
        "Learning",
        "Tell us about a time practice went wrong. What did you learn and change?",
        "Weak: blames others. Adequate: names a lesson. Strong: reflects honestly, shows the "
        "change made and how they know it worked.",
    ),
]
# Ethnic groups in roughly a West Midlands city's working-age mix (census codes).
ETHNICITIES = (
    ["WBRI"] * 52
    + ["WOTH"] * 6
    + ["WIRI"] * 1
    + ["AIND"] * 8
    + ["APKN"] * 6
    + ["ABAN"] * 2
    + ["AOTH"] * 2
    + ["BAFR"] * 7
    + ["BCRB"] * 2
    + ["MWBC"] * 2
    + ["MOTH"] * 2
    + ["OOTH"] * 3
    + ["REFU"] * 3
    + [""] * 4
)
FIRST = [
    "Aisha",
    "Ben",
    "Carys",
    "Daniel",
    "Efua",
    "Fatima",
    "George",
    "Hana",
    "Imran",
    "Jade",
    "Kwame",
    "Lucy",
    "Mohammed",
    "Niamh",
    "Olu",
    "Pooja",
    "Ravi",
    "Sophie",
    "Tariq",
    "Yasmin",
]
LAST = [
    "Adeyemi",
    "Bailey",
    "Chowdhury",
    "Dunne",
    "Edwards",
    "Fernandes",
    "Gill",
    "Hall",
    "Ibrahim",
    "Jackson",
    "Kaur",
    "Lowe",
    "Mensah",
    "Nolan",
    "Osei",
    "Price",
    "Rahman",
    "Shaw",
    "Thompson",
    "Walsh",
]
# (title, grade, min, max, social work post, days ago it closed, applications)
PAST = [
    ("Social worker, family safeguarding", "Grade 8", 36_000, 41_000, True, 320, 16),
    ("Senior social worker", "Grade 9", 41_000, 46_000, True, 250, 14),
    ("Family support worker", "Grade 6", 27_000, 30_000, False, 180, 14),
    ("Social worker, children in care", "Grade 8", 36_000, 41_000, True, 110, 15),
    ("Advanced practitioner", "Grade 10", 45_000, 50_000, True, 45, 12),
]
OPEN = [
    ("Social worker, assessment", "Grade 8", 36_000, 41_000, True, 21, 6),
    ("Newly qualified social worker (ASYE)", "Grade 7", 33_000, 35_000, True, 28, 5),
    ("Team manager", "Grade 11", 52_000, 57_000, True, 35, 3),
    ("Personal adviser, leaving care", "Grade 6", 28_000, 31_000, False, 14, 0),
]
# (channel name, campaign, cost, first day ago, last day ago)
CAMPAIGNS = [
    ("Social media: LinkedIn", "LinkedIn sponsored posts", "2400.00", 340, 200),
    ("University job fair", "Spring university fairs", "1800.00", 330, 300),
    ("Career changers", "Step up for local career changers", "3500.00", 280, 150),
    ("Targeted community outreach", "Community radio and mosque open days", "1200.00", 200, 90),
    ("Refer a friend", "Refer a friend reward (£500 after probation)", "1500.00", 365, 0),
    ("Job board or council website", "National job board listings", "4200.00", 365, 0),
]
# The days after a past vacancy closed that its candidates reached each stage.
STAGE_DAYS: dict[str, int] = {
    Stage.SHORTLISTED: 10,
    Stage.INTERVIEWED: 21,
    Stage.OFFERED: 25,
    Stage.ACCEPTED: 30,
}
CHANNEL_WEIGHTS = {
    "Job board or council website": 6,
    "Social media: LinkedIn": 4,
    "Refer a friend": 3,
    "Word of mouth": 3,
    "University job fair": 3,
    "Career changers": 2,
    "Targeted community outreach": 2,
    "Social media: Facebook": 1,
    "Armed forces leavers": 1,
    "International recruitment": 1,
    "Partner networks": 1,
}


def _users(org: Organisation, emails: dict[str, str]) -> dict[str, Any]:
    from thrive.accounts.models import User

    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {key: found.get(email) for key, email in emails.items()}


def _vacant_posts(org: Organisation) -> list[Post]:
    today = clock.today()
    return list(
        Post.objects.for_org(org)
        .filter(holder__isnull=True, funded_from__lte=today)
        .filter(Q(funded_to__isnull=True) | Q(funded_to__gte=today))
        .exclude(vacancies__status__in=["draft", "awaiting_approval", "open"])
        .select_related("team")
        .order_by("post_id")[:2]
    )


def seed_recruitment(org: Organisation, *, emails: dict[str, str]) -> str:
    """Once per council (nothing if it has vacancies). *emails*: the demo sign-ins for
    ``recruiter``, ``approver``, ``manager``, ``panel`` (lived experience) and ``partner``.
    Returns a line for the demo's notes."""
    from thrive.recruitment import services

    if Vacancy.objects.for_org(org).exists():
        return ""
    users = _users(org, emails)
    recruiter, approver = users.get("recruiter"), users.get("approver")
    teams = list(Team.objects.for_org(org).order_by("name"))
    if recruiter is None or approver is None or not teams:
        return ""
    rng = random.Random(f"recruitment-{org.code}")  # our own stream
    days = random.Random(f"recruitment-days-{org.code}")  # the past's dates, a stream apart
    today = clock.today()
    services.channels_add_defaults(organisation=org, actor=recruiter)
    channels = {c.name: c for c in Channel.objects.for_org(org)}
    weighted = [channels[n] for n, w in CHANNEL_WEIGHTS.items() if n in channels for _ in range(w)]
    referrer = StaffMember.objects.for_org(org).order_by("staff_id").first()
    questions = [
        services.question_add(
            organisation=org,
            actor=recruiter,
            text=text,
            value=value,
            rubric=rubric,
            role=QuestionRole.ANY,
            effective_from=today - timedelta(days=400),
        )
        for value, text, rubric in QUESTIONS
    ]
    names = iter(rng.sample([f"{f} {last}" for f in FIRST for last in LAST], 120))

    def vacancy(spec: tuple[Any, ...], i: int, closes_in: int, post: Post | None = None) -> Vacancy:
        title, grade, low, high, sw, _days, _n = spec
        v = services.vacancy_raise(
            organisation=org,
            actor=recruiter,
            grade=grade,
            salary_min=low,
            salary_max=high,
            closing_date=today + timedelta(days=closes_in),
            tests=["Relationships", "Working with families", "Courage and honesty"],
            post=post,
            team=None if post else teams[i % len(teams)],
            title="" if post else title,
            social_work_post=sw,
        )
        services.vacancy_submit(vacancy=v, actor=recruiter)
        return services.vacancy_approve(vacancy=v, actor=approver)

    swe_numbers = itertools.count(1)

    def apply(v: Vacancy, n: int, closed: date | None = None) -> list[Application]:
        """*n* applications; for a past vacancy (*closed* that day) made in the month before."""
        forms = []
        for _ in range(n):
            name = next(names)
            channel = rng.choice(weighted)
            origin = rng.choice([1, 2, 2, 4, 5, 6, 7]) if v.social_work_post else 7
            level = rng.choice([1, 2]) if v.social_work_post else None
            forms.append((name, channel, origin, level))
        answers = [
            services.Equality(
                ethnicity=rng.choice(ETHNICITIES),
                gender=rng.choice([2, 2, 2, 1, 1, 9]),
                date_of_birth=date(today.year - rng.randint(22, 58), rng.randint(1, 12), 15),
                disability=rng.choice(["no"] * 8 + ["yes", ""]),
            )
            for _ in forms
        ]
        return [
            services.application_add(
                vacancy=v,
                actor=recruiter,
                candidate_name=name,
                candidate_email=f"{name.lower().replace(' ', '.')}@example.org",
                channel=channel,
                referred_by=referrer if channel.kind == "refer_a_friend" else None,
                overseas_check_needed=channel.kind == "international",
                applied_on=closed - timedelta(days=days.randint(1, 28)) if closed else None,
                start_origin=origin,
                qualification_level=level,
                swe_number=f"SW9{org.code}{next(swe_numbers):03d}" if v.social_work_post else "",
                equality=equality,
            )
            for (name, channel, origin, level), equality in zip(forms, answers, strict=True)
        ]

    def move(app: Application, *stages: str, closed: date | None = None) -> Application:
        """Through *stages*; for a past vacancy (*closed* that day) in the weeks after."""
        for stage in stages:
            on = None
            if closed is not None and stage in STAGE_DAYS:
                on = min(today, closed + timedelta(days=STAGE_DAYS[stage]))
            app = services.application_move(
                application=app,
                stage=stage,
                actor=recruiter,
                on=on,
                declined_reason="pay" if stage == Stage.DECLINED else "",
            )
        return app

    def panel(v: Vacancy, shortlist: list[Application], *, decide: bool, sits_on: date) -> Panel:
        p = services.panel_add(
            vacancy=v,
            actor=recruiter,
            sits_on=sits_on,
            questions=questions[:3],
            candidates=shortlist,
        )
        sitters = [
            (users.get("manager"), PanellistKind.STAFF, ""),
            (users.get("panel"), PanellistKind.LIVED_EXPERIENCE, "Children in Care Council"),
            (users.get("partner"), PanellistKind.PARTNER, "Community health trust"),
        ]
        made = [
            services.panellist_add(
                panel=p,
                actor=recruiter,
                user=user,
                kind=kind,
                represents=represents,
                trained_on=today - timedelta(days=30) if kind == "lived_experience" else None,
                paid_amount=Decimal("75.00") if kind == "lived_experience" and decide else None,
                paid_on=today if kind == "lived_experience" and decide else None,
                chair=kind == PanellistKind.STAFF,
            )
            for user, kind, represents in sitters
            if user is not None
        ]
        for who in made if decide else made[:1]:
            for app in shortlist:
                base = rng.randint(2, 4)
                services.scores_submit(
                    panellist=who,
                    application=app,
                    actor=who.user,
                    scores={
                        q.pk: (min(5, max(1, base + rng.choice([-1, 0, 0, 1]))), "")
                        for q in questions[:3]
                    },
                )
        chair = next((m for m in made if m.chair), None)
        if decide and chair is not None:
            # The chair moderates: each question's agreed score the panellists' middle score.
            given: dict[tuple[int, int], list[int]] = {}
            for sent in Score.objects.filter(panellist__panel=p):
                given.setdefault((sent.application_id, sent.question_id), []).append(sent.score)
            for rank, app in enumerate(shortlist):
                agreed = {
                    q.pk: (sorted(given[(app.pk, q.pk)])[len(given[(app.pk, q.pk)]) // 2], "")
                    for q in questions[:3]
                }
                services.candidate_moderate(
                    panel=p,
                    application=app,
                    actor=chair.user,
                    scores=agreed,
                    outcome="appointable" if rank == 0 else "reserve",
                    reasons="Agreed after the scores were revealed and discussed.",
                    shaped_by=made[:2],
                )
        if decide and made:
            services.panel_decide(
                panel=p,
                actor=recruiter,
                decision="Offer to the highest scoring candidates; the young people's panel "
                "scored the relationship question highest and their view decided between the "
                "two closest.",
                shaped_by=made[:2],
            )
        return p

    hired = 0
    outstanding = 0
    for i, spec in enumerate(PAST):
        closed = today - timedelta(days=spec[5])
        v = vacancy(spec, i, 0)
        apps = apply(v, spec[6], closed)
        rng.shuffle(apps)
        short = apps[: max(3, len(apps) // 3)]
        for app in apps[len(short) :]:
            move(app, rng.choice([Stage.REJECTED] * 5 + [Stage.WITHDRAWN]), closed=closed)
        for app in short:
            move(app, Stage.SHORTLISTED, closed=closed)
        short = [Application.objects.get(pk=a.pk) for a in short]
        if i % 2 == 0:
            panel(v, short, decide=True, sits_on=closed + timedelta(days=21))
        interviewed = short[:-1]
        move(short[-1], Stage.WITHDRAWN, closed=closed)
        for app in interviewed:
            move(app, Stage.INTERVIEWED, closed=closed)
        offered = interviewed[:2]
        for app in interviewed[2:]:
            if i < len(PAST) - 1:  # the latest one's reserve candidates wait at interview
                move(app, Stage.REJECTED, closed=closed)
        for n, app in enumerate(offered):
            move(app, Stage.OFFERED, closed=closed)
            if n == 1 and i % 2 == 1:
                move(app, Stage.DECLINED, closed=closed)
                continue
            app = move(app, Stage.ACCEPTED, closed=closed)
            kinds = services.required_checks(app)
            last = i == len(PAST) - 1 and n == 1
            _safer_records(app, recruiter, today)
            for kind in kinds[:-2] if last else kinds:
                services.check_record(
                    application=app,
                    kind=kind,
                    evidence=CHECK_EVIDENCE.get(kind, "Seen and copied to the file."),
                    actor=recruiter,
                    standard=CHECK_STANDARD_SEEN.get(kind),
                )
            if last:
                outstanding += 1
                continue
            # Starters and their checks keep today's dates (their register records begin today).
            app = services.application_confirm_start(
                application=app, start_date=today, actor=recruiter
            )
            services.application_hire(
                application=app,
                actor=recruiter,
                staff_id=f"REC{org.code}{i}{n}",
                org_role=5 if v.social_work_post else None,
            )
            hired += 1
        services.vacancy_close(vacancy=v, actor=recruiter, on=closed)
        if Application.objects.filter(vacancy=v, stage=Stage.ACCEPTED).exists():
            services.vacancy_fill(vacancy=v, actor=recruiter)

    posts = _vacant_posts(org)
    open_count = 0
    for i, spec in enumerate(OPEN):
        post = posts[i] if i < len(posts) else None
        v = vacancy(spec, i + 1, spec[5], post=post)
        apps = apply(v, spec[6])
        open_count += 1
        if i == 0 and len(apps) >= 4:
            for app in apps[:3]:
                move(app, Stage.SHORTLISTED)
            shortlist = [Application.objects.get(pk=a.pk) for a in apps[:3]]
            panel(v, shortlist, decide=False, sits_on=today + timedelta(days=spec[5] + 7))
        if i == 1 and apps:
            # An early offer, its checks begun: identity and right to work so far.
            offer = move(apps[0], Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.OFFERED)
            for kind in (CheckKind.IDENTITY, CheckKind.RIGHT_TO_WORK):
                services.check_record(
                    application=offer, kind=kind, evidence=CHECK_EVIDENCE[kind], actor=recruiter
                )
            outstanding += 1

    for name, title, cost, first, last_day in CAMPAIGNS:
        if name in channels:
            services.campaign_add(
                channel=channels[name],
                actor=recruiter,
                name=title,
                starts_on=today - timedelta(days=first),
                ends_on=today - timedelta(days=last_day),
                cost=Decimal(cost),
            )
    return (
        f"recruitment: {len(PAST)} past vacancies through every stage, {open_count} open on "
        f"the jobs portal, {hired} starters hired into the register, {outstanding} offers "
        f"waiting on checks, {len(CAMPAIGNS)} campaigns"
    )


CHECK_EVIDENCE: dict[str, str] = {
    CheckKind.IDENTITY: "Passport seen in person and copied.",
    CheckKind.RIGHT_TO_WORK: "Share code checked online.",
    CheckKind.DBS: "Enhanced certificate with the children's barred list, clear.",
    CheckKind.SWE: "Register checked: active, no conditions.",
    CheckKind.REFERENCE_1: "Current employer, covering the last three years.",
    CheckKind.REFERENCE_2: "Practice placement supervisor, covering the two years before.",
    CheckKind.HISTORY: "Full history; one gap of five months (travel) explained.",
    CheckKind.QUALIFICATIONS: "Degree certificate seen.",
    CheckKind.HEALTH: "Occupational health clearance received.",
    CheckKind.OVERSEAS: "Certificate of good conduct seen.",
}
# What the demo's DBS checks and registrations show, as the rules read them.
CHECK_STANDARD_SEEN: dict[str, dict[str, Any]] = {
    CheckKind.DBS: {"dbs_level": "enhanced", "dbs_barred_list": True},
    CheckKind.SWE: {"swe_number": "SW104522", "swe_status": "registered"},
}


def _safer_records(app: Any, recruiter: Any, today: date) -> None:
    """A starter's references and history as CHECK_EVIDENCE describes them: the current
    employer for the last three years, a practice educator for the two before, and a gap of
    five months (travel) explained."""
    from dateutil.relativedelta import relativedelta

    from thrive.recruitment.services import safer_records as records

    def ago(years: int, months: int = 0) -> date:
        return today - relativedelta(years=years, months=months)

    records.employment_record(
        application=app,
        actor=recruiter,
        employer="Children's charity",
        role="Family support worker",
        started_on=ago(9),
        ended_on=ago(5, 6),
    )
    records.employment_record(
        application=app,
        actor=recruiter,
        employer="Borough council",
        role="Social worker",
        started_on=ago(5, 1),
    )
    records.gap_explain(
        application=app,
        actor=recruiter,
        gap_from=ago(5, 6),
        gap_to=ago(5, 1),
        explanation="Travelling in South America.",
    )
    for name, start, end, current in (
        ("Practice educator", ago(5, 1), ago(3) - timedelta(days=1), False),
        ("Team manager", ago(3), today, True),
    ):
        records.reference_record(
            application=app,
            actor=recruiter,
            referee=name,
            referee_organisation="Borough council",
            covers_from=start,
            covers_to=end,
            current_employer=current,
            practice_setting=True,
        )
