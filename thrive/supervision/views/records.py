"""Writing a supervision record: the two-way record (families discussed, actions, signing) and
group case supervision (next steps into each family's workbook); and the families discussed in
a record, as each reader may see them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.caseloads.selectors import case_holding_spells, worker_loads
from thrive.caseloads.views_families import log_family_list
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.supervision.forms import NEW_ACTIONS, GroupRecordForm, RecordForm
from thrive.supervision.models import Kind, Session
from thrive.supervision.selectors import (
    families_by_id,
    families_discussed,
    families_seen_by,
    families_to_pick,
    invited_to,
    open_actions,
    skills_available,
    skills_seen,
    supervisee_families,
)
from thrive.supervision.services import (
    FamilyNote,
    GroupFamily,
    NewAction,
    group_record_save,
    record_save,
)
from thrive.supervision.views.common import reader, session_or_404


def family_notes_for(request: AuthedRequest, session: Session) -> tuple[list[Any], int]:
    """The families discussed in *session* whose notes the reader may see — a family's notes follow
    the family's own access rule, not the record's — each read logged against the family; and how
    many others are not shown."""
    org, access = request.organisation, request.access
    discussed = families_discussed(session)
    if not discussed:
        return [], 0
    visible = families_seen_by(access, clock.today(), [f.family_id for f in discussed])
    shown = [f for f in discussed if f.family_id in visible]
    for f in shown:
        audit_log(
            action="family.supervision.read",
            user=request.user,
            organisation=org,
            obj=f.family,
            summary=f"Read the notes on {f.family} in {session}",
            request=request,
        )
    return shown, len(discussed) - len(shown)


@org_view(Cap.SUPERVISION_RECORD)
def record(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, _ = reader(request)
    session = session_or_404(request, pk, "Opened the record of", writer=True)
    if session.kind == Kind.GROUP:
        return redirect("supervision:group_record", org_code=org.code, pk=pk)
    assert session.supervisee is not None
    today = clock.today()
    skills = skills_available(org, today)
    families = supervisee_families(access, session, today)
    actions = open_actions(session.supervisee, raised_elsewhere_than=session)
    discussed = {
        f.family_id: f for f in families_discussed(session, [int(pk_) for pk_, _ in families])
    }
    for f in discussed.values():
        audit_log(
            action="family.supervision.read",
            user=request.user,
            organisation=org,
            object_type="caseloads.family",
            object_id=str(f.family_id),
            summary=f"Opened the notes on a family in {session} to edit",
            request=request,
        )
    initial: dict[str, Any] = {
        "minutes": session.minutes or session.planned_minutes,
        "wellbeing": session.wellbeing,
        "workload": session.workload,
        "learning": session.learning,
        "balance": session.balance,
        "balance_notes": session.balance_notes,
        "notes": session.notes,
        "skills": [str(pk_) for pk_ in skills_seen(session)],
        "incident_on": session.incident_on,
        "incident": session.incident,
        "support_agreed": session.support_agreed,
    }
    debrief = session.kind == Kind.DEBRIEF
    if debrief:
        families = []
    initial["families"] = [str(pk_) for pk_ in discussed]
    for pk_ in discussed:
        initial[f"changed_{pk_}"] = discussed[pk_].what_changed
        initial[f"plan_{pk_}"] = discussed[pk_].plan
    form = RecordForm(
        request.POST or None,
        initial=initial,
        skills=[(str(s.pk), s.name) for s in skills],
        families=families,
        open_actions=[(str(a.pk), f"{a.text} (due {a.due_date:%-d %b %Y})") for a in actions],
        debrief=debrief,
    )
    loads = worker_loads(org, case_holding_spells(org, today, person=session.supervisee), today)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = form.discussed()
        family_objs = families_by_id(org, chosen)
        notes = [
            FamilyNote(family_objs[pk_], d[f"changed_{pk_}"], d[f"plan_{pk_}"]) for pk_ in chosen
        ]
        new = [
            NewAction(d[f"action_{n}"], d[f"owner_{n}"] or "supervisee", d[f"due_{n}"])
            for n in range(1, NEW_ACTIONS + 1)
            if d.get(f"action_{n}")
        ]
        try:
            record_save(
                access=access,
                session=session,
                minutes=d["minutes"],
                wellbeing=d["wellbeing"],
                workload=d["workload"],
                learning=d.get("learning", ""),
                balance=d.get("balance", ""),
                balance_notes=d.get("balance_notes", ""),
                notes=d["notes"],
                skills=[int(s) for s in d.get("skills", [])],
                incident_on=d.get("incident_on"),
                incident=d.get("incident", ""),
                support_agreed=d.get("support_agreed", ""),
                families=notes,
                new_actions=new,
                close_actions=[int(a) for a in d.get("close_actions", [])],
                sign=request.POST.get("action") == "sign",
                version=posted_version(request),
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                "The record is saved."
                if request.POST.get("action") != "sign"
                else "You have signed the record; it is waiting for the supervisee's agreement.",
            )
            return redirect("supervision:session", org_code=org.code, pk=pk)
    if families:
        log_family_list(request, len(families), f"supervision {session.pk}'s family picker")
    return render(
        request,
        "supervision/record.html",
        {
            "form": form,
            "session": session,
            "loads": loads,
            "family_ids": [int(pk_) for pk_, _ in families],
        },
    )


@org_view(Cap.SUPERVISION_RECORD)
def group_record(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, _ = reader(request)
    session = session_or_404(request, pk, "Opened the record of", writer=True, group=True)
    invited = [(str(a.person_id), a.person.full_name) for a in invited_to(session)]
    families = families_to_pick(access, clock.today())
    form = GroupRecordForm(
        request.POST or None,
        invited=invited,
        families=families,
        initial={"minutes": session.planned_minutes, "attended": [i for i, _ in invited]},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        picked = [d[f"family_{n}"] for n in range(1, form.rows + 1) if d.get(f"family_{n}")]
        chosen = {str(pk_): f for pk_, f in families_by_id(org, picked).items()}
        items = [
            GroupFamily(chosen[d[f"family_{n}"]], d[f"steps_{n}"])
            for n in range(1, form.rows + 1)
            if d.get(f"family_{n}")
        ]
        try:
            group_record_save(
                access=access,
                session=session,
                minutes=d["minutes"],
                attended=[int(i) for i in d["attended"]],
                families=items,
                notes=d["notes"],
                version=posted_version(request),
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Recorded; next steps added to the workbooks of {len(items)} "
                f"famil{'y' if len(items) == 1 else 'ies'}.",
            )
            return redirect("supervision:session", org_code=org.code, pk=pk)
    if families:
        log_family_list(request, len(families), f"group supervision {session.pk}'s family picker")
    # The version the chair saw, so a session moved meanwhile is not recorded over.
    version = request.POST.get("version", session.version)
    return render(
        request,
        "supervision/group_record.html",
        {"form": form, "session": session, "version": version},
    )
