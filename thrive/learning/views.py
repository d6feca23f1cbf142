"""Learning pages: the catalogue (recommended for you first), an item and its sessions, places and
the waiting list, a manager's nominations and team gaps, your learning (certificates, feedback,
CPD drafts), running sessions (attendance, exchange offers), feedback summaries, training
champions, and the needs analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.flows import answers_check, answers_form
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_ids, posted_version
from thrive.core.roles import Cap, Scope
from thrive.learning.forms import (
    CancelSessionForm,
    FeedbackForm,
    ItemForm,
    NominateForm,
    OfferForm,
    SessionForm,
    WithdrawForm,
)
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CareerStage,
    Champion,
    CpdRecord,
    ExchangeOffer,
    Invitation,
    ItemType,
    LearningItem,
    LearningSession,
    Partner,
)
from thrive.learning.policy import only_through_the_exchange
from thrive.learning.selectors import (
    feedback_summary,
    published,
    recommended_for,
    upcoming_sessions,
    waiting_ahead,
)
from thrive.learning.services import (
    attendance_record,
    book,
    cancel,
    champion_add,
    champion_remove,
    exchange_offer,
    feedback_save,
    item_publish,
    item_save,
    item_withdraw,
    nominate,
    session_add,
    session_cancel,
    sessions_from,
)
from thrive.people.models import Service, StaffMember
from thrive.people.selectors import service_by_id, staff_member_by_staff_id, staff_member_for


def _ctx(request: AuthedRequest) -> tuple[Any, Any, StaffMember | None]:
    org = request.organisation
    access = request.access
    me = staff_member_for(request.user, org)
    return org, access, me


def _mine(request: AuthedRequest, me: StaffMember | None) -> Q:
    """Bookings that are the person's: made by them, or for their record in the register."""
    return Q(user_id=request.user.pk) | (Q(person=me) if me is not None else Q(pk__in=[]))


def _partner_of(request: AuthedRequest, org: Any) -> Partner | None:
    return Partner.objects.for_org(org).filter(users=request.user).first()  # type: ignore[misc]


@org_view(Cap.LEARNING_VIEW)
def catalogue(request: AuthedRequest) -> HttpResponse:
    org, access, me = _ctx(request)
    today = clock.today()
    partner = _partner_of(request, org)
    if only_through_the_exchange(access):
        return redirect("learning:exchange_places", org_code=org.code)
    items = published(org, today)
    q = request.GET.get("q", "").strip()
    if q:
        items = items.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(provider_name__icontains=q)
        )
    kind = request.GET.get("type", "")
    if kind in ItemType.values:
        items = items.filter(item_type=kind)
    stage = request.GET.get("stage", "")
    topic = request.GET.get("topic", "").strip().casefold()
    rows = list(items.order_by("title"))
    if stage in CareerStage.values:
        rows = [i for i in rows if not i.career_stages or stage in i.career_stages]
    if topic:
        rows = [i for i in rows if any(topic in t.casefold() for t in i.topics)]
    sessions: dict[int, list[LearningSession]] = {}
    for s in upcoming_sessions(org).filter(item__in=[i.pk for i in rows]):
        sessions.setdefault(s.item_id, []).append(s)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learning/catalogue.html",
        {
            "page": page,
            "sessions": sessions,
            "recommended": recommended_for(me, today) if me is not None and not q else [],
            "q": q,
            "type": kind,
            "stage": stage,
            "topic": request.GET.get("topic", ""),
            "types": ItemType.choices,
            "stages": CareerStage.choices,
            "query": query.urlencode(),
            "can_manage": access.can(Cap.LEARNING_MANAGE),
            "partner": partner,
        },
    )


