"""Support drop-ins: anyone books a confidential slot with an experienced worker; the host sees
who booked their slots; the engagement leads offer slots; leaders see monthly counts of five or
more only."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.engagement import dropins, policy
from thrive.engagement.forms import DropInMoveForm, DropInSlotForm
from thrive.engagement.recognition import colleagues
from thrive.engagement.selectors import minimum_group
from thrive.people.selectors import staff_member_for


@org_view(Cap.ENGAGEMENT_ANSWER)
def dropins_page(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    me = staff_member_for(request.user, org)
    runs = policy.runs_surveys(request.access)
    hosts = [(str(p.pk), p.full_name) for p in colleagues(org, clock.today())] if runs else []
    which = request.POST.get("form", "") if request.method == "POST" else ""
    form = DropInSlotForm(request.POST if which == "offer" else None, hosts=hosts)
    here = redirect("engagement:dropins", org_code=org.code)
    if which == "offer":
        if not runs:
            raise PermissionDenied(Cap.ENGAGEMENT_MANAGE)
        if form.is_valid():
            data = form.cleaned_data
            host = next(
                (p for p in colleagues(org, clock.today()) if str(p.pk) == data["host"]), None
            )
            try:
                if host is None:
                    raise ThriveError("Choose the host.", field="host")
                dropins.dropin_slot_add(
                    host=host,
                    starts_at=timezone.make_aware(
                        datetime.combine(data["starts_on"], data["starts_time"])
                    ),
                    minutes=data["minutes"],
                    place=data["place"],
                    actor=request.user,
                )
            except ThriveError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "The slot is offered.")
                return here
    elif which == "withdraw":
        raw = request.POST.get("slot", "")
        slot = dropins.dropin_for(org, int(raw)) if raw.isdigit() else None
        if slot is None:
            raise Http404("No such slot")
        try:
            booked = dropins.dropin_slot_withdraw(
                slot=slot,
                actor=request.user,
                reason=request.POST.get("reason", "")[:300],
                runs=runs,
            )
        except ThriveError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                "The slot is withdrawn"
                + ("; the person who booked it is sent the cancellation." if booked else "."),
            )
        return here
    elif which in ("book", "cancel"):
        raw = request.POST.get("slot", "")
        slot = dropins.dropin_for(org, int(raw)) if raw.isdigit() else None
        if slot is None or me is None:
            raise Http404("No such slot")
        try:
            if which == "book":
                dropins.dropin_book(slot=slot, person=me, actor=request.user)
                messages.success(request, "Booked. Only you and the host know.")
            else:
                dropins.dropin_cancel(slot=slot, person=me, actor=request.user)
                messages.success(request, "Your booking is cancelled.")
        except ThriveError as exc:
            messages.error(request, str(exc))
        return here
    return render(
        request,
        "engagement/dropins.html",
        {
            "form": form,
            "runs": runs,
            "has_record": me is not None,
            "free": [s for s in dropins.dropins_free(org) if s.host_id != (me.pk if me else None)],
            "mine": dropins.dropins_booked_by(me),
            "hosting": dropins.dropins_hosted_by(me),
            "now": clock.now(),
            "counts": dropins.dropin_counts(org) if policy.reads_results(request.access) else None,
            "minimum": minimum_group(org),
        },
    )


@org_view(Cap.ENGAGEMENT_ANSWER)
def dropin_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """The host moves their slot; whoever booked it gets the updated calendar invitation."""
    org = request.organisation
    slot = dropins.dropin_for(org, pk)
    if slot is None:
        raise Http404("No such slot")
    runs = policy.runs_surveys(request.access)
    if not runs and slot.host.user_id != request.user.pk:
        # Someone else's slot is answered as one that does not exist (no enumeration by ID).
        raise Http404("No such slot")
    when = timezone.localtime(slot.starts_at)
    form = DropInMoveForm(
        request.POST or None,
        initial={
            "starts_on": when.date(),
            "starts_time": when.time().replace(second=0, microsecond=0),
            "minutes": slot.minutes,
            "place": slot.place,
            "version": slot.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dropins.dropin_slot_move(
                slot=slot,
                starts_at=timezone.make_aware(
                    datetime.combine(data["starts_on"], data["starts_time"])
                ),
                minutes=data["minutes"],
                place=data["place"],
                actor=request.user,
                runs=runs,
                version=data["version"],
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                "The slot is moved"
                + ("; the person who booked it is sent the update." if slot.booked_by_id else "."),
            )
            return redirect("engagement:dropins", org_code=org.code)
    return render(
        request,
        "engagement/dropin_move.html",
        {"form": form, "slot": slot},
        status=400 if request.method == "POST" else 200,
    )
