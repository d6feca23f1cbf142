"""Supervision pages: your supervision and your diary, booking, the record (two-way, signed,
then addenda), group case supervision, compliance with its Excel export, the policy, the
council's settings, and calendar files."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thrive.accounts.models import RoleAssignment
from thrive.accounts.services import user_has_left
from thrive.caseloads.models import Allocation
from thrive.caseloads.selectors import case_holding_spells, families_visible_to, worker_loads
from thrive.caseloads.views_families import log_family_list
from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.charts import Series, line_chart
from thrive.core.dated_lists import list_page
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import date_param, posted_version
from thrive.core.roles import Cap, Scope
from thrive.people.models import StaffMember, Team
from thrive.people.selectors import staff_member_for
from thrive.supervision.calendar import calendar_of
from thrive.supervision.forms import (
    NEW_ACTIONS,
    AddendumForm,
    BookForm,
    GroupRecordForm,
    PolicyForm,
    RecordForm,
    ReflectionsForm,
    SettingsForm,
)
from thrive.supervision.models import (
    Action,
    CalendarFeed,
    Kind,
    PracticeSkill,
    Session,
    SupervisionPolicy,
)
from thrive.supervision.selectors import (
    WINDOWS,
    compliance_report,
    diary,
    may_read,
    may_read_personal,
    schedules,
    sessions_visible_to,
    settings_for,
    supervised_spells,
    supervision_since,
)
from thrive.supervision.services import (
    FamilyNote,
    GroupFamily,
    NewAction,
    addendum_add,
    calendar_feed_create,
    calendar_feed_revoke,
    feed_hash,
    group_record_save,
    record_save,
    reflections_save,
    session_book,
    session_cancel,
    settings_save,
    supervision_policy_add,
)


def _ctx(request: AuthedRequest) -> tuple[Any, Any, StaffMember | None]:
    org = request.organisation
    access = request.access
    me = staff_member_for(request.user, org)
    return org, access, me


@org_view(Cap.SUPERVISION_VIEW)
def home(request: AuthedRequest) -> HttpResponse:
    """Your own supervision, and — if you supervise anyone — your diary."""
    org, access, me = _ctx(request)
    today = clock.today()
    mine = None
    my_sessions: list[Session] = []
    my_actions: list[Action] = []
    book = None
    if me is not None:
        spells = supervised_spells(org, today, person=me)
        mine = schedules(org, spells, today)[0] if spells else None
        my_sessions = list(
            Session.objects.for_org(org)
            .filter(Q(supervisee=me) | Q(attendance__person=me))
            .select_related("supervisor", "supervisee")
            .distinct()
            .order_by("-starts_at")[:12]
        )
        my_actions = list(Action.objects.filter(person=me, closed_on__isnull=True))
        book = diary(me, today)
    feed = CalendarFeed.objects.filter(user=request.user).first()  # type: ignore[misc]
    new_token = request.session.pop("calendar_token", None)
    return render(
        request,
        "supervision/home.html",
        {
            "me": me,
            "mine": mine,
            "my_sessions": my_sessions,
            "my_actions": my_actions,
            "diary": book,
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("supervision:feed", args=[new_token]))
            if new_token
            else None,
            "can_book": access.can(Cap.SUPERVISION_RECORD),
            "can_compliance": access.can(Cap.SUPERVISION_COMPLIANCE),
            "can_policy": access.can(Cap.SUPERVISION_POLICY),
        },
    )


def _bookable_people(
    org: Any, access: Any, me: StaffMember | None, *, any_profession: bool = False
) -> list[StaffMember]:
    """Whom the person may book for: the people they supervise, and for managers everyone in
    their teams or services (the organisation for wider scopes). With *any_profession*, people of
    every profession in those teams — group case supervision is multi-disciplinary."""
    today = clock.today()
    if any_profession:
        from thrive.people.models import EmploymentSpell

        spells = list(
            EmploymentSpell.objects.for_org(org)
            .current(today)
            .select_related("person", "team")
            .order_by("person__last_name", "person__first_name")
        )
        mine = {s.team_id for s in spells if me is not None and s.person_id == me.pk}
    else:
        spells = supervised_spells(org, today)
        mine = set()
    scope = access.scope(Cap.SUPERVISION_RECORD)
    people = []
    for s in spells:
        if me is not None and s.person_id == me.pk:
            continue
        team = s.team
        if (
            scope >= Scope.ORG
            or (me is not None and s.line_manager_id == me.pk)
            or s.team_id in mine
            or access.allows(
                Cap.SUPERVISION_RECORD,
                team_id=s.team_id,
                service_id=team.service_id if team else None,
            )
        ):
            people.append(s.person)
    return list({p.pk: p for p in people}.values())


@org_view(Cap.SUPERVISION_RECORD)
def book(request: AuthedRequest) -> HttpResponse:
    org, access, me = _ctx(request)
    if me is None:
        messages.error(request, "You need a record in the register to supervise anyone.")
        return redirect("supervision:home", org_code=org.code)
    people = _bookable_people(org, access, me)
    everyone = _bookable_people(org, access, me, any_profession=True)
    form = BookForm(
        request.POST or None,
        people=[(str(p.pk), p.full_name) for p in people],
        attendees=[(str(p.pk), p.full_name) for p in everyone],
        initial={"supervisee": request.GET.get("person", "")},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        by_id = {str(p.pk): p for p in [*people, *everyone]}
        try:
            session = session_book(
                access=access,
                supervisor=me,
                kind=d["kind"],
                supervisee=by_id.get(d["supervisee"]) if d["kind"] != Kind.GROUP else None,
                starts_at=form.starts_at(),
                planned_minutes=d["planned_minutes"],
                location=d["location"],
                attendees=[by_id[i] for i in d["attendees"] if i in by_id]
                if d["kind"] == Kind.GROUP
                else [],
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Booked: {session}.")
            return redirect("supervision:session", org_code=org.code, pk=session.pk)
    return render(request, "supervision/book.html", {"form": form})


def _session_or_404(request: AuthedRequest, pk: int, what: str = "Read") -> Session:
    org, access, _ = _ctx(request)
    session = get_object_or_404(
        Session.objects.select_related("supervisor", "supervisee", "team"), pk=pk, organisation=org
    )
    if not may_read(access, session):
        audit_log(
            action="supervision.refused",
            user=request.user,
            organisation=org,
            obj=session,
            summary="Asked for a supervision record they may not read",
            request=request,
        )
        raise Http404
    audit_log(
        action="supervision.read",
        user=request.user,
        organisation=org,
        obj=session,
        summary=f"{what} {session}",
        request=request,
    )
    return session


@org_view(Cap.HOME)
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, me = _ctx(request)
    session = _session_or_404(request, pk)
    personal = may_read_personal(access, session)
    is_supervisor = session.supervisor.user_id == request.user.pk
    is_supervisee = session.supervisee is not None and session.supervisee.user_id == request.user.pk
    reflections = ReflectionsForm(initial={"reflections": session.supervisee_reflections})
    addendum = AddendumForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        version = posted_version(request)
        try:
            if action in {"reflect", "agree", "return"}:
                reflections = ReflectionsForm(request.POST)
                if reflections.is_valid():
                    reflections_save(
                        access=access,
                        session=session,
                        reflections=reflections.cleaned_data["reflections"],
                        agree=action == "agree",
                        return_to_supervisor=action == "return",
                        version=version,
                    )
                    messages.success(
                        request,
                        {
                            "agree": "You have agreed the record.",
                            "return": "The record is back with your supervisor.",
                            "reflect": "Your reflections are saved.",
                        }[action],
                    )
                    return redirect("supervision:session", org_code=org.code, pk=pk)
            elif action == "addendum":
                addendum = AddendumForm(request.POST)
                if addendum.is_valid():
                    addendum_add(
                        access=access,
                        session=session,
                        text=addendum.cleaned_data["text"],
                        personal=addendum.cleaned_data["personal"],
                    )
                    messages.success(request, "The addendum is added.")
                    return redirect("supervision:session", org_code=org.code, pk=pk)
            elif action == "cancel":
                session_cancel(access=access, session=session, version=version)
                messages.success(request, "The session is cancelled.")
                return redirect("supervision:home", org_code=org.code)
        except ThriveError as exc:
            if action == "cancel":
                messages.error(request, exc.message)
                return redirect("supervision:session", org_code=org.code, pk=pk)
            target = reflections if action in {"reflect", "agree", "return"} else addendum
            target.add_error(None, exc.message)
    families, hidden = family_notes_for(request, session)
    # A personal addendum is as confidential as the wellbeing part and the reflections.
    addenda = [a for a in session.addenda.select_related("author") if personal or not a.personal]
    return render(
        request,
        "supervision/session.html",
        {
            "session": session,
            "personal": personal,
            "is_supervisor": is_supervisor,
            "is_supervisee": is_supervisee,
            "reflections": reflections,
            "addendum": addendum,
            "families": families,
            "families_hidden": hidden,
            "actions_raised": session.actions.all(),
            "attendance": session.attendance.select_related("person"),
            "addenda": addenda,
            "skills": session.skills.all(),
        },
    )


def family_notes_for(request: AuthedRequest, session: Session) -> tuple[list[Any], int]:
    """The families discussed in *session* whose notes the reader may see — a family's notes follow
    the family's own access rule, not the record's — each read logged against the family; and how
    many others are not shown."""
    org, access, _ = _ctx(request)
    discussed = list(session.families.select_related("family", "workbook_entry"))
    if not discussed:
        return [], 0
    visible = set(
        families_visible_to(access, clock.today())
        .filter(pk__in=[f.family_id for f in discussed])
        .values_list("pk", flat=True)
    )
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


def _supervisee_families(org: Any, session: Session, access: Any) -> list[tuple[int, str]]:
    """Families the supervisee holds today that the supervisor may also see."""
    assert session.supervisee is not None
    today = clock.today()
    held = (
        Allocation.objects.for_org(org)
        .filter(worker=session.supervisee)
        .current(today)
        .values("family_id")
    )
    visible = (
        families_visible_to(access, today).filter(family_id__in=held).order_by("family_id")[:15]
    )
    return [(f.pk, str(f)) for f in visible]


@org_view(Cap.SUPERVISION_RECORD)
def record(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, me = _ctx(request)
    session = _session_or_404(request, pk, "Opened the record of")
    if session.supervisor.user_id != request.user.pk:
        raise PermissionDenied
    if session.kind == Kind.GROUP:
        return redirect("supervision:group_record", org_code=org.code, pk=pk)
    assert session.supervisee is not None
    today = clock.today()
    skills = (
        PracticeSkill.objects.for_org(org)
        .filter(available_from__lte=today)
        .filter(Q(retired_on__isnull=True) | Q(retired_on__gt=today))
    )
    families = _supervisee_families(org, session, access)
    open_actions = Action.objects.filter(person=session.supervisee, closed_on__isnull=True).exclude(
        raised_in=session
    )
    discussed = {
        f.family_id: f for f in session.families.filter(family_id__in=[pk_ for pk_, _ in families])
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
        "skills": [str(s.pk) for s in session.skills.all()],
        "incident_on": session.incident_on,
        "incident": session.incident,
        "support_agreed": session.support_agreed,
    }
    debrief = session.kind == Kind.DEBRIEF
    if debrief:
        families = []
    for pk_, _ in families:
        if pk_ in discussed:
            initial[f"changed_{pk_}"] = discussed[pk_].what_changed
            initial[f"plan_{pk_}"] = discussed[pk_].plan
    form = RecordForm(
        request.POST or None,
        initial=initial,
        skills=[(str(s.pk), s.name) for s in skills],
        families=families,
        open_actions=[(str(a.pk), f"{a.text} (due {a.due_date:%-d %b %Y})") for a in open_actions],
        debrief=debrief,
    )
    loads = worker_loads(org, case_holding_spells(org, today, person=session.supervisee), today)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from thrive.caseloads.models import Family

        family_objs = {f.pk: f for f in Family.objects.filter(pk__in=[pk_ for pk_, _ in families])}
        notes = [
            FamilyNote(family_objs[pk_], d[f"changed_{pk_}"], d[f"plan_{pk_}"])
            for pk_, _ in families
            if d.get(f"changed_{pk_}") or d.get(f"plan_{pk_}")
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
            "family_ids": [pk_ for pk_, _ in families],
        },
    )


@org_view(Cap.SUPERVISION_RECORD)
def group_record(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, me = _ctx(request)
    session = _session_or_404(request, pk, "Opened the record of")
    if session.supervisor.user_id != request.user.pk or session.kind != Kind.GROUP:
        raise PermissionDenied
    invited = [
        (str(a.person_id), a.person.full_name) for a in session.attendance.select_related("person")
    ]
    families = [
        (str(f.pk), str(f))
        for f in families_visible_to(access, clock.today()).order_by("family_id")[:200]
    ]
    form = GroupRecordForm(
        request.POST or None,
        invited=invited,
        families=families,
        initial={"minutes": session.planned_minutes, "attended": [i for i, _ in invited]},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        from thrive.caseloads.models import Family

        chosen = {
            str(f.pk): f
            for f in Family.objects.filter(
                pk__in=[d[f"family_{n}"] for n in range(1, form.rows + 1) if d.get(f"family_{n}")]
            )
        }
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
    return render(request, "supervision/group_record.html", {"form": form, "session": session})


@org_view(Cap.HOME)
def session_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk, "Downloaded the calendar file of")
    response = HttpResponse(
        calendar_of([session], "Supervision"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{session.pk}.ics"'
    return response


@require_POST
@org_view(Cap.SUPERVISION_VIEW)
def feed_manage(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(user=request.user)
        messages.success(request, "Your calendar address no longer works.")
    else:
        request.session["calendar_token"] = calendar_feed_create(user=request.user)
        messages.success(
            request, "Your new calendar address is below. Copy it now: it is shown once."
        )
    return redirect("supervision:home", org_code=org.code)


def feed(request: AuthedRequest, token: str) -> HttpResponse:
    """A person's sessions as a calendar feed, at a secret address (no sign-in: calendar apps
    cannot sign in). Only who and when — never what was discussed."""
    found = CalendarFeed.objects.select_related("user").filter(token_hash=feed_hash(token)).first()
    if found is None or not found.user.is_active or user_has_left(found.user):
        raise Http404
    found.last_used_at = clock.now()
    found.save(update_fields=["last_used_at"])
    sessions = (
        Session.objects.filter(
            Q(supervisor__user=found.user)
            | Q(supervisee__user=found.user)
            | Q(attendance__person__user=found.user),
            starts_at__gte=clock.now() - timedelta(days=90),
            # Only councils where the person still has a role: leaving one ends its sessions in
            # the feed, as it ends their sign-in there.
            organisation_id__in=RoleAssignment.objects.filter(user=found.user).values(
                "organisation_id"
            ),
        )
        .select_related("supervisor", "supervisee")
        .distinct()
    )
    return HttpResponse(
        calendar_of(sessions, "Supervision (Thrive)"), content_type="text/calendar; charset=utf-8"
    )


# --- Compliance, policy and settings -----------------------------------------------------------


def _compliance_teams(access: Any) -> list[int] | None:
    if access.scope(Cap.SUPERVISION_COMPLIANCE) >= Scope.ORG:
        return None
    return list(
        Team.objects.visible_to(access, Cap.SUPERVISION_COMPLIANCE).values_list("pk", flat=True)
    )


@org_view(Cap.SUPERVISION_COMPLIANCE)
def compliance(request: AuthedRequest) -> HttpResponse:
    """Compliance by team and overall; ``?team=<id>`` shows that team's trend instead of all
    teams' (only a team in the report: one the reader's roles reach)."""
    org, access, _ = _ctx(request)
    on = date_param(request.GET)
    report = compliance_report(org, _compliance_teams(access), on)
    chosen = report["total"]
    if request.GET.get("team"):
        chosen = next((r for r in report["rows"] if str(r.team_id) == request.GET["team"]), None)
        if chosen is None:
            raise Http404
    if request.GET.get("format") == "xlsx":
        from thrive.supervision.exports import compliance_workbook

        audit_log(
            action="supervision.compliance_export",
            user=request.user,
            organisation=org,
            summary=f"Exported supervision compliance on {on}",
        )
        response = HttpResponse(
            compliance_workbook(org, report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="supervision-compliance-{on}.xlsx"'
        return response
    trend = chosen.trend
    chart = line_chart(
        chart_id="supervision-trend",
        title=f"{chosen.label}: share supervised within policy over the previous 3 months, "
        "at each month end",
        categories=[p["date"].strftime("%b %y") for p in trend],
        series=[Series("Within policy (%)", [p["compliance"].share for p in trend])],
        unit="%",
        description=f"{chosen.label}: for each of the last 11 month ends and "
        f"{on:%-d %B %Y}, the percentage of people supervised within policy over the 3 months "
        "before it",
    )
    return render(
        request,
        "supervision/compliance.html",
        {**report, "chart": chart, "windows": WINDOWS, "chosen": chosen, "trend": trend},
    )


@org_view(Cap.SUPERVISION_COMPLIANCE)
def policy(request: AuthedRequest) -> HttpResponse:
    org, access, _ = _ctx(request)
    can_edit = access.can(Cap.SUPERVISION_POLICY)
    current = settings_for(org)
    form = (
        PolicyForm(request.POST or None, initial={"effective_from": clock.today()})
        if can_edit
        else None
    )
    settings_form = (
        SettingsForm(
            initial={
                "personal_access": current.personal_access,
                "retention_years": current.retention_years,
                "grace_days": current.grace_days,
            }
        )
        if can_edit
        else None
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if request.POST.get("action") == "settings":
            settings_form = SettingsForm(request.POST)
            if settings_form.is_valid():
                try:
                    settings_save(
                        organisation=org,
                        actor=request.user,
                        version=posted_version(request),
                        **settings_form.cleaned_data,
                    )
                except ThriveError as exc:
                    settings_form.add_error(None, exc.message)
                else:
                    messages.success(request, "The supervision settings are saved.")
                    return redirect("supervision:policy", org_code=org.code)
        else:
            assert form is not None
            if form.is_valid():
                d = form.cleaned_data
                try:
                    person = None
                    if d["applies_to"] == "person":
                        person = (
                            StaffMember.objects.for_org(org)
                            .filter(staff_id=d["staff_id"].strip())
                            .first()
                        )
                        if person is None:
                            raise ThriveError(
                                f"There is nobody with staff ID {d['staff_id']} in the register.",
                                field="staff_id",
                            )
                    supervision_policy_add(
                        organisation=org,
                        person=person,
                        effective_from=d["effective_from"],
                        frequency=d["frequency"],
                        minimum_minutes_per_month=d["minimum_minutes_per_month"],
                        asye=d["applies_to"] == "asye",
                        org_role=int(d["org_role"]) if d["applies_to"] == "org_role" else None,
                        team_type=d["team_type"] if d["applies_to"] == "team_type" else "",
                        first_within_days=d.get("first_within_days"),
                        note=d["note"],
                        actor=request.user,
                    )
                except ThriveError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, "The supervision policy is saved.")
                    return redirect("supervision:policy", org_code=org.code)
    return render(
        request,
        "supervision/policy.html",
        {
            "policies": SupervisionPolicy.objects.for_org(org).select_related("person"),
            "form": form,
            "settings_form": settings_form,
            # The version the user saw, so a change someone made meanwhile is not overwritten.
            "settings_version": request.POST.get("version", current.version),
            "grace_days": current.grace_days,
            "since": supervision_since(org),
        },
    )


@org_view(Cap.SUPERVISION_VIEW)
def sessions_list(request: AuthedRequest) -> HttpResponse:
    """Records the person may read, newest first (names and dates only: opening one is logged)."""
    org, access, _ = _ctx(request)
    from django.core.paginator import Paginator

    qs = (
        sessions_visible_to(access)
        .select_related("supervisor", "supervisee")
        .order_by("-starts_at")
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/sessions.html", {"page": page, "today": clock.today()})


@org_view(Cap.SUPERVISION_POLICY)
def skills(request: AuthedRequest) -> HttpResponse:
    """The council's list of practice skills supervisors record seeing in the work."""
    return list_page(
        request,
        PracticeSkill,
        title="Practice skills",
        intro="The skills supervisors choose from when they record what they saw in a "
        "supervisee's work.",
        url_name="supervision:skills",
    )
