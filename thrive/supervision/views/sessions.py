"""Supervision sessions: your supervision and your diary, booking, the records you may read,
and a session's page (reflections, agreement, addenda, cancelling)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.supervision.forms import AddendumForm, BookForm, MoveForm, ReflectionsForm
from thrive.supervision.models import Action, Kind, Session
from thrive.supervision.selectors import (
    bookable_people,
    calendar_feed_of,
    diary,
    may_read_personal,
    open_actions,
    professions_of,
    records_visible_to,
    schedules,
    session_parts,
    sessions_of_person,
    supervised_spells,
)
from thrive.supervision.services import (
    addendum_add,
    may_manage_session,
    reflections_save,
    session_book,
    session_cancel,
    session_move,
)
from thrive.supervision.views.common import reader, refused, session_or_404
from thrive.supervision.views.records import family_notes_for


@org_view(Cap.SUPERVISION_VIEW)
def home(request: AuthedRequest) -> HttpResponse:
    """Your own supervision, and — if you supervise anyone — your diary."""
    org, access, me = reader(request)
    today = clock.today()
    mine = None
    my_sessions: list[Session] = []
    my_actions: list[Action] = []
    book = None
    if me is not None:
        spells = supervised_spells(org, today, person=me)
        mine = schedules(org, spells, today)[0] if spells else None
        my_sessions = sessions_of_person(org, me)
        my_actions = open_actions(me)
        book = diary(me, today)
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
            "feed": calendar_feed_of(request.user),
            "feed_url": request.build_absolute_uri(reverse("supervision:feed", args=[new_token]))
            if new_token
            else None,
            "can_book": access.can(Cap.SUPERVISION_RECORD),
            "can_compliance": access.can(Cap.SUPERVISION_COMPLIANCE),
            "can_policy": access.can(Cap.SUPERVISION_POLICY),
        },
    )


@org_view(Cap.SUPERVISION_RECORD)
def book(request: AuthedRequest) -> HttpResponse:
    org, access, me = reader(request)
    if me is None:
        messages.error(request, "You need a record in the register to supervise anyone.")
        return redirect("supervision:home", org_code=org.code)
    today = clock.today()
    people = bookable_people(access, me, today)
    everyone = bookable_people(access, me, today, any_profession=True)
    profession = professions_of(org, today, everyone)
    invitees = sorted(everyone, key=lambda p: (profession.get(p.pk, ""), p.last_name, p.first_name))
    form = BookForm(
        request.POST or None,
        people=[(str(p.pk), p.full_name) for p in people],
        attendees=[
            (str(p.pk), f"{p.full_name} ({profession[p.pk].lower()})")
            if p.pk in profession
            else (str(p.pk), p.full_name)
            for p in invitees
        ],
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
            messages.success(request, f"You have booked {session.in_words}.")
            return redirect("supervision:session", org_code=org.code, pk=session.pk)
    return render(request, "supervision/book.html", {"form": form})


@org_view(Cap.HOME)
def session_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, _ = reader(request)
    session = session_or_404(request, pk)
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
    parts = session_parts(session, personal=personal)
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
            "actions_raised": parts.actions_raised,
            "attendance": parts.attendance,
            "addenda": parts.addenda,
            "skills": parts.skills,
        },
    )


@org_view(Cap.SUPERVISION_VIEW)
def sessions_list(request: AuthedRequest) -> HttpResponse:
    """Records the person may read, newest first (names and dates only: opening one is logged)."""
    page = Paginator(records_visible_to(request.access), 50).get_page(request.GET.get("page"))
    return render(request, "supervision/sessions.html", {"page": page, "today": clock.today()})


@org_view(Cap.HOME)
def session_move_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a booked session still to come: everyone in it gets the updated invitation."""
    org, access, _ = reader(request)
    session = session_or_404(request, pk)
    if not may_manage_session(access, session):
        refused(request, session, "Asked to move a supervision session they do not manage")
        raise PermissionDenied(Cap.SUPERVISION_RECORD)
    back = reverse("supervision:session", args=[org.code, pk])
    when = timezone.localtime(session.starts_at)
    form = MoveForm(
        request.POST or None,
        initial={
            "day": when.date(),
            "start_time": when.time().replace(second=0, microsecond=0),
            "planned_minutes": session.planned_minutes,
            "location": session.location,
            "version": session.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            moved = session_move(
                access=access,
                session=session,
                starts_at=form.starts_at(),
                planned_minutes=form.cleaned_data["planned_minutes"],
                location=form.cleaned_data["location"],
                version=form.cleaned_data["version"],
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"The session is moved to {timezone.localtime(moved.starts_at):%A %-d %B at %H:%M}"
                "; everyone in it is sent the updated calendar invitation.",
            )
            return redirect(back)
    return render(
        request,
        "supervision/move.html",
        {"form": form, "session": session, "back_url": back},
        status=400 if request.method == "POST" else 200,
    )
