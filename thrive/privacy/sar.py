"""Subject access request: every record about one member of staff, as a ZIP of CSV files and
one PDF holding the same records for reading (WeasyPrint).

What is in it follows UK GDPR article 15: the person's own data. Other people's personal data
that happens to sit in the same records is left out — families and children discussed in
supervision, and a supervisee's wellbeing and reflections when the person was the supervisor.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.template.loader import render_to_string

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.errors import ThriveError
from thrive.core.models import AuditEvent
from thrive.people.exports import cell, write_csv
from thrive.people.models import (
    Absence,
    EmploymentSpell,
    Organisation,
    RegisterRevision,
    StaffMember,
)

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
class SarFile:
    name: str
    description: str
    header: list[str]
    rows: list[list[str]]

    @property
    def records(self) -> list[list[tuple[str, str]]]:
        """Each row as (column, value) pairs: how the PDF lays a record out."""
        return [list(zip(self.header, row, strict=True)) for row in self.rows]


@dataclass
class SarExport:
    person: StaffMember
    filename: str
    content: bytes
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        total = sum(self.counts.values())
        return (
            f"Subject access export for {self.person.full_name} ({self.person.staff_id}): "
            f"{total} records in {len(self.counts)} files."
        )


def _columns(model: type[models.Model], exclude: Sequence[str] = ()) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.name not in exclude and f.attname not in exclude
    ]


def _table(
    name: str,
    description: str,
    queryset: Iterable[Any],
    columns: list[str],
) -> SarFile:
    rows = [[cell(getattr(obj, c)) for c in columns] for obj in queryset]
    return SarFile(name=name, description=description, header=columns, rows=rows)


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

    refs: dict[str, list[Any]] = {
        "people.staffmember": [person.pk],
        "people.employmentspell": list(spells.values_list("pk", flat=True)),
        "people.absence": list(absences.values_list("pk", flat=True)),
        "supervision.session": list(as_supervisee.values_list("pk", flat=True)),
        "learning.cpdrecord": list(cpd.values_list("pk", flat=True)),
        "learning.booking": list(bookings.values_list("pk", flat=True)),
    }
    about = Q()
    for object_type, ids in refs.items():
        if ids:
            about |= Q(object_type=object_type, object_id__in=[str(i) for i in ids])
    if user_id:
        about |= Q(user_id=user_id)
    audit = AuditEvent.objects.filter(Q(organisation=org) | Q(organisation__isnull=True)).filter(
        about
    )
    revision_q = Q(kind="person", record_id=person.pk)
    revision_q |= Q(kind="spell", record_id__in=refs["people.employmentspell"])
    revision_q |= Q(kind="absence", record_id__in=refs["people.absence"])
    revisions = RegisterRevision.objects.filter(organisation=org).filter(revision_q)

    return [
        _table(
            "staff_record.csv",
            "Your staff record in the register",
            [person],
            _columns(StaffMember),
        ),
        _table(
            "employment_spells.csv",
            "Your periods of employment: team, role, hours, start and leaving",
            spells,
            _columns(EmploymentSpell),
        ),
        _table(
            "register_history.csv",
            "Earlier values of your staff record, spells and absences, and when they changed",
            revisions.order_by("recorded_at", "id"),
            _columns(RegisterRevision),
        ),
        _table("absences.csv", "Your recorded absences", absences, _columns(Absence)),
        _table(
            "supervision_as_supervisee.csv",
            "Supervision records about you, all their parts (families discussed are left out)",
            as_supervisee,
            _columns(Session),
        ),
        _table(
            "supervision_as_supervisor.csv",
            "Supervision you gave: your own parts only (the supervisee's record is theirs)",
            as_supervisor,
            SUPERVISOR_PARTS,
        ),
        _table(
            "supervision_actions.csv",
            "Actions agreed in your supervision",
            actions,
            _columns(Action),
        ),
        _table(
            "supervision_addenda.csv",
            "Addenda to your supervision records, and addenda you wrote",
            addenda.order_by("created_at", "id"),
            _columns(Addendum),
        ),
        _table(
            "group_supervision_attendance.csv",
            "Group case supervision you were invited to",
            attendance,
            _columns(Attendance),
        ),
        _table(
            "cpd.csv", "Your continuing professional development records", cpd, _columns(CpdRecord)
        ),
        _table(
            "learning_bookings.csv", "Your places on learning sessions", bookings, _columns(Booking)
        ),
        _table(
            "learning_feedback.csv", "Feedback you gave on learning", feedback, _columns(Feedback)
        ),
        _table(
            "learning_programmes.csv",
            "Programmes you take part in",
            programmes,
            _columns(Participant),
        ),
        _table(
            "audit_trail.csv",
            "Audit trail entries about your records, and actions taken with your account",
            audit.order_by("at", "id"),
            _columns(AuditEvent),
        ),
    ]


def _readme(person: StaffMember, files: list[SarFile], on: str) -> str:
    lines = [
        f"Subject access request: {person.full_name} (staff ID {person.staff_id})",
        f"{person.organisation.name}, exported {on} from Thrive.",
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
        "the supervisor. Backups kept only for restoring the system are not searched.",
        "",
        "A subject access request must be answered within one month (extendable by two",
        "months for a complex request).",
    ]
    return "\n".join(lines) + "\n"


PDF_NAME = "subject_access_request.pdf"


def sar_pdf(person: StaffMember, files: list[SarFile], on: str, readme: str) -> bytes:
    """The same records as the CSV files, one section per file, each record as name: value."""
    from weasyprint import HTML

    html = render_to_string(
        "privacy/sar_pdf.html", {"person": person, "files": files, "on": on, "readme": readme}
    )
    return bytes(HTML(string=html).write_pdf())


@transaction.atomic
def sar_export(
    *,
    organisation: Organisation,
    staff_id: str,
    actor: Any = None,
    request: Any = None,
) -> SarExport:
    """Build the ZIP for one person and write the export to the audit trail."""
    person = (
        StaffMember.objects.for_org(organisation)
        .select_related("organisation")
        .filter(staff_id=staff_id)
        .first()
    )
    if person is None:
        raise ThriveError(
            f"There is no staff ID {staff_id} in {organisation.name}'s register.", field="staff_id"
        )
    files = sar_files(person=person)
    on = clock.now().strftime("%Y-%m-%d %H:%M UTC")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        readme = _readme(person, files, on)
        archive.writestr("README.txt", readme)
        for f in files:
            archive.writestr(f.name, write_csv(f.header, f.rows))
        archive.writestr(PDF_NAME, sar_pdf(person, files, on, readme))
    counts = {f.name: len(f.rows) for f in files}
    audit_log(
        action="privacy.sar_export",
        user=actor,
        organisation=organisation,
        obj=person,
        summary=f"Subject access export for {person.full_name} ({staff_id})",
        detail={"files": counts},
        request=request,
    )
    stamp = clock.today().isoformat()
    return SarExport(
        person=person,
        filename=f"sar-{organisation.code}-{staff_id}-{stamp}.zip",
        content=buffer.getvalue(),
        counts=counts,
    )
