"""Residential rota pages: homes, a home's rota (fill, publish, decide swaps), its shifts and
workers (register link, leave, time off in lieu), my shifts with swaps and a calendar file, and
the working-time rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.agency import policy, services
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import version_required
from thrive.core.roles import Cap


@org_view(Cap.ROTA_VIEW)
def homes(request: AuthedRequest) -> HttpResponse:
    from thrive.agency.rota_selectors import homes_visible

    return render(request, "agency/homes.html", {"homes": list(homes_visible(request.access))})


@org_view(Cap.ROTA_VIEW)
def home_rota(request: AuthedRequest, home_pk: int) -> HttpResponse:
    """A home's rota: the week grids (a table a week), the cover chosen and why, gaps, hours;
    managers fill a rota with the solver and publish it."""
    from thrive.agency.forms import RotaSolveForm
    from thrive.agency.rota_selectors import (
        extra_hours_totals,
        home_for_pk,
        rota_changes,
        rota_hours,
        rota_now_breaks,
        rota_of_home,
        rota_weeks,
        rotas_of_home,
    )

    home = home_for_pk(request.access, home_pk)
    if home is None:
        raise Http404("No such home")
    may_manage = policy.manages_rota(request.access, home)
    rotas = rotas_of_home(home)
    form = RotaSolveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("refill"):
        # Re-fill the shifts of a published rota freed by leave or absence recorded since.
        if not may_manage:
            raise PermissionDenied
        published = rota_of_home(
            home, int(request.POST["refill"]) if request.POST["refill"].isdigit() else 0
        )
        if published is None:
            raise Http404("No such rota")
        try:
            revision = services.rota_refill(rota=published, actor=request.user)
        except ThriveError as exc:
            messages.error(request, str(exc))
            return redirect(f"{request.path}?rota={published.pk}")
        messages.success(
            request,
            f"Shifts re-filled: revision {revision.revision}, a draft. Check what changes, then "
            "publish it.",
        )
        return redirect(f"{request.path}?rota={revision.pk}#changes")
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                made = services.rota_solve(
                    home=home,
                    starts=form.cleaned_data["starts"],
                    weeks=form.cleaned_data["weeks"],
                    actor=request.user,
                )
            except ThriveError as exc:
                form.add_error("starts", str(exc))
            else:
                messages.success(
                    request,
                    f"Rota filled: {made.agency_shifts} agency shifts, "
                    f"{made.gaps.count()} gaps. It is a draft until published.",
                )
                return redirect(f"{request.path}?rota={made.pk}")
    chosen = None
    wanted = request.GET.get("rota", "")
    if wanted.isdigit():
        chosen = rota_of_home(home, int(wanted))
    elif rotas:
        chosen = rotas[0]
    context: dict[str, object] = {
        "home": home,
        "rotas": rotas,
        "rota": chosen,
        "form": form,
        "may_manage": may_manage,
    }
    if chosen is not None:
        weeks, assignments, gaps = rota_weeks(chosen)
        from thrive.agency.forms import SwapDecisionForm
        from thrive.agency.rota_selectors import home_swaps

        swaps = [w for w in home_swaps(home) if w.give.rota_id == chosen.pk]
        hours = rota_hours(assignments, chosen.weeks)
        context |= {
            "swaps": swaps,
            "decision_forms": {
                w.pk: SwapDecisionForm(initial={"version": w.version}, prefix=f"swap{w.pk}")
                for w in swaps
                if w.status == "requested"
            },
            "weeks": weeks,
            "gaps": gaps,
            "cover": [a for a in assignments if a.tier != "own"],
            "hours": hours,
            "extra_totals": extra_hours_totals(hours),
            "breaks": rota_now_breaks(chosen, assignments),
            "changes": rota_changes(chosen),
        }
    return render(request, "agency/home_rota.html", context)


@org_view(Cap.ROTA_VIEW)
def home_setup(request: AuthedRequest, home_pk: int) -> HttpResponse:
    """A home's shifts and the workers its rota may use, their register link, leave and time
    off in lieu; its rota managers add a shift or a worker, link a worker to the register and
    record their leave."""
    from thrive.agency.forms import (
        HoursWorkedForm,
        LeaveForm,
        RotaWorkerForm,
        ShiftForm,
        WorkerHoursForm,
        WorkerLinkForm,
        WorkingPatternForm,
        hours_seen,
        hours_seen_read,
    )
    from thrive.agency.rota_selectors import home_for_pk, hours_recorded, hours_shown_since
    from thrive.agency.rota_selectors import home_setup as setup

    home = home_for_pk(request.access, home_pk)
    if home is None:
        raise Http404("No such home")
    may_manage = policy.manages_rota(request.access, home)
    adding = request.POST.get("add") if request.method == "POST" else None
    if adding and not may_manage:
        raise PermissionDenied
    shifts, workers = setup(home, clock.today())
    by_pk = {str(w.pk): w for w in workers}
    choices = [("", "Choose a worker")] + [(str(w.pk), w.name) for w in workers]
    posted = request.POST if adding else None
    shift_form = ShiftForm(posted if adding == "shift" else None, prefix="shift")
    worker_form = RotaWorkerForm(posted if adding == "worker" else None, prefix="worker")
    link_form = WorkerLinkForm(posted if adding == "link" else None, prefix="link", workers=choices)
    leave_form = LeaveForm(posted if adding == "leave" else None, prefix="leave", workers=choices)
    worked_form = HoursWorkedForm(
        posted if adding == "worked" else None, prefix="worked", workers=choices
    )
    hours_form = WorkerHoursForm(
        posted if adding == "hours" else None, prefix="hours", workers=choices
    )
    pattern_form = WorkingPatternForm(
        posted if adding == "pattern" else None, prefix="pattern", workers=choices
    )

    def _pattern(d: dict[str, Any]) -> Any:
        worker = by_pk[d["worker"]]
        return services.working_pattern_set(
            worker=worker,
            version=worker.version,
            effective_from=d["effective_from"],
            weekdays=d["weekdays"],
            day_starts=d.get("day_starts"),
            day_ends=d.get("day_ends"),
            note=d.get("note", ""),
            actor=request.user,
        )

    def _link(d: dict[str, Any]) -> Any:
        worker = by_pk[d["worker"]]
        return services.rota_worker_link(
            worker=worker, staff_id=d["staff_id"], version=worker.version, actor=request.user
        )

    def _hours(d: dict[str, Any]) -> Any:
        worker = by_pk[d["worker"]]
        return services.rota_worker_hours_set(
            worker=worker,
            version=worker.version,
            contracted_hours=d.get("contracted_hours"),
            extra_hours_week=d.get("extra_hours_week"),
            max_hours_week=d.get("max_hours_week"),
            actor=request.user,
        )

    def _worked(d: dict[str, Any]) -> Any:
        # The versions of the weeks the page showed: a week recorded or corrected by someone
        # else since is refused, not overwritten (a week older than the page shows: as before).
        worker, week = by_pk[d["worker"]], d["week_starts"]
        since, seen = hours_seen_read(request.POST.get("worked-seen", ""))
        versions = None if since is not None and week < since else seen
        try:
            (row,) = services.rota_hours_record(
                home=home,
                rows=[(worker, week, d["hours"], d.get("note", ""))],
                actor=request.user,
                versions=versions,
            )
        except ThriveError as exc:
            if exc.field != "version":
                raise
            raise ThriveError(
                f"{worker.name}'s week from {week:%-d %B %Y} was recorded or changed by someone "
                "else since you opened this page: the hours now recorded are in the table above. "
                "Check them, then record the hours again to correct them.",
                field="hours",
            ) from exc
        return row

    def _leave(d: dict[str, Any]) -> Any:
        return services.rota_leave_add(
            worker=by_pk[d["worker"]],
            start_date=d["start_date"],
            end_date=d["end_date"],
            reason=d["reason"],
            toil_hours=d.get("toil_hours"),
            actor=request.user,
        )

    forms_by_kind: dict[str, tuple[Any, Callable[..., Any], Callable[[Any], str]]] = {
        "shift": (
            shift_form,
            lambda d: services.shift_add(home=home, actor=request.user, **d),
            lambda s: f"Shift added: {s}.",
        ),
        "worker": (
            worker_form,
            lambda d: services.rota_worker_add(home=home, actor=request.user, **d),
            lambda w: f"{w} can now work shifts.",
        ),
        "link": (link_form, _link, lambda w: f"{w} is linked to the register."),
        "hours": (hours_form, _hours, lambda w: f"{w}'s hours are saved."),
        "pattern": (
            pattern_form,
            _pattern,
            lambda p: f"{p.worker.name} works {p.describe()} from {p.effective_from:%-d %B %Y}.",
        ),
        "worked": (
            worked_form,
            _worked,
            lambda r: (
                f"{r.worker.name}: {r.hours.normalize():f} hours in the week from "
                f"{r.week_starts:%-d %B %Y} recorded."
            ),
        ),
        "leave": (
            leave_form,
            _leave,
            lambda u: f"{u.worker.name} is off from {u.start_date:%-d %B} to {u.end_date:%-d %B}.",
        ),
    }
    if adding in forms_by_kind:
        form, save, said = forms_by_kind[adding]
        done = form_submit(request, form, save, done=said, then=request.path)
        if done is not None:
            return done
    worked = hours_recorded(home, clock.today())
    return render(
        request,
        "agency/home_setup.html",
        {
            "home": home,
            "shifts": shifts,
            "workers": workers,
            "may_manage": may_manage,
            "shift_form": shift_form,
            "worker_form": worker_form,
            "link_form": link_form,
            "leave_form": leave_form,
            "hours_form": hours_form,
            "pattern_form": pattern_form,
            "worked_form": worked_form,
            "worked": worked,
            "worked_seen": hours_seen(worked, hours_shown_since(clock.today())),
            "form": forms_by_kind[adding][0] if adding in forms_by_kind else shift_form,
        },
    )


@org_view(Cap.ROTA_MANAGE)
def rota_publish(request: AuthedRequest, home_pk: int, pk: int) -> HttpResponse:
    from thrive.agency.rota_selectors import home_for_pk, rota_of_home

    home = home_for_pk(request.access, home_pk)
    if home is None or not policy.manages_rota(request.access, home):
        raise Http404("No such home")
    rota = rota_of_home(home, pk)
    if rota is None or request.method != "POST":
        raise Http404("No such rota")
    version = request.POST.get("version", "")
    try:
        services.rota_publish(
            rota=rota, version=int(version) if version.isdigit() else -1, actor=request.user
        )
    except ThriveError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Rota published: its staff now see their shifts.")
    return redirect(f"/o/{request.organisation.code}/agency/homes/{home.pk}/?rota={rota.pk}")


@org_view(Cap.ROTA_MY_SHIFTS)
def my_shifts(request: AuthedRequest) -> HttpResponse:
    from thrive.agency.rota_selectors import my_shifts as shifts_of
    from thrive.agency.rota_selectors import my_swaps

    today = clock.today()
    return render(
        request,
        "agency/my_shifts.html",
        {
            "shifts": shifts_of(request.user, request.organisation, today),
            "swaps": my_swaps(request.user, request.organisation),
            "today": today,
        },
    )


@org_view(Cap.ROTA_MY_SHIFTS)
def swap_ask(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask a colleague to take one of my published shifts, or to exchange it for one of theirs;
    the home's manager decides."""
    from thrive.agency.forms import SwapForm
    from thrive.agency.rota_selectors import my_shift, swap_choices

    give = my_shift(request.user, request.organisation, pk)
    today = clock.today()
    if give is None or give.day < today:
        raise Http404("No such shift")
    colleagues, theirs = swap_choices(give, today)
    by_worker = {str(w.pk): w for w in colleagues}
    by_shift = {str(a.pk): a for a in theirs}
    form = SwapForm(
        request.POST if request.method == "POST" else None,
        colleagues=[(str(w.pk), w.name) for w in colleagues],
        theirs=[
            (str(a.pk), f"{a.worker.name}: {a.shift.name}, {a.day:%a %-d %b}")
            for a in theirs
            if str(a.worker_id) in by_worker
        ],
        initial={"version": give.version},
    )
    done = form_submit(
        request,
        form,
        lambda d: services.swap_request(
            give=give,
            colleague=by_worker[d["colleague"]],
            take=by_shift.get(d.get("take") or ""),
            reason=d.get("reason", ""),
            actor=request.user,
            version=version_required(d.get("version")),
        ),
        done="Swap asked for: your manager will decide.",
        then=reverse("agency:my_shifts", args=[request.organisation.code]),
        refused_at="colleague",
    )
    if done is not None:
        return done
    return render(request, "agency/swap_ask.html", {"give": give, "form": form})


