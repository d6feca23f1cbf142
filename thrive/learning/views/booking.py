"""Session and place pages: adding a session, running one (who is booked and waiting,
attendance, places offered to partners), cancelling one (check your answers first), your
learning (places, certificates, feedback to give, CPD drafts), feedback and certificates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.flows import AnswersFlow, FlowRefused
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import OUT_OF_DATE, posted_id, posted_ids
from thrive.core.roles import Cap
from thrive.learning.forms import (
    CancelSessionForm,
    FeedbackForm,
    MoveSessionForm,
    OfferForm,
    SessionForm,
)
from thrive.learning.models import BookingStatus, LearningSession
from thrive.learning.selectors import (
    attended_booking,
    booked_or_waiting,
    bookings_of,
    cpd_drafts,
    learning_item,
    learning_session,
    my_booking,
    partner_in,
    partners_of,
    questionnaires_due,
    session_booking,
    session_bookings,
    session_offers,
)
from thrive.learning.services import (
    attendance_record,
    cancel,
    exchange_offer,
    feedback_save,
    session_add,
    session_cancel,
    session_move,
)
from thrive.learning.views.common import reader


@org_view(Cap.LEARNING_MANAGE)
def session_new(request: AuthedRequest, pk: int) -> HttpResponse:
    org, _, _ = reader(request)
    item = learning_item(org, pk)
    if item is None:
        raise Http404
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


def _session_or_404(org: Any, pk: int | None) -> LearningSession:
    session = learning_session(org, pk)
    if session is None:
        raise Http404
    return session


@org_view(Cap.LEARNING_MANAGE)
def session_manage(request: AuthedRequest, pk: int) -> HttpResponse:
    """Run a session: who is booked and waiting, attendance, places offered to partners."""
    org, _, _ = reader(request)
    session = _session_or_404(org, pk)
    partners = list(partners_of(org))
    offers = list(session_offers(session))
    offer_form = OfferForm(
        request.POST if request.POST.get("action") == "offer" else None,
        partners=[(str(p.pk), p.name) for p in partners],
    )
    # The version of each partner's offer the page shows (0: none), so an offer changed by
    # someone else meanwhile is refused rather than overwritten.
    seen = {o.partner_id: o.version for o in offers}
    offer_versions = [
        (
            p.pk,
            request.POST.get(f"offer_version_{p.pk}", "")
            if request.POST.get("action") == "offer"
            else seen.get(p.pk, 0),
        )
        for p in partners
    ]
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
                partner = partner_in(org, offer_form.cleaned_data["partner"])
                if partner is None:
                    raise Http404
                raw = request.POST.get(f"offer_version_{partner.pk}", "").strip()
                if not raw.isdigit() or int(raw) >= 2**31:
                    raise ThriveError(OUT_OF_DATE)
                exchange_offer(
                    session=session,
                    partner=partner,
                    places=offer_form.cleaned_data["places"],
                    actor=request.user,
                    version=int(raw),
                )
                messages.success(request, f"Places offered to {partner}.")
                return redirect("learning:session", org_code=org.code, pk=pk)
            if action == "cancel_booking":
                booking_id = posted_id(request, "booking")
                if booking_id is None:
                    raise ThriveError("Choose a booking to cancel.", field="booking")
                booking = session_booking(session, booking_id)
                if booking is None:
                    raise Http404
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
    bookings = session_bookings(session)
    return render(
        request,
        "learning/session.html",
        {
            "session": session,
            "booked": [b for b in bookings if b.status == BookingStatus.BOOKED],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "offers": offers,
            "offer_form": offer_form,
            "offer_versions": offer_versions,
            "started": session.starts_at <= clock.now(),
        },
    )


@org_view(Cap.LEARNING_MANAGE)
def session_move_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a session to another date, time or place: everyone booked gets the updated calendar
    invitation, the waiting list an email."""
    org, _, _ = reader(request)
    session = _session_or_404(org, pk)
    back = reverse("learning:session", args=[org.code, pk])
    if session.cancelled or session.starts_at <= clock.now():
        messages.error(request, "A session that has started or been cancelled cannot be moved.")
        return redirect(back)
    form = MoveSessionForm(request.POST or None, initial=MoveSessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        starts, ends = form.times()
        try:
            told = session_move(
                session=session,
                starts_at=starts,
                ends_at=ends,
                venue=form.cleaned_data["venue"],
                online=form.cleaned_data["online"],
                actor=request.user,
                version=form.cleaned_data["version"],
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                f"The session is moved; {told} {'person was' if told == 1 else 'people were'} "
                "told, each with a place sent the updated calendar invitation.",
            )
            return redirect(back)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": "Move the session",
            "caption": f"{session.item.title}, "
            f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}",
            "intro": "Everyone with a place gets the updated calendar invitation, which moves "
            "the session in their calendar; everyone waiting is emailed.",
            "back_url": back,
            "button": "Move the session",
        },
        status=400 if request.method == "POST" else 200,
    )


