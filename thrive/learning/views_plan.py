"""The needs analysis, the multi-agency exchange, and CPD with the registration-year check."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import GovukDateField, GovukFormMixin, number_input
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap, Scope
from thrive.learning.forms import (
    CpdForm,
    NeedForm,
    PartnerForm,
    PartnerOfferForm,
    PartnerOfferTakenForm,
    PartnerPlaceForm,
)
from thrive.learning.models import (
    Booking,
    BookingStatus,
    CpdRecord,
    ExchangeOffer,
    LearningItem,
    Partner,
    PartnerOffer,
    PartnerPlace,
    RegistrationRule,
)
from thrive.learning.registration import cpd_check, previous_year_day
from thrive.learning.selectors import cpd_records_visible_to, exchange_ledger, needs_analysis
from thrive.learning.services import (
    book,
    cpd_save,
    need_add,
    partner_offer_add,
    partner_place_add,
)
from thrive.people.exports import cell, write_csv
from thrive.people.models import StaffMember, Team
from thrive.people.selectors import staff_member_for


@org_view(Cap.LEARNING_MANAGE)
def needs(request: AuthedRequest) -> HttpResponse:
    """The training needs analysis: needs from three voices, grouped by topic and ranked by how
    strongly and how many sources agree; unmet needs flagged for commissioning."""
    org = request.organisation
    teams = [(str(t.pk), t.name) for t in Team.objects.for_org(org).order_by("name")]
    items = [(str(i.pk), i.title) for i in LearningItem.objects.for_org(org).order_by("title")]
    form = NeedForm(
        request.POST or None,
        teams=teams,
        items=items,
        initial={"recorded_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        team_ids, item_ids = d.pop("teams"), d.pop("items")
        need_add(
            organisation=org,
            actor=request.user,
            teams=Team.objects.for_org(org).filter(pk__in=team_ids),
            items=LearningItem.objects.for_org(org).filter(pk__in=item_ids),
            **d,
        )
        messages.success(request, "The need is recorded.")
        return redirect("learning:needs", org_code=org.code)
    priorities = needs_analysis(org)
    if request.GET.get("format") == "csv":
        header = [
            "rank",
            "topic",
            "score",
            "agreement",
            "voices",
            "sources",
            "teams",
            "items",
            "unmet",
        ]
        body = (
            [
                cell(v)
                for v in (
                    rank,
                    p.topic,
                    p.score,
                    p.agreement,
                    "; ".join(p.voices),
                    "; ".join(n.source for n in p.needs),
                    "; ".join(sorted({t.name for n in p.needs for t in n.teams.all()})),
                    "; ".join(i.title for i in p.items),
                    "yes" if p.unmet else "no",
                )
            ]
            for rank, p in enumerate(priorities, start=1)
        )
        response = HttpResponse(write_csv(header, body), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="training-needs.csv"'
        return response
    return render(
        request,
        "learning/needs.html",
        {"priorities": priorities, "form": form, "unmet": sum(1 for p in priorities if p.unmet)},
    )


@org_view(Cap.LEARNING_MANAGE)
def exchange(request: AuthedRequest) -> HttpResponse:
    """The multi-agency exchange: partners, places each side offers and takes, the balance."""
    org = request.organisation
    partners = [(str(p.pk), p.name) for p in Partner.objects.for_org(org)]
    action = request.POST.get("action")
    partner_offers = list(
        PartnerOffer.objects.for_org(org)
        .select_related("partner")
        .annotate(taken_places=Sum("taken__places"))
        .order_by("-on", "title")[:50]
    )
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
        offers=[(str(o.pk), str(o)) for o in partner_offers],
        prefix="taken",
    )
    if request.method == "POST":
        try:
            if action == "partner" and partner_form.is_valid():
                name = partner_form.cleaned_data["name"].strip()
                if Partner.objects.for_org(org).filter(name__iexact=name).exists():
                    partner_form.add_error("name", f"{name} is already a partner")
                else:
                    partner = Partner.objects.create(
                        organisation=org, name=name, sector=partner_form.cleaned_data["sector"]
                    )
                    audit_log(
                        action="learning.partner_added",
                        user=request.user,
                        organisation=org,
                        obj=partner,
                        summary=f"Added partner {name}",
                    )
                    messages.success(request, f"{name} is a partner in the exchange.")
                    return redirect("learning:exchange", org_code=org.code)
            if action == "place" and place_form.is_valid():
                d = place_form.cleaned_data
                partner_place_add(
                    partner=Partner.objects.for_org(org).get(pk=d["partner"]),
                    title=d["title"],
                    on=d["on"],
                    places=d["places"],
                    actor=request.user,
                )
                messages.success(request, "Recorded.")
                return redirect("learning:exchange", org_code=org.code)
            if action == "their_offer" and their_offer_form.is_valid():
                d = their_offer_form.cleaned_data
                offer = partner_offer_add(
                    partner=Partner.objects.for_org(org).get(pk=d["partner"]),
                    title=d["title"],
                    on=d["on"],
                    places=d["places"],
                    actor=request.user,
                )
                messages.success(request, f"Recorded: {offer}, {offer.places} place(s).")
                return redirect("learning:exchange", org_code=org.code)
            if action == "taken" and taken_form.is_valid():
                offer = get_object_or_404(
                    PartnerOffer.objects.for_org(org), pk=taken_form.cleaned_data["offer"]
                )
                partner_place_add(
                    partner=offer.partner,
                    offer=offer,
                    places=taken_form.cleaned_data["places"],
                    actor=request.user,
                )
                messages.success(request, f"Recorded places our people took on {offer.title}.")
                return redirect("learning:exchange", org_code=org.code)
        except ThriveError as exc:
            form = {"place": place_form, "their_offer": their_offer_form, "taken": taken_form}[
                str(action)
            ]
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
            "partner_offers": partner_offers,
            "given": PartnerPlace.objects.for_org(org).select_related("partner")[:50],
        },
    )


@org_view(Cap.LEARNING_VIEW)
def exchange_places(request: AuthedRequest) -> HttpResponse:
    """For a partner organisation's people: only the places offered to their organisation."""
    org = request.organisation
    partner = Partner.objects.for_org(org).filter(users=request.user).first()  # type: ignore[misc]
    if partner is None:
        return render(request, "learning/exchange_places.html", {"partner": None})
    if request.method == "POST":
        offer = get_object_or_404(
            ExchangeOffer, pk=posted_id(request, "offer") or 0, partner=partner
        )
        try:
            booking = book(session=offer.session, user=request.user, partner=partner)
        except ThriveError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                "You have a place."
                if booking.status == BookingStatus.BOOKED
                else "The session is full: you are on the waiting list.",
            )
        return redirect("learning:exchange_places", org_code=org.code)
    now = clock.now()
    offers = []
    for offer in (
        ExchangeOffer.objects.filter(
            partner=partner, session__starts_at__gt=now, session__cancelled=False
        )
        .select_related("session__item")
        .order_by("session__starts_at")
    ):
        used = (
            offer.session.bookings.filter(partner=partner)
            .exclude(status=BookingStatus.CANCELLED)
            .count()
        )
        offers.append({"offer": offer, "left": max(offer.places - used, 0)})
    mine = (
        Booking.objects.filter(user=request.user, partner=partner)  # type: ignore[misc]
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("session__item")
    )  # type: ignore[misc]
    return render(
        request,
        "learning/exchange_places.html",
        {"partner": partner, "offers": offers, "mine": mine},
    )


