"""Demo data for the parts of recruitment a candidate meets before applying and that a council
keeps for itself: its portal page, its referral reward, registrations of interest (confirmed,
waiting for confirmation, one withdrawn) and draft applications. All through the services, dated
today (the services refuse the past). Called by the demo after ``seed_recruitment``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from thrive.core import clock
from thrive.people.models import Organisation
from thrive.recruitment.models import CouncilPage, JobFamily
from thrive.recruitment.selectors import PortalFilters, open_vacancies, public_channels

# (name, job family, area, confirmed, withdrawn)
INTERESTS: list[tuple[str, str, str, bool, bool]] = [
    ("Chidi Okonkwo", JobFamily.NEWLY_QUALIFIED, "Anywhere in the council", True, False),
    ("Hannah Price", JobFamily.SOCIAL_WORKER, "Children in care", True, False),
    ("Imran Siddiqui", JobFamily.EXPERIENCED, "Front door or assessment", True, False),
    ("Grace Mensah", JobFamily.MANAGER, "", True, False),
    ("Owen Jones", JobFamily.SUPPORT, "Family help", True, False),
    ("Maria Kowalska", JobFamily.SOCIAL_WORKER, "", False, False),
    ("Tom Whitfield", JobFamily.NEWLY_QUALIFIED, "", True, True),
]

DRAFTS: list[tuple[str, str]] = [
    ("Leah Campbell", "I have been a family support worker for four years and"),
    ("Samuel Adeyemi", ""),
]


def seed_portal_extras(org: Organisation, *, recruiter_email: str) -> str:
    """Once per council (nothing if it has a portal page). Returns a line for the demo's notes."""
    from thrive.accounts.models import User
    from thrive.recruitment import services
    from thrive.recruitment.services.council_page import council_page_write

    if CouncilPage.objects.for_org(org).exists():
        return ""
    recruiter = User.objects.filter(email=recruiter_email).first()
    if recruiter is None:
        return ""
    today = clock.today()
    council_page_write(
        organisation=org,
        actor=recruiter,
        effective_from=today,
        practice_model=(
            "Family Safeguarding: social workers, adult mental health, substance use and "
            "domestic abuse practitioners in one team around the family; group case discussion "
            "every week."
        ),
        teams=(
            "The front door and MASH; assessment; Family Safeguarding teams by locality; "
            "children in care; care leavers; disabled children; No Wrong Door."
        ),
        pay=(
            "Social workers £38,000 to £44,000 with a £2,000 market supplement in the front "
            "door and assessment teams; 28 days' leave rising to 33; Local Government Pension."
        ),
        development=(
            "A protected ASYE with 10% of time for learning; the academy's progression panels "
            "from social worker to advanced practitioner; funded practice educator training."
        ),
        flexible_working="Hybrid working from locality hubs; part-time and compressed hours.",
        caseload_promise=(
            "At most 18 children for a full-time social worker, 12 in the ASYE's first half."
        ),
        support="Monthly supervision, reflective groups, and a wellbeing day each year.",
    )
    services.referral_reward_set(
        organisation=org,
        actor=recruiter,
        effective_from=today - timedelta(days=730),
        amount=Decimal("1000"),
        due="probation",
        probation_months=6,
        conditions=(
            "Paid to the member of staff who referred, in the month after the new starter "
            "passes probation; not paid to the recruiting manager or the panel."
        ),
    )
    slug = org.code.lower()
    for name, family, area, confirmed, withdrawn in INTERESTS:
        first = name.split()[0].lower()
        interest = services.interest_register(
            organisation=org,
            name=name,
            email=f"{first}.{slug}@example.org",
            job_family=family,
            area=area,
            consent=True,
        )
        if confirmed:
            interest = services.interest_confirm(interest=interest)
        if withdrawn:
            services.interest_withdraw(interest=interest)
    jobs = list(open_vacancies(PortalFilters(council=org.code))[:1])
    channels = list(public_channels(org)[:1])
    drafts = 0
    if jobs and channels:
        for name, statement in DRAFTS:
            first = name.split()[0].lower()
            services.draft_save(
                vacancy=jobs[0],
                email=f"{first}.draft.{slug}@example.org",
                answers={
                    "candidate_name": name,
                    "channel": str(channels[0].pk),
                    "supporting_statement": statement,
                },
            )
            drafts += 1
    return (
        f"a portal page, a £1,000 referral reward, {len(INTERESTS)} registrations of interest "
        f"(one waiting for confirmation, one withdrawn) and {drafts} draft applications"
    )