def _session_to_cancel(request: AuthedRequest, pk: int) -> LearningSession:
    session = _session_or_404(request.organisation, pk)
    if session.cancelled or session.starts_at <= clock.now():
        raise FlowRefused(
            "This session is already cancelled."
            if session.cancelled
            else "This session has started: it cannot be cancelled.",
            reverse("learning:session", args=[request.organisation.code, pk]),
        )
    return session


def _cancel_words(request: AuthedRequest, session: LearningSession) -> dict[str, Any]:
    people = booked_or_waiting(session)
    return {
        "title": "Cancel the session",
        "caption": f"{session.item.title}, "
        f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}",
        "back_url": reverse("learning:session", args=[request.organisation.code, session.pk]),
        "intro": f"{people} {'person is' if people == 1 else 'people are'} booked or waiting: "
        "each is emailed. No place passes to the waiting list.",
        "confirm_heading": "Cancel the session",
        "confirm_text": f"Nobody can book it any more, and the {people} "
        f"{'person' if people == 1 else 'people'} booked or waiting will be emailed the reason.",
        "confirm_button": "Cancel the session",
    }


CANCEL_SESSION = AnswersFlow[LearningSession](
    name="session_cancel",
    form=CancelSessionForm,
    form_url_name="learning:session_cancel",
    check_url_name="learning:session_cancel_check",
    load=_session_to_cancel,
    words=_cancel_words,
    initial=lambda session: {"version": session.version},
    confirm=lambda request, session, d: session_cancel(
        session=session, reason=d["reason"], actor=request.user, version=d["version"]
    ),
    done_url=lambda request, session, _: reverse(
        "learning:item", args=[request.organisation.code, session.item_id]
    ),
    done_message=lambda request, session, told: (
        f"The session is cancelled; {told} {'person was' if told == 1 else 'people were'} told."
    ),
    capability=Cap.LEARNING_MANAGE,
)
"""Cancel a session: why, then check; everyone booked or waiting is told."""
session_cancel_start, session_cancel_check = CANCEL_SESSION.views(
    start="Cancel a session, step one: why (the people booked are told).",
    check="Cancel a session, step two: check, then cancel and tell everyone booked or waiting.",
)


@org_view(Cap.LEARNING_VIEW)
def mine(request: AuthedRequest) -> HttpResponse:
    """Your places and waiting lists, certificates, feedback to give, and CPD drafts."""
    org, _, me = reader(request)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        booking = my_booking(org, request.user, me, posted_id(request, "booking") or 0)
        if booking is None:
            raise Http404
        try:
            cancel(booking=booking, actor=request.user)
        except ThriveError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Your place is cancelled.")
        return redirect("learning:mine", org_code=org.code)
    bookings = bookings_of(org, request.user, me)
    now = clock.now()
    return render(
        request,
        "learning/mine.html",
        {
            "upcoming": [
                b for b in bookings if b.session.starts_at > now and not b.session.cancelled
            ],
            "cancelled": [b for b in bookings if b.session.starts_at > now and b.session.cancelled],
            "past": [b for b in bookings if b.session.starts_at <= now and not b.session.cancelled],
            "drafts": cpd_drafts(me),
            "questionnaires": questionnaires_due(org, me, clock.today()),
        },
    )


@org_view(Cap.LEARNING_VIEW)
def feedback(request: AuthedRequest, pk: int) -> HttpResponse:
    org, _, me = reader(request)
    booking = my_booking(org, request.user, me, pk)
    if booking is None:
        raise Http404
    form = FeedbackForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda d: feedback_save(booking=booking, user=request.user, **d),
        done="Thank you for your feedback.",
        then=reverse("learning:mine", args=[org.code]),
    )
    if done is not None:
        return done
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

    org, access, _ = reader(request)
    booking = attended_booking(org, pk)
    if booking is None:
        raise Http404
    mine = booking.user_id == request.user.pk or (
        booking.person is not None and booking.person.user_id == request.user.pk
    )
    if not mine and not access.can(Cap.LEARNING_MANAGE):
        raise Http404
    html = render_to_string(
        "learning/certificate.html", {"booking": booking, "name": booking.who, "organisation": org}
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{booking.pk}.pdf"'
    return response