# --- CPD -------------------------------------------------------------------------------------


def _me(request: AuthedRequest) -> StaffMember:
    org = request.organisation
    me = staff_member_for(request.user, org)
    if me is None:
        raise Http404
    return me


@org_view(Cap.CPD_VIEW)
def cpd(request: AuthedRequest) -> HttpResponse:
    """Your CPD records and where you stand in the registration year."""
    org = request.organisation
    access = request.access
    me = staff_member_for(request.user, org)
    can_team = access.scope(Cap.CPD_VIEW) >= Scope.TEAM
    if me is None:
        return render(request, "learning/cpd.html", {"no_record": True, "can_team": can_team})
    today = clock.today()
    records = list(CpdRecord.objects.filter(person=me))
    rules = list(RegistrationRule.objects.for_org(org))
    return render(
        request,
        "learning/cpd.html",
        {
            "records": records,
            "check": cpd_check(records, today, rules),
            "last_year": cpd_check(records, previous_year_day(today, rules), rules),
            "can_team": can_team,
        },
    )


@org_view(Cap.CPD_VIEW)
def cpd_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org = request.organisation
    me = _me(request)
    record = get_object_or_404(CpdRecord, pk=pk, person=me) if pk else None
    initial: dict[str, Any] = {"on": clock.today(), "cpd_type": "course"}
    if record is not None:
        initial = {
            f: getattr(record, f)
            for f in (
                "title",
                "cpd_type",
                "on",
                "hours",
                "learned",
                "difference",
                "peer_reflected",
                "peer_name",
            )
        }
    form = CpdForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        evidence = d.pop("evidence")
        if evidence:
            d["evidence"] = evidence
        try:
            cpd_save(
                person=me,
                user=request.user,
                record=record,
                version=posted_version(request),
                **d,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Your CPD record is saved.")
            return redirect("learning:cpd", org_code=org.code)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": record.title if record else "Add a CPD record",
            "caption": "Your CPD",
            "back_url": reverse("learning:cpd", args=[org.code]),
            "multipart": True,
            "version": record.version if record else None,
            "intro": "Social Work England asks for at least two records a registration year, one "
            "reflected on with a peer.",
        },
    )


