"""Subject access request: every record about one member of staff (by staff ID), or about a
candidate who was never employed (by email), as a ZIP of CSV files and one PDF holding the same
records for reading (WeasyPrint).

What is in it follows UK GDPR article 15: the person's own data. Other people's personal data
that happens to sit in the same records is left out — families and children discussed in
supervision, and a supervisee's wellbeing and reflections when the person was the supervisor
(the other areas' withholdings are in :mod:`thrive.privacy.sar_areas`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.people.exports import write_csv
from thrive.people.models import (
    Absence,
    EmploymentSpell,
    Organisation,
    RegisterRevision,
    StaffMember,
)
from thrive.privacy.sar_areas import (
    academy_files,
    agency_files,
    engagement_files,
    own_applications,
    recruitment_files,
)
from thrive.privacy.sar_tables import SarFile, columns, table

# A session's parts that are the supervisor's own, shown when the person was the supervisor.
SUPERVISOR_PARTS = [
    "id",
    "kind",
    "starts_at",
    "planned_minutes",
    "minutes",
    "location",
    "status",
    "supervisor_signed_at",
]


@dataclass(frozen=True)
class Subject:
    """Whom an export is about: a member of staff, or a candidate known only by their email."""

    organisation: Organisation
    person: StaffMember | None = None
    email: str = ""

    @property
    def title(self) -> str:
        if self.person is not None:
            return f"{self.person.full_name} (staff ID {self.person.staff_id})"
        return f"{self.email} (a candidate)"


@dataclass
class SarExport:
    subject: Subject
    filename: str
    content: bytes
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def person(self) -> StaffMember | None:
        return self.subject.person

    def summary(self) -> str:
        total = sum(self.counts.values())
        return (
            f"Subject access export for {self.subject.title}: "
            f"{total} records in {len(self.counts)} files."
        )


def _audit_table(org: Organisation, refs: dict[str, list[Any]], user_id: int | None) -> SarFile:
    about = Q(pk__in=[])
    for object_type, ids in refs.items():
        if ids:
            about |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    if user_id:
        about |= Q(user_id=user_id)
    audit = AuditEvent.objects.filter(Q(organisation=org) | Q(organisation__isnull=True)).filter(
        about
    )
    return table(
        "audit_trail.csv",
        "Audit trail entries about your records, and actions taken with your account",
        audit.order_by("at", "id"),
        columns(AuditEvent),
    )


def candidate_files(*, organisation: Organisation, email: str) -> list[SarFile]:
    """Every record about a candidate who has no staff record, found by their email: their
    applications and what hangs off them, registrations of interest, drafts, and the audit trail
    about their applications (a selector: reads only)."""
    files = recruitment_files(org=organisation, emails=[email], person=None, user_id=None)
    applications = own_applications(organisation, [email], None).values_list("pk", flat=True)
    return [
        *files,
        _audit_table(organisation, {"recruitment.application": list(applications)}, None),
    ]


def sar_files(*, person: StaffMember) -> list[SarFile]:
    """Every record about *person*, one file per kind of record (a selector: reads only)."""
    from thrive.learning.models import Booking, CpdRecord, Feedback, Participant
    from thrive.supervision.models import Action, Addendum, Attendance, Session

    org = person.organisation
    user_id = person.user_id
    spells = EmploymentSpell.objects.filter(organisation=org, person=person).order_by("start_date")
    absences = Absence.objects.filter(organisation=org, person=person).order_by("start_date")
    as_supervisee = Session.objects.filter(organisation=org, supervisee=person).order_by(
        "starts_at"
    )
    as_supervisor = Session.objects.filter(organisation=org, supervisor=person).order_by(
        "starts_at"
    )
    actions = Action.objects.filter(organisation=org, person=person).order_by("due_date", "id")
    attendance = Attendance.objects.filter(organisation=org, person=person).order_by("id")
    addenda = Addendum.objects.filter(organisation=org).filter(
        Q(session__supervisee=person) | (Q(author_id=user_id) if user_id else Q(pk__in=[]))
    )
    cpd = CpdRecord.objects.filter(organisation=org, person=person).order_by("on", "id")
    booking_q = Q(person=person) | (Q(user_id=user_id) if user_id else Q(pk__in=[]))
    bookings = Booking.objects.filter(organisation=org).filter(booking_q).order_by("id")
    feedback = Feedback.objects.filter(organisation=org, booking__in=bookings).order_by("id")
    programmes = Participant.objects.filter(organisation=org, person=person).order_by("id")

    emails = [person.user.email] if person.user_id and person.user and person.user.email else []
    recruitment = recruitment_files(org=org, emails=emails, person=person, user_id=user_id)
    refs: dict[str, list[Any]] = {
        "people.staffmember": [person.pk],
        "people.employmentspell": list(spells.values_list("pk", flat=True)),
        "people.absence": list(absences.values_list("pk", flat=True)),
        "supervision.session": list(as_supervisee.values_list("pk", flat=True)),
        "learning.cpdrecord": list(cpd.values_list("pk", flat=True)),
        "learning.booking": list(bookings.values_list("pk", flat=True)),
        "recruitment.application": list(
            own_applications(org, emails, person).values_list("pk", flat=True)
        ),
    }
    revision_q = Q(kind="person", record_id=person.pk)
    revision_q |= Q(kind="spell", record_id__in=refs["people.employmentspell"])
    revision_q |= Q(kind="absence", record_id__in=refs["people.absence"])
    revisions = RegisterRevision.objects.filter(organisation=org).filter(revision_q)

    return [
        table(
            "staff_record.csv",
            "Your staff record in the register",
            [person],
            columns(StaffMember),
        ),
        table(
            "employment_spells.csv",
            "Your periods of employment: team, role, hours, start and leaving",
            spells,
            columns(EmploymentSpell),
        ),
        table(
            "register_history.csv",
            "Earlier values of your staff record, spells and absences, and when they changed",
            revisions.order_by("recorded_at", "id"),
            columns(RegisterRevision),
        ),
        table("absences.csv", "Your recorded absences", absences, columns(Absence)),
        table(
            "supervision_as_supervisee.csv",
            "Supervision records about you, all their parts (families discussed are left out)",
            as_supervisee,
            columns(Session),
        ),
        table(
            "supervision_as_supervisor.csv",
            "Supervision you gave: your own parts only (the supervisee's record is theirs)",
            as_supervisor,
            SUPERVISOR_PARTS,
        ),
        table(
            "supervision_actions.csv",
            "Actions agreed in your supervision",
            actions,
            columns(Action),
        ),
        table(
            "supervision_addenda.csv",
            "Addenda to your supervision records, and addenda you wrote",
            addenda.order_by("created_at", "id"),
            columns(Addendum),
        ),
        table(
            "group_supervision_attendance.csv",
            "Group case supervision you were invited to",
            attendance,
            columns(Attendance),
        ),
        table(
            "cpd.csv", "Your continuing professional development records", cpd, columns(CpdRecord)
        ),
        table(
            "learning_bookings.csv", "Your places on learning sessions", bookings, columns(Booking)
        ),
        table(
            "learning_feedback.csv", "Feedback you gave on learning", feedback, columns(Feedback)
        ),
        table(
            "learning_programmes.csv",
            "Programmes you take part in",
            programmes,
            columns(Participant),
        ),
        *recruitment,
        *academy_files(org=org, person=person),
        *engagement_files(org=org, person=person),
        *agency_files(org=org, person=person),
        _audit_table(org, refs, user_id),
    ]


def _readme(subject: Subject, files: list[SarFile], on: str) -> str:
    lines = [
        f"Subject access request: {subject.title}",
        f"{subject.organisation.name}, exported {on} from Thrive.",
        "",
        f"{PDF_NAME} holds every record below for reading or printing.",
        "Each CSV file holds one kind of record; the first row names the columns. Dates are",
        "YYYY-MM-DD; times are UTC. Columns ending _id refer to another record by its number.",
        "",
        "Included:",
    ]
    for f in files:
        lines.append(f"  {f.name} — {f.description} ({len(f.rows)} records)")
    lines += [
        "",
        "Not included, because it is other people's personal data: families and children",
        "discussed in supervision, and a supervisee's wellbeing and reflections where you were",
        "the supervisor; other candidates on a panel and which panellist scored you; the",
        "application of someone you referred; a mentee's reflection and meeting notes where you",
        "were the mentor; who booked a drop-in you hosted.",
        "Not included because it holds no link to you: answers to anonymous staff surveys (only",
        "that you took part is kept). Long-service milestones are worked out from your",
        "employment spells, not stored. Backups kept only for restoring the system are not",
        "searched.",
        "",
        "A subject access request must be answered within one month (extendable by two",
        "months for a complex request).",
    ]
    return "\n".join(lines) + "\n"


PDF_NAME = "subject_access_request.pdf"


def sar_pdf(subject: Subject, files: list[SarFile], on: str, readme: str) -> bytes:
    """The same records as the CSV files, one section per file, each record as name: value."""
    from weasyprint import HTML

    html = render_to_string(
        "privacy/sar_pdf.html", {"subject": subject, "files": files, "on": on, "readme": readme}
    )
    return bytes(HTML(string=html).write_pdf())


def _subject(organisation: Organisation, staff_id: str, email: str) -> Subject:
    from thrive.recruitment.models import Application, Interest

    if staff_id:
        person = (
            StaffMember.objects.for_org(organisation)
            .select_related("organisation", "user")
            .filter(staff_id=staff_id)
            .first()
        )
        if person is None:
            raise ThriveError(
                f"There is no staff ID {staff_id} in {organisation.name}'s register.",
                field="staff_id",
            )
        return Subject(organisation=organisation, person=person)
    if not email:
        raise ThriveError(
            "Give the staff ID of a member of staff, or the email of a candidate.",
            field="staff_id",
        )
    known = (
        Application.objects.filter(
            organisation=organisation, candidate_email__iexact=email
        ).exists()
        or Interest.objects.filter(organisation=organisation, email__iexact=email).exists()
    )
    if not known:
        raise ThriveError(
            f"{organisation.name} holds no application or registration of interest from {email}.",
            field="email",
        )
    return Subject(organisation=organisation, email=email)


@transaction.atomic
def sar_export(
    *,
    organisation: Organisation,
    staff_id: str = "",
    email: str = "",
    actor: Any = None,
    request: Any = None,
) -> SarExport:
    """Build the ZIP for one member of staff (by *staff_id*) or one candidate who was never
    employed (by *email*), and write the export to the audit trail."""
    subject = _subject(organisation, staff_id.strip(), email.strip())
    if subject.person is not None:
        files = sar_files(person=subject.person)
    else:
        files = candidate_files(organisation=organisation, email=subject.email)
    on = clock.now().strftime("%Y-%m-%d %H:%M UTC")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = _readme(subject, files, on)
        archive.writestr("README.txt", readme)
        for f in files:
            archive.writestr(f.name, write_csv(f.header, f.rows))
        archive.writestr(PDF_NAME, sar_pdf(subject, files, on, readme))
    counts = {f.name: len(f.rows) for f in files}
    audit_log(
        action="privacy.sar_export",
        user=actor,
        organisation=organisation,
        obj=subject.person,
        object_type="" if subject.person else "recruitment.candidate",
        summary=f"Subject access export for {subject.title}",
        detail={"files": counts, **({"email": subject.email} if subject.email else {})},
        request=request,
    )
    stamp = clock.today().isoformat()
    who = staff_id.strip() or "candidate"
    return SarExport(
        subject=subject,
        filename=f"sar-{organisation.code}-{who}-{stamp}.zip",
        content=buffer.getvalue(),
        counts=counts,
    )
