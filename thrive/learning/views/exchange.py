"""The multi-agency training exchange: partners, places each side offers and takes, the balance;
and, for a partner organisation's people, the places offered to them."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id
from thrive.core.roles import Cap
from thrive.learning.forms import (
    ColleagueForm,
    PartnerForm,
    PartnerOfferForm,
    PartnerOfferTakenForm,
    PartnerPlaceForm,
)
from thrive.learning.models import BookingStatus, ExchangeOffer, Partner
from thrive.learning.selectors import (
    exchange_ledger,
    offer_to_partner,
    offers_to_partner,
    partner_in,
    partner_of_user,
    partner_offer_in,
    partner_offers,
    partner_places,
    partner_user_bookings,
    partners_of,
)
from thrive.learning.services import book, partner_add, partner_offer_add, partner_place_add


@org_view(Cap.LEARNING_MANAGE)
def exchange(request: AuthedRequest) -> HttpResponse:
    """The multi-agency exchange: partners, places each side offers and takes, the balance."""
    org = request.organisation
    partners = [(str(p.pk), p.name) for p in partners_of(org)]
    action = request.POST.get("action")
    offers = partner_offers(org)
    partner_form = PartnerForm(request.POST if action == "partner" else None)
    place_form = PartnerPlaceForm(
        request.POST if action == "place" else None,
        partners=partners,
        initial={"on": clock.today()},
    )
    their_offer_form = PartnerOfferForm(
        request.POST if action == "their_offer" else None,
        partners=partners,
        initial={"on": clock.today()},
        prefix="their",
    )
    taken_form = PartnerOfferTakenForm(
        request.POST if action == "taken" else None,
        offers=[(str(o.pk), str(o)) for o in offers],
        prefix="taken",
    )
    if request.method == "POST":
        try:
            if action == "partner" and partner_form.is_valid():
                partner = partner_add(
                    organisation=org,
                    name=partner_form.cleaned_data["name"],
                    sector=partner_form.cleaned_data["sector"],
                    actor=request.user,
                )
                messages.success(request, f"{partner.name} is a partner in the exchange.")
                return redirect("learning:exchange", org_code=org.code)
            if action == "place" and place_form.is_valid():
                d = place_form.cleaned_data
                giver = partner_in(org, d["partner"])
                if giver is None:
                    raise Http404
                partner_place_add(
                    partner=giver,
                    title=d["title"],
                    on=d["on"],
                    places=d["places"],
                    actor=request.user,
                )
                messages.success(request, "Recorded.")
                return redirect("learning:exchange", org_code=org.code)
            if action == "their_offer" and their_offer_form.is_valid():
                d = their_offer_form.cleaned_data
                offerer = partner_in(org, d["partner"])
                if offerer is None:
                    raise Http404
                offer = partner_offer_add(
                    partner=offerer,
                    title=d["title"],
                    on=d["on"],
                    places=d["places"],
                    actor=request.user,
                )
                messages.success(request, f"Recorded: {offer}, {offer.places} place(s).")
                return redirect("learning:exchange", org_code=org.code)
            if action == "taken" and taken_form.is_valid():
                taken = partner_offer_in(org, taken_form.cleaned_data["offer"])
                if taken is None:
                    raise Http404
                partner_place_add(
                    partner=taken.partner,
                    offer=taken,
                    places=taken_form.cleaned_data["places"],
                    actor=request.user,
                )
                messages.success(request, f"Recorded places our people took on {taken.title}.")
                return redirect("learning:exchange", org_code=org.code)
        except ThriveError as exc:
            form = {
                "partner": partner_form,
                "place": place_form,
                "their_offer": their_offer_form,
                "taken": taken_form,
            }[str(action)]
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(
        request,
        "learning/exchange.html",
        {
            "ledger": exchange_ledger(org),
            "partner_form": partner_form,
            "place_form": place_form,
            "their_offer_form": their_offer_form,
            "taken_form": taken_form,
            "partner_offers": offers,
            "given": partner_places(org),
        },
    )


@org_view(Cap.LEARNING_VIEW)
def exchange_places(request: AuthedRequest) -> HttpResponse:
    """For a partner organisation's people: only the places offered to their organisation."""
    org = request.organisation
    partner = partner_of_user(org, request.user)
    if partner is None:
        return render(request, "learning/exchange_places.html", {"partner": None})
    offers = offers_to_partner(partner)
    # One "for a colleague" form per offer, told apart by prefix; a refused one keeps what was
    # typed and is shown open.
    for o in offers:
        o["colleague_form"] = ColleagueForm(prefix=f"offer{o['offer'].pk}")
    if request.method == "POST":
        offer = offer_to_partner(partner, posted_id(request, "offer") or 0)
        if offer is None:
            raise Http404
        if request.POST.get("for") != "colleague":
            _book_a_place(request, offer, partner)
            return redirect("learning:exchange_places", org_code=org.code)
        form = ColleagueForm(request.POST, prefix=f"offer{offer.pk}")
        if form.is_valid() and _book_a_place(request, offer, partner, form):
            return redirect("learning:exchange_places", org_code=org.code)
        for o in offers:
            if o["offer"].pk == offer.pk:
                o["colleague_form"] = form
    mine = list(partner_user_bookings(partner, request.user))
    return render(
        request,
        "learning/exchange_places.html",
        {
            "partner": partner,
            "offers": offers,
            "mine": mine,
            # No "Book a place" on a session this person already holds a place on themselves.
            "held": {b.session_id for b in mine if not b.guest_email},
        },
        status=400 if request.method == "POST" else 200,
    )


FULL = "The session is full: you are on the waiting list."


def _book_a_place(
    request: AuthedRequest,
    offer: ExchangeOffer,
    partner: Partner,
    form: ColleagueForm | None = None,
) -> bool:
    """Book *offer*'s place for the partner's user, or (with *form*) for the colleague it names;
    say how it went. A refusal for a colleague goes on the form, which keeps what was typed."""
    guest = form.cleaned_data if form is not None else {}
    try:
        booking = book(session=offer.session, user=request.user, partner=partner, **guest)
    except ThriveError as exc:
        if form is None:
            messages.error(request, exc.message)
            return False
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    placed = booking.status == BookingStatus.BOOKED
    if form is None:
        words = "You have a place." if placed else FULL
    elif placed:
        words = f"{booking.guest_name} has a place; we have emailed them the details."
    else:
        words = f"The session is full: {booking.guest_name} is on the waiting list."
    messages.success(request, words)
    return True