@org_view(Cap.CPD_VIEW)
def cpd_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    """A CPD record's evidence file: for its owner and the managers who may see their CPD."""
    org = request.organisation
    access = request.access
    record = get_object_or_404(cpd_records_visible_to(access, clock.today()), pk=pk)
    if not record.evidence:
        raise Http404
    audit_log(
        action="learning.cpd_evidence_read",
        user=request.user,
        organisation=org,
        obj=record,
        summary=f"Opened CPD evidence of {record.person}",
    )
    return FileResponse(  # type: ignore[return-value]
        record.evidence.open("rb"),
        as_attachment=True,
        filename=str(record.evidence.name).rsplit("/", 1)[-1],
    )


def _whole_number(label: str, low: int, high: int, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=low, max_value=high, initial=initial, widget=number_input(2)
    )


class RuleForm(GovukFormMixin, forms.Form):
    effective_from = GovukDateField(label="In force from")
    year_start_day = _whole_number("Registration year starts: day", 1, 31, 1)
    year_start_month = _whole_number("Registration year starts: month", 1, 12, 12)
    renewal_window_start_day = _whole_number("Renewal window opens: day", 1, 31, 1)
    renewal_window_start_month = _whole_number("Renewal window opens: month", 1, 12, 9)
    minimum_records = _whole_number("CPD records needed each year", 0, 50, 2)
    minimum_peer_reflected = _whole_number("Of which reflected on with a peer", 0, 50, 1)
    at_risk_days = forms.IntegerField(
        label="At risk when fewer than this many days of the year are left (optional)",
        help_text="Someone short of the rule is also at risk inside the renewal window. "
        "Leave blank for 120 days.",
        min_value=0,
        max_value=366,
        required=False,
        widget=number_input(3),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("minimum_peer_reflected") or 0) > (data.get("minimum_records") or 0):
            self.add_error("minimum_peer_reflected", "This cannot be more than the records needed")
        if data.get("at_risk_days") is None:
            data["at_risk_days"] = RegistrationRule._meta.get_field("at_risk_days").default
        return data


@org_view(Cap.LEARNING_MANAGE)
def cpd_rules(request: AuthedRequest) -> HttpResponse:
    """Social Work England's registration rules as the council records them, from a date."""
    org = request.organisation
    form = RuleForm(request.POST or None, initial={"effective_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        if (
            RegistrationRule.objects.for_org(org)
            .filter(effective_from=form.cleaned_data["effective_from"])
            .exists()
        ):
            form.add_error("effective_from", "There is already a rule from that date")
        else:
            rule = RegistrationRule.objects.create(organisation=org, **form.cleaned_data)
            audit_log(
                action="learning.registration_rule",
                user=request.user,
                organisation=org,
                obj=rule,
                summary=f"Registration rule from {rule.effective_from}",
            )
            messages.success(request, "The rule is saved; it applies from its date.")
            return redirect("learning:cpd_rules", org_code=org.code)
    return render(
        request,
        "learning/cpd_rules.html",
        {"form": form, "rules": RegistrationRule.objects.for_org(org)},
    )