@org_view(Cap.LEARNING_VIEW)
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org, access, me = _ctx(request)
    if only_through_the_exchange(access):
        raise PermissionDenied
    item = get_object_or_404(LearningItem, pk=pk, organisation=org)
    can_manage = access.can(Cap.LEARNING_MANAGE)
    if not published(org, clock.today()).filter(pk=item.pk).exists() and not can_manage:
        raise Http404
    sessions = list(upcoming_sessions(org).filter(item=item))
    mine = {
        b.session_id: b
        for b in Booking.objects.filter(_mine(request, me), session__item=item)
        .exclude(status=BookingStatus.CANCELLED)
        .annotate(waiting_ahead=waiting_ahead())
    }  # type: ignore[misc]
    nominate_form = None
    can_nominate = access.can(Cap.LEARNING_NOMINATE) and sessions
    if can_nominate:
        people = _team_people(org, access, me)
        nominate_form = NominateForm(
            request.POST if request.POST.get("action") == "nominate" else None,
            people=[(str(p.pk), p.full_name) for p in people],
            sessions=[(str(s.pk), f"{s.starts_at:%-d %b %Y, %H:%M}") for s in sessions],
        )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "book":
                session_id = posted_id(request, "session")
                if session_id is None:
                    raise ThriveError("Choose a session to book.", field="session")
                session = get_object_or_404(LearningSession, pk=session_id, item=item)
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
                person = StaffMember.objects.for_org(org).get(
                    pk=nominate_form.cleaned_data["person"]
                )
                session = get_object_or_404(
                    LearningSession, pk=nominate_form.cleaned_data["session"], item=item
                )
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
            "is_champion": me is not None
            and item.service_id is not None
            and Champion.objects.filter(person=me, service_id=item.service_id).exists(),
            "promote_url": request.build_absolute_uri(
                reverse("learning:item", args=[org.code, item.pk])
            ),
        },
    )


def _team_people(org: Any, access: Any, me: StaffMember | None) -> list[StaffMember]:
    today = clock.today()
    from thrive.people.models import EmploymentSpell

    spells = (
        EmploymentSpell.objects.for_org(org)
        .current(today)
        .select_related("person", "team")
    )
    out = {}
    for s in spells:
        team = s.team
        if access.scope(Cap.LEARNING_NOMINATE) >= Scope.ORG or access.allows(
            Cap.LEARNING_NOMINATE, team_id=s.team_id, service_id=team.service_id if team else None
        ):
            out[s.person_id] = s.person
    return sorted(out.values(), key=lambda p: (p.last_name, p.first_name))


def _services(org: Any) -> list[tuple[str, str]]:
    return [(str(s.pk), s.name) for s in Service.objects.for_org(org).order_by("name")]


@org_view(Cap.LEARNING_MANAGE)
def item_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org, access, _ = _ctx(request)
    item = get_object_or_404(LearningItem, pk=pk, organisation=org) if pk else None
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
    form = ItemForm(request.POST or None, initial=initial, services=_services(org))
    if request.method == "POST" and form.is_valid():
        try:
            saved = item_save(
                organisation=org,
                actor=request.user,
                item=item,
                version=posted_version(request),
                **form.values(),
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"{saved.title} is saved."
                + ("" if saved.published_at else " Add sessions, then publish it."),
            )
            return redirect("learning:item", org_code=org.code, pk=saved.pk)
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


@org_view(Cap.LEARNING_MANAGE)
def session_new(request: AuthedRequest, pk: int) -> HttpResponse:
    org, _, _ = _ctx(request)
    item = get_object_or_404(LearningItem, pk=pk, organisation=org)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts, ends = form.times()
        try:
            session = session_add(
                item=item,
                starts_at=starts,
                ends_at=ends,
                capacity=form.cleaned_data["capacity"],
                venue=form.cleaned_data["venue"],
                online=form.cleaned_data["online"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Session added: {session}.")
            return redirect("learning:item", org_code=org.code, pk=pk)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": "Add a session",
            "caption": item.title,
            "back_url": reverse("learning:item", args=[org.code, item.pk]),
            "button": "Add the session",
        },
    )


