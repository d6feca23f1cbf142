"""Catalogue pages: the catalogue (recommended for you first), an item with its sessions (book,
nominate, publish), adding or changing an item, withdrawing it (check your answers first), and
training champions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.flows import AnswersFlow, FlowRefused
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap
from thrive.learning.forms import ItemForm, NominateForm, WithdrawForm
from thrive.learning.models import BookingStatus, CareerStage, ItemType, LearningItem
from thrive.learning.policy import only_through_the_exchange
from thrive.learning.selectors import (
    bookings_of,
    catalogue_items,
    champion_service_ids,
    champions_of,
    is_champion_for,
    is_published,
    learning_item,
    nominable_people,
    nominee,
    partner_of_user,
    published_for_services,
    recommended_for,
    services_of,
    session_of_item,
    sessions_from,
    upcoming_by_item,
    upcoming_sessions_of,
)
from thrive.learning.services import (
    book,
    champion_add,
    champion_remove,
    item_publish,
    item_save,
    item_withdraw,
    nominate,
)
from thrive.learning.views.common import reader
from thrive.people.selectors import service_by_id, staff_member_by_staff_id


@org_view(Cap.LEARNING_VIEW)
def catalogue(request: AuthedRequest) -> HttpResponse:
    org, access, me = reader(request)
    today = clock.today()
    if only_through_the_exchange(access):
        return redirect("learning:exchange_places", org_code=org.code)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    stage = request.GET.get("stage", "")
    rows = catalogue_items(
        org, today, q=q, kind=kind, stage=stage, topic=request.GET.get("topic", "")
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learning/catalogue.html",
        {
            "page": page,
            "sessions": upcoming_by_item(org, rows),
            "recommended": recommended_for(me, today) if me is not None and not q else [],
            "q": q,
            "type": kind,
            "stage": stage,
            "topic": request.GET.get("topic", ""),
            "types": ItemType.choices,
            "stages": CareerStage.choices,
            "query": query.urlencode(),
            "can_manage": access.can(Cap.LEARNING_MANAGE),
            "partner": partner_of_user(org, request.user),
        },
    )


def _item_or_404(org: Any, pk: int) -> LearningItem:
    item = learning_item(org, pk)
    if item is None:
        raise Http404
    return item


@org_view(Cap.LEARNING_VIEW)
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, me = reader(request)
    if only_through_the_exchange(access):
        raise PermissionDenied
    item = _item_or_404(org, pk)
    can_manage = access.can(Cap.LEARNING_MANAGE)
    if not can_manage and not is_published(item, clock.today()):
        raise Http404
    sessions = upcoming_sessions_of(item)
    mine = {b.session_id: b for b in bookings_of(org, request.user, me, item=item)}
    nominate_form = None
    if access.can(Cap.LEARNING_NOMINATE) and sessions:
        nominate_form = NominateForm(
            request.POST if request.POST.get("action") == "nominate" else None,
            people=[(str(p.pk), p.full_name) for p in nominable_people(access, clock.today())],
            sessions=[(str(s.pk), f"{s.starts_at:%-d %b %Y, %H:%M}") for s in sessions],
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "book":
                session_id = posted_id(request, "session")
                if session_id is None:
                    raise ThriveError("Choose a session to book.", field="session")
                session = session_of_item(item, session_id)
                if session is None:
                    raise Http404
                booking = book(session=session, user=request.user, person=me)
                messages.success(
                    request,
                    "You have a place."
                    if booking.status == BookingStatus.BOOKED
                    else "The session is full: you are on the waiting list, and will be told "
                    "if a place comes free.",
                )
                return redirect("learning:item", org_code=org.code, pk=pk)
            if action == "nominate" and nominate_form is not None and nominate_form.is_valid():
                person = nominee(org, nominate_form.cleaned_data["person"])
                session = session_of_item(item, nominate_form.cleaned_data["session"])
                if person is None or session is None:
                    raise Http404
                booking = nominate(access=access, session=session, person=person)
                messages.success(
                    request,
                    f"{person.full_name}: {booking.get_status_display().lower()}; "
                    "they have been told.",
                )
                return redirect("learning:item", org_code=org.code, pk=pk)
            if action == "publish" and can_manage:
                told = item_publish(item=item, actor=request.user)
                messages.success(
                    request, f"Published. {told} training champion{'s' if told != 1 else ''} told."
                )
                return redirect("learning:item", org_code=org.code, pk=pk)
        except ThriveError as exc:
            if nominate_form is not None and action == "nominate":
                nominate_form.add_error(None, exc.message)
            else:
                messages.error(request, exc.message)
    return render(
        request,
        "learning/item.html",
        {
            "item": item,
            "today": clock.today(),
            "sessions": sessions,
            "mine": mine,
            "nominate_form": nominate_form,
            "can_manage": can_manage,
            "stages": dict(CareerStage.choices),
            "is_champion": is_champion_for(me, item.service_id),
            "promote_url": request.build_absolute_uri(
                reverse("learning:item", args=[org.code, item.pk])
            ),
        },
    )


@org_view(Cap.LEARNING_MANAGE)
def item_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org, _, _ = reader(request)
    item = _item_or_404(org, pk) if pk else None
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "title": item.title,
            "item_type": item.item_type,
            "provider_kind": item.provider_kind,
            "provider_name": item.provider_name,
            "description": item.description,
            "topics": ", ".join(item.topics),
            "career_stages": item.career_stages,
            "professions": item.professions,
            "mandatory": item.mandatory,
            "renewal_months": item.renewal_months,
            "cpd_hours": item.cpd_hours,
            "service": str(item.service_id or ""),
        }
    services = [(str(s.pk), s.name) for s in services_of(org)]
    form = ItemForm(request.POST or None, initial=initial, services=services)
    done = form_submit(
        request,
        form,
        lambda _: item_save(
            organisation=org,
            actor=request.user,
            item=item,
            version=posted_version(request),
            **form.values(),
        ),
        done=lambda saved: (
            f"{saved.title} is saved."
            + ("" if saved.published_at else " Add sessions, then publish it.")
        ),
        then=lambda saved: reverse("learning:item", args=[org.code, saved.pk]),
    )
    if done is not None:
        return done
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": f"Change {item.title}" if item else "Add to the catalogue",
            "back_url": reverse("learning:item", args=[org.code, item.pk])
            if item
            else reverse("learning:catalogue", args=[org.code]),
            "version": item.version if item else None,
        },
    )


def _item_to_withdraw(request: AuthedRequest, pk: int) -> LearningItem:
    item = _item_or_404(request.organisation, pk)
    if item.withdrawn_on is not None:
        raise FlowRefused(
            f"This is already withdrawn from {item.withdrawn_on:%-d %B %Y}.",
            reverse("learning:item", args=[request.organisation.code, pk]),
        )
    return item


def _withdraw_words(request: AuthedRequest, item: LearningItem) -> dict[str, Any]:
    return {
        "title": "Withdraw it",
        "caption": item.title,
        "back_url": reverse("learning:item", args=[request.organisation.code, item.pk]),
        "intro": "From the date you give, only the people who manage the catalogue see it and "
        "nobody can book it. Its sessions from that date are cancelled, and everyone booked or "
        "waiting is emailed.",
        "confirm_heading": "Withdraw it",
        "confirm_text": "Sessions on or after the date are cancelled and the people booked on "
        "them are told; sessions before it go ahead.",
        "confirm_button": "Withdraw it",
    }


def _sessions_it_cancels(item: LearningItem, answers: dict[str, Any]) -> dict[str, Any]:
    doomed = sessions_from(item, answers["on"])
    return {
        "confirm_text": "No session is cancelled."
        if not doomed
        else "These sessions are cancelled and the people booked or waiting are told: "
        + "; ".join(f"{timezone.localtime(s.starts_at):%-d %B %Y, %H:%M}" for s in doomed)
        + "."
    }


WITHDRAW = AnswersFlow[LearningItem](
    name="item_withdraw",
    form=WithdrawForm,
    form_url_name="learning:item_withdraw",
    check_url_name="learning:item_withdraw_check",
    load=_item_to_withdraw,
    words=_withdraw_words,
    initial=lambda item: {"on": clock.today(), "version": item.version},
    confirm=lambda request, item, d: item_withdraw(
        item=item, on=d["on"], reason=d["reason"], actor=request.user, version=d["version"]
    ),
    done_url=lambda request, item, _: reverse(
        "learning:item", args=[request.organisation.code, item.pk]
    ),
    done_message=lambda request, item, cancelled: (
        f"{item.title} is withdrawn; {len(cancelled)} "
        f"session{'s' if len(cancelled) != 1 else ''} cancelled."
    ),
    words_from_answers=_sessions_it_cancels,
    capability=Cap.LEARNING_MANAGE,
)
"""Withdraw an item from a date: when and why, then check (with the sessions it cancels)."""
item_withdraw_start, item_withdraw_check = WITHDRAW.views(
    start="Withdraw an item, step one: from when, and why.",
    check="Withdraw an item, step two: check (with the sessions it cancels), then withdraw.",
)


@org_view(Cap.LEARNING_MANAGE)
def champions(request: AuthedRequest) -> HttpResponse:
    org, _, _ = reader(request)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                champion_remove(
                    organisation=org,
                    champion_id=posted_id(request, "champion") or 0,
                    actor=request.user,
                )
                messages.success(request, "Removed.")
            else:
                champion = champion_add(
                    organisation=org,
                    person=staff_member_by_staff_id(org, request.POST.get("staff_id", "")),
                    service=service_by_id(org, request.POST.get("service")),
                    actor=request.user,
                )
                messages.success(
                    request,
                    f"{champion.person.full_name} is a training champion for "
                    f"{champion.service.name}.",
                )
        except (ThriveError, ValueError) as exc:
            messages.error(request, str(exc) if isinstance(exc, ThriveError) else "Not found.")
        return redirect("learning:champions", org_code=org.code)
    return render(
        request,
        "learning/champions.html",
        {"champions": champions_of(org), "services": services_of(org)},
    )


@org_view(Cap.LEARNING_VIEW)
def champion_page(request: AuthedRequest) -> HttpResponse:
    """For a training champion: what is on offer for their service, with text to share."""
    org, _, me = reader(request)
    services = champion_service_ids(me)
    if not services:
        raise PermissionDenied
    return render(
        request,
        "learning/champion.html",
        {
            "items": published_for_services(org, clock.today(), services),
            "base": request.build_absolute_uri("/")[:-1],
        },
    )
