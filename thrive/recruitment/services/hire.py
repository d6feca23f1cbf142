"""Into the register: an accepted offer with a confirmed start date becomes the person's staff
record and employment spell, through the people services, with the census items the candidate
gave (start origin, qualification, Social Work England number; date of birth, gender and
ethnicity from their equality monitoring answers) — nobody retypes them. The post they fill is no
longer vacant from the start date, even when it named a leaver or the agency worker covering it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from thrive.core.audit import audit_log
from thrive.core.changes import lock_checked
from thrive.core.errors import ThriveError
from thrive.people.models import (
    EMPLOYEE_CONTRACTS,
    Contract,
    EmploymentSpell,
    Post,
    Profession,
    StaffMember,
)
from thrive.people.services import full_clean_or_raise, staff_add
from thrive.recruitment.models import Application, EqualityMonitoring, Stage

# Census Ethnicity for "information not yet obtained", when the candidate left it blank.
NOT_OBTAINED = "NOBT"


def _names(full: str) -> tuple[str, str]:
    parts = full.split()
    if len(parts) < 2:
        return full.strip(), ""
    return " ".join(parts[:-1]), parts[-1]


@transaction.atomic
def application_hire(
    *,
    application: Application,
    actor: Any,
    staff_id: str,
    org_role: int | None,
    version: int | None = None,
) -> StaffMember:
    """Add the new starter to the register from their application (*version*: the
    application's version the user saw; a change since is refused)."""
    locked = lock_checked(
        application,
        version=version,
        related=("vacancy", "vacancy__team", "vacancy__post", "vacancy__organisation"),
        # Lock the application row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins (a vacancy's team or post may be empty).
        of=("self",),
    )
    if locked.stage != Stage.ACCEPTED or locked.start_date is None:
        raise ThriveError("A new starter joins the register once their start date is confirmed.")
    if locked.hired_id is not None:
        raise ThriveError("This new starter is already in the register.")
    vacancy = locked.vacancy
    monitoring = EqualityMonitoring.objects.filter(application=locked).first()
    first, last = _names(locked.candidate_name)
    if not last:
        raise ThriveError("The register needs a first and a last name; correct the name first.")
    person = staff_add(
        organisation=locked.organisation,
        staff_id=staff_id.strip(),
        first_name=first,
        last_name=last,
        profession=Profession.SOCIAL_WORKER if vacancy.social_work_post else Profession.OTHER,
        contract=Contract.PERMANENT,
        team=vacancy.team,
        fte=vacancy.fte,
        start_date=locked.start_date,
        job_title=vacancy.title,
        org_role=org_role,
        swe_number=locked.swe_number,
        date_of_birth=monitoring.date_of_birth if monitoring else None,
        gender=monitoring.gender if monitoring else None,
        ethnicity=(monitoring.ethnicity if monitoring else "") or NOT_OBTAINED,
        start_origin=locked.start_origin,
        qualification_institution=locked.qualification_institution,
        qualification_level=locked.qualification_level,
        actor=actor,
    )
    post: Post | None = vacancy.post
    replaced = ""
    if post is not None and _takes_new_holder(post, locked.start_date):
        if post.holder_id is not None:
            replaced = f"; post {post.post_id} was held by {post.holder}"
        post.holder = person
        post.version += 1
        full_clean_or_raise(post)
        post.save(update_fields=["holder", "version", "updated_at"])
    locked.hired = person
    locked.version += 1
    full_clean_or_raise(locked)
    locked.save()
    audit_log(
        action="recruitment.hired",
        user=actor,
        organisation=locked.organisation,
        obj=locked,
        summary=f"{person.full_name} ({person.staff_id}) joins the register from "
        f"{locked.start_date:%-d %B %Y}{replaced}",
    )
    return person


def _takes_new_holder(post: Post, start: date) -> bool:
    """Whether the new starter becomes *post*'s holder: it has none, or the person it names is
    not an employee in post on the start date (someone who has left, or an agency worker
    covering it until the permanent starter arrives: the vacancy was raised because the post
    is vacant by the census rule). A post held by an employee still in post that day keeps
    its holder."""
    if post.holder_id is None:
        return True
    return not (
        EmploymentSpell.objects.current(start)
        .filter(person_id=post.holder_id, contract__in=EMPLOYEE_CONTRACTS)
        .exists()
    )