@org_view(Cap.LEARNING_MANAGE)
def session_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Run a session: who is booked and waiting, attendance, places offered to partners."""
    org, _, _ = _ctx(request)
    session = get_object_or_404(
        LearningSession.objects.select_related("item"), pk=pk, organisation=org
    )
    partners = [(str(p.pk), p.name) for p in Partner.objects.for_org(org)]
    offer_form = OfferForm(
        request.POST if request.POST.get("action") == "offer" else None, partners=partners
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attendance":
                drafts = attendance_record(
                    session=session,
                    attended=posted_ids(request, "attended"),
                    actor=request.user,
                )
                messages.success(
                    request,
                    f"Attendance saved; {drafts} CPD draft{'s' if drafts != 1 else ''} offered.",
                )
                return redirect("learning:session", org_code=org.code, pk=pk)
            if action == "offer" and offer_form.is_valid():
                partner = Partner.objects.for_org(org).get(pk=offer_form.cleaned_data["partner"])
                exchange_offer(
                    session=session,
                    partner=partner,
                    places=offer_form.cleaned_data["places"],
                    actor=request.user,
                )
                messages.success(request, f"Places offered to {partner}.")
                return redirect("learning:session", org_code=org.code, pk=pk)
            if action == "cancel_booking":
                booking_id = posted_id(request, "booking")
                if booking_id is None:
                    raise ThriveError("Choose a booking to cancel.", field="booking")
                booking = get_object_or_404(Booking, pk=booking_id, session=session)
                promoted = cancel(booking=booking, actor=request.user)
                messages.success(
                    request,
                    "Cancelled."
                    + (
                        f" The place went to {promoted.who} from the waiting list."
                        if promoted
                        else ""
                    ),
                )
                return redirect("learning:session", org_code=org.code, pk=pk)
        except ThriveError as exc:
            messages.error(request, exc.message)
    bookings = list(
        session.bookings.exclude(status=BookingStatus.CANCELLED).select_related(
            "user", "person", "partner"
        )
    )
    return render(
        request,
        "learning/session.html",
        {
            "session": session,
            "booked": [b for b in bookings if b.status == BookingStatus.BOOKED],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "offers": ExchangeOffer.objects.filter(session=session).select_related("partner"),
            "offer_form": offer_form,
            "started": session.starts_at <= clock.now(),
        },
    )


def _cancel_context(org: Any, session: LearningSession) -> dict[str, Any]:
    people = session.bookings.filter(
        status__in=[BookingStatus.BOOKED, BookingStatus.WAITING]
    ).count()
    return {
        "title": "Cancel the session",
        "caption": f"{session.item.title}, "
        f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}",
        "back_url": reverse("learning:session", args=[org.code, session.pk]),
        "form_url": reverse("learning:session_cancel", args=[org.code, session.pk]),
        "intro": f"{people} {'person is' if people == 1 else 'people are'} booked or waiting: "
        "each is emailed. No place passes to the waiting list.",
        "confirm_heading": "Cancel the session",
        "confirm_text": f"Nobody can book it any more, and the {people} "
        f"{'person' if people == 1 else 'people'} booked or waiting will be emailed the reason.",
        "confirm_button": "Cancel the session",
    }


def _session_to_cancel(request: AuthedRequest, pk: int) -> tuple[Any, LearningSession]:
    org = request.organisation
    session = get_object_or_404(LearningSession.objects.for_org(org).select_related("item"), pk=pk)
    if session.cancelled or session.starts_at <= clock.now():
        messages.error(
            request,
            "This session is already cancelled."
            if session.cancelled
            else "This session has started: it cannot be cancelled.",
        )
        raise _Back(reverse("learning:session", args=[org.code, pk]))
    return org, session


class _Back(Exception):
    def __init__(self, url: str) -> None:
        self.url = url


@org_view(Cap.LEARNING_MANAGE)
def session_cancel_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel a session, step one: why (the people booked are told)."""
    try:
        org, session = _session_to_cancel(request, pk)
    except _Back as back:
        return redirect(back.url)
    return answers_form(
        request,
        key=f"{org.code}:session_cancel:{pk}",
        form=CancelSessionForm,
        check_url=reverse("learning:session_cancel_check", args=[org.code, pk]),
        context=_cancel_context(org, session),
        initial={"version": session.version},
    )