@org_view(Cap.ROTA_MANAGE)
def swap_decide(request: AuthedRequest, home_pk: int, pk: int) -> HttpResponse:
    """The home's manager approves or refuses a swap (the rules checked again)."""
    from thrive.agency.forms import SwapDecisionForm
    from thrive.agency.rota_selectors import home_for_pk, home_swap

    home = home_for_pk(request.access, home_pk)
    if home is None or not policy.manages_rota(request.access, home):
        raise Http404("No such home")
    swap = home_swap(home, pk)
    if swap is None or request.method != "POST":
        raise Http404("No such swap")
    form = SwapDecisionForm(request.POST, prefix=f"swap{swap.pk}")
    back = reverse("agency:home_rota", args=[request.organisation.code, home.pk])
    if not form.is_valid():
        messages.error(request, "Choose approve or refuse.")
        return redirect(f"{back}?rota={swap.give.rota_id}#swaps")
    try:
        services.swap_decide(
            swap=swap,
            approve=form.cleaned_data["decision"] == "approve",
            version=form.cleaned_data["version"],
            note=form.cleaned_data.get("note", ""),
            actor=request.user,
        )
    except ThriveError as exc:
        messages.error(request, " ".join([exc.message, *exc.problems]))
    else:
        messages.success(
            request,
            "Swap approved." if form.cleaned_data["decision"] == "approve" else "Swap refused.",
        )
    return redirect(f"{back}?rota={swap.give.rota_id}#swaps")


