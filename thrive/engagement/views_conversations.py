"""Stay and exit conversation pages: the people the council's chosen signals say to talk with,
leavers still to have an exit conversation, returners, and the forms to record each."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap, Scope
from thrive.engagement import conversations as conv
from thrive.engagement.exits import exit_conversation_record
from thrive.engagement.forms import ExitForm, StayForm, StaySettingsForm


@org_view(Cap.CONVERSATIONS)
def conversations(request: AuthedRequest) -> HttpResponse:
    """Who to talk with, and the conversations held, for the people in the caller's reach."""
    access = request.access
    today = clock.today()
    whole_council = access.scope(Cap.CONVERSATIONS) >= Scope.ORG
    chosen = conv.stay_settings(request.organisation)
    form = StaySettingsForm(
        request.POST or None,
        initial={
            "signals": chosen.signals,
            "over_cap_weeks": chosen.over_cap_weeks,
            "supervision_overdue_days": chosen.supervision_overdue_days,
        },
    )
    if request.method == "POST":
        if not whole_council:
            raise PermissionDenied(Cap.CONVERSATIONS)
        if form.is_valid():
            try:
                conv.stay_settings_set(
                    organisation=request.organisation, actor=request.user, **form.cleaned_data
                )
            except ThriveError as exc:
                form.add_error(exc.field or None, str(exc))
            else:
                messages.success(request, "The signals are saved.")
                return redirect("engagement:conversations", org_code=request.organisation.code)
    back = conv.returners_in_reach(access)
    return render(
        request,
        "engagement/conversations.html",
        {
            "prompts": conv.stay_prompts(access, today),
            "leavers": conv.leavers_to_talk_with(access, today),
            "stays": conv.stay_conversations(access),
            "exits": conv.exit_conversations(access),
            "returners": back,
            "whole_council": whole_council,
            "form": form,
            "chosen": chosen,
        },
    )


@org_view(Cap.CONVERSATIONS)
def stay_add(request: AuthedRequest, person_pk: int) -> HttpResponse:
    """Record a stay conversation with someone in the caller's reach."""
    today = clock.today()
    spell = conv.person_for_stay(request.access, person_pk, today)
    if spell is None:
        raise Http404("No such person in your teams")
    prompt = next(
        (p for p in conv.stay_prompts(request.access, today) if p.spell.person_id == person_pk),
        None,
    )
    form = StayForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            conv.stay_conversation_record(
                person=spell.person,
                team=spell.team,
                signals=prompt.codes if prompt else [],
                actor=request.user,
                **form.cleaned_data,
            )
        except ThriveError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(request, f"The stay conversation with {spell.person} is recorded.")
            return redirect("engagement:conversations", org_code=request.organisation.code)
    return render(
        request, "engagement/stay_add.html", {"form": form, "spell": spell, "prompt": prompt}
    )


@org_view(Cap.CONVERSATIONS)
def exit_add(request: AuthedRequest, spell_pk: int) -> HttpResponse:
    """Record a leaver's exit conversation: coded reasons, would they come back, a good ending."""
    spell = conv.spell_for_exit(request.access, spell_pk)
    if spell is None:
        raise Http404("No such leaver in your teams")
    form = ExitForm(request.POST or None, initial={"held_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ending = set(data["good_ending"])
        try:
            exit_conversation_record(
                spell=spell,
                held_on=data["held_on"],
                reasons=[data["main_reason"], *data["other_reasons"]],
                would_come_back=data["would_come_back"],
                reflective_conversation="reflective" in ending,
                reference_promised="reference" in ending,
                notes=data["notes"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"The exit conversation with {spell.person} is recorded.")
            return redirect("engagement:conversations", org_code=request.organisation.code)
    return render(request, "engagement/exit_add.html", {"form": form, "spell": spell})