@org_view(Cap.LEARNING_MANAGE)
def session_cancel_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel a session, step two: check, then cancel and tell everyone booked or waiting."""
    try:
        org, session = _session_to_cancel(request, pk)
    except _Back as back:
        return redirect(back.url)
    return answers_check(
        request,
        key=f"{org.code}:session_cancel:{pk}",
        form=CancelSessionForm,
        form_url=reverse("learning:session_cancel", args=[org.code, pk]),
        confirm=lambda d: session_cancel(
            session=session, reason=d["reason"], actor=request.user, version=d["version"]
        ),
        done_url=lambda told: reverse("learning:item", args=[org.code, session.item_id]),
        done_message=lambda told: (
            f"The session is cancelled; {told} {'person was' if told == 1 else 'people were'} told."
        ),
        context=_cancel_context(org, session),
    )


def _withdraw_context(org: Any, item: LearningItem) -> dict[str, Any]:
    return {
        "title": "Withdraw it",
        "caption": item.title,
        "back_url": reverse("learning:item", args=[org.code, item.pk]),
        "form_url": reverse("learning:item_withdraw", args=[org.code, item.pk]),
        "intro": "From the date you give, only the people who manage the catalogue see it and "
        "nobody can book it. Its sessions from that date are cancelled, and everyone booked or "
        "waiting is emailed.",
        "confirm_heading": "Withdraw it",
        "confirm_text": "Sessions on or after the date are cancelled and the people booked on "
        "them are told; sessions before it go ahead.",
        "confirm_button": "Withdraw it",
    }


def _item_to_withdraw(request: AuthedRequest, pk: int) -> tuple[Any, LearningItem]:
    org = request.organisation
    item = get_object_or_404(LearningItem.objects.for_org(org), pk=pk)
    if item.withdrawn_on is not None:
        messages.error(request, f"This is already withdrawn from {item.withdrawn_on:%-d %B %Y}.")
        raise _Back(reverse("learning:item", args=[org.code, pk]))
    return org, item


@org_view(Cap.LEARNING_MANAGE)
def item_withdraw_start(request: AuthedRequest, pk: int) -> HttpResponse:
    """Withdraw an item, step one: from when, and why."""
    try:
        org, item = _item_to_withdraw(request, pk)
    except _Back as back:
        return redirect(back.url)
    return answers_form(
        request,
        key=f"{org.code}:item_withdraw:{pk}",
        form=WithdrawForm,
        check_url=reverse("learning:item_withdraw_check", args=[org.code, pk]),
        context=_withdraw_context(org, item),
        initial={"on": clock.today(), "version": item.version},
    )


@org_view(Cap.LEARNING_MANAGE)
def item_withdraw_check(request: AuthedRequest, pk: int) -> HttpResponse:
    """Withdraw an item, step two: check (with the sessions it cancels), then withdraw."""
    try:
        org, item = _item_to_withdraw(request, pk)
    except _Back as back:
        return redirect(back.url)
    context = _withdraw_context(org, item)
    stored = request.session.get(f"flow:{org.code}:item_withdraw:{pk}")
    if stored is not None:
        data = QueryDict(mutable=True)
        for name, values in stored.items():
            data.setlist(name, values)
        form = WithdrawForm(data)
        if form.is_valid():
            doomed = sessions_from(item, form.cleaned_data["on"])
            context["confirm_text"] = (
                "No session is cancelled."
                if not doomed
                else "These sessions are cancelled and the people booked or waiting are told: "
                + "; ".join(f"{timezone.localtime(s.starts_at):%-d %B %Y, %H:%M}" for s in doomed)
                + "."
            )
    return answers_check(
        request,
        key=f"{org.code}:item_withdraw:{pk}",
        form=WithdrawForm,
        form_url=reverse("learning:item_withdraw", args=[org.code, pk]),
        confirm=lambda d: item_withdraw(
            item=item, on=d["on"], reason=d["reason"], actor=request.user, version=d["version"]
        ),
        done_url=lambda cancelled: reverse("learning:item", args=[org.code, pk]),
        done_message=lambda cancelled: (
            f"{item.title} is withdrawn; {len(cancelled)} "
            f"session{'s' if len(cancelled) != 1 else ''} cancelled."
        ),
        context=context,
    )


@org_view(Cap.LEARNING_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    """Your places and waiting lists, certificates, feedback to give, and CPD drafts."""
    org, _, me = _ctx(request)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        booking = get_object_or_404(
            Booking.objects.filter(_mine(request, me)),
            pk=posted_id(request, "booking") or 0,
            organisation=org,
        )
        try:
            cancel(booking=booking, actor=request.user)
        except ThriveError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your place is cancelled.")
        return redirect("learning:mine", org_code=org.code)
    bookings = list(
        Booking.objects.filter(_mine(request, me), organisation=org)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session__item", "feedback")
        .annotate(waiting_ahead=waiting_ahead())
        .order_by("-session__starts_at")
    )
    now = clock.now()
    drafts = CpdRecord.objects.filter(person=me, draft=True) if me else CpdRecord.objects.none()
    questionnaires = (
        Invitation.objects.for_org(org)
        .filter(
            participant__person=me,
            due_on__lte=clock.today(),
            answered_at__isnull=True,
        )
        .select_related("participant__programme", "point")
        .order_by("due_on", "id")
        if me is not None
        else Invitation.objects.none()
    )
    return render(
        request,
        "learning/mine.html",
        {
            "upcoming": [
                b for b in bookings if b.session.starts_at > now and not b.session.cancelled
            ],
            "cancelled": [b for b in bookings if b.session.starts_at > now and b.session.cancelled],
            "past": [b for b in bookings if b.session.starts_at <= now and not b.session.cancelled],
            "drafts": drafts,
            "questionnaires": questionnaires,
        },
    )


@org_view(Cap.LEARNING_VIEW)
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    org, _, me = _ctx(request)
    booking = get_object_or_404(
        Booking.objects.filter(_mine(request, me)).select_related("session__item"),
        pk=pk,
        organisation=org,
    )
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_save(booking=booking, user=request.user, **form.cleaned_data)
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Thank you for your feedback.")
            return redirect("learning:mine", org_code=org.code)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": "Your feedback",
            "caption": str(booking.session),
            "back_url": reverse("learning:mine", args=[org.code]),
            "button": "Send feedback",
            "intro": "Quick, and anonymous in the reports: averages are only shown for five or "
            "more people.",
        },
    )


@org_view(Cap.LEARNING_VIEW)
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A PDF certificate of attendance (WeasyPrint)."""
    from weasyprint import HTML

    org, _, _ = _ctx(request)
    booking = get_object_or_404(
        Booking.objects.select_related("session__item", "person", "user"),
        pk=pk,
        organisation=org,
        attended=True,
    )
    mine = booking.user_id == request.user.pk or (
        booking.person is not None and booking.person.user_id == request.user.pk
    )
    if not mine and not request.access.can(Cap.LEARNING_MANAGE):
        raise Http404
    name = booking.who
    html = render_to_string(
        "learning/certificate.html", {"booking": booking, "name": name, "organisation": org}
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{booking.pk}.pdf"'
    return response


@org_view(Cap.LEARNING_MANAGE)
def feedback_report(request: AuthedRequest) -> HttpResponse:
    org, _, _ = _ctx(request)
    return render(request, "learning/feedback_report.html", feedback_summary(org))


@org_view(Cap.LEARNING_MANAGE)
def champions(request: AuthedRequest) -> HttpResponse:
    org, _, _ = _ctx(request)
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
        {
            "champions": Champion.objects.for_org(org)
            .select_related("person", "service")
            .order_by("service__name"),
            "services": Service.objects.for_org(org).order_by("name"),
        },
    )


@org_view(Cap.LEARNING_VIEW)
def champion_page(request: AuthedRequest) -> HttpResponse:
    """For a training champion: what is on offer for their service, with text to share."""
    org, _, me = _ctx(request)
    services = (
        list(Champion.objects.filter(person=me).values_list("service_id", flat=True)) if me else []
    )
    if not services:
        raise PermissionDenied
    items = published(org, clock.today()).filter(service_id__in=services).order_by("-published_at")
    return render(
        request,
        "learning/champion.html",
        {"items": items, "base": request.build_absolute_uri("/")[:-1]},
    )