@org_view(Cap.ROTA_MY_SHIFTS)
def my_shifts_ics(request: AuthedRequest) -> HttpResponse:
    """My published shifts as a calendar file (for a phone's calendar)."""
    from datetime import datetime, timedelta

    from icalendar import Calendar, Event

    from thrive.agency.rota_selectors import my_shifts as shifts_of

    today = clock.today()
    cal = Calendar()
    cal.add("prodid", "-//Thrive//My shifts//EN")
    cal.add("version", "2.0")
    for a in shifts_of(request.user, request.organisation, today - timedelta(days=28)):
        start = datetime.combine(a.day, a.shift.starts)
        end = datetime.combine(a.day, a.shift.ends)
        if end <= start:
            end += timedelta(days=1)
        ev = Event()
        ev.add("uid", f"thrive-rota-{a.pk}@{request.organisation.code}")
        ev.add("summary", f"{a.shift.name} shift, {a.rota.home.name}")
        ev.add("dtstart", start)
        ev.add("dtend", end)
        ev.add("dtstamp", clock.now())
        cal.add_component(ev)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-shifts.ics"'
    return response


@org_view(Cap.ROTA_VIEW)
def working_time(request: AuthedRequest) -> HttpResponse:
    """The working-time facts rotas keep, dated; those who manage agency add a new set, and say
    from a date whether the council sends the rota's emails."""
    from thrive.agency.forms import RotaEmailForm, WorkingTimeForm
    from thrive.agency.rota_selectors import rota_email_settings, working_time_rules_all

    may_edit = policy.manages_placements(request.access)
    adding = request.POST.get("add", "rules") if request.method == "POST" else None
    form = WorkingTimeForm(request.POST if adding == "rules" else None)
    email_form = RotaEmailForm(request.POST if adding == "email" else None, prefix="email")
    if adding is not None and not may_edit:
        raise PermissionDenied
    if adding == "rules" and form.is_valid():
        try:
            services.working_time_rules_add(**form.cleaned_data, actor=request.user)
        except ThriveError as exc:
            form.add_error("effective_from", str(exc))
        else:
            messages.success(request, "Working-time rules saved.")
            return redirect("agency:working_time", request.organisation.code)
    if adding == "email":
        done = form_submit(
            request,
            email_form,
            lambda d: services.rota_email_setting_set(
                organisation=request.organisation, actor=request.user, **d
            ),
            done=lambda r: f"{r}.",
            then=request.path,
        )
        if done is not None:
            return done
    services.working_time_rules_ensure()
    return render(
        request,
        "agency/working_time.html",
        {
            "rows": working_time_rules_all(),
            "form": email_form if adding == "email" else form,
            "rules_form": form,
            "email_form": email_form,
            "emails": rota_email_settings(request.organisation),
            "may_edit": may_edit,
        },
    )
