"""What a council keeps for itself in recruitment, edited by its whole-council recruiters: the
portal page, the channels, the referral reward and the emails to candidates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_id, posted_version
from thrive.core.roles import Cap
from thrive.recruitment import policy, services
from thrive.recruitment.council_forms import (
    ChannelChangeForm,
    ChannelForm,
    CouncilPageForm,
    ReferralRewardForm,
    SelectionTemplateForm,
    StageEmailForm,
)
from thrive.recruitment.selectors.applications import channel_of, channels_all_of
from thrive.recruitment.selectors.council_page import council_page, council_page_versions
from thrive.recruitment.selectors.referrals import (
    referral_application,
    referral_rows,
    reward_on,
    rewards_of,
)
from thrive.recruitment.selectors.selection import selection_in_force, selection_versions
from thrive.recruitment.services.council_page import PAGE_FIELDS, council_page_write
from thrive.recruitment.services.stage_emails import stage_email_versions, stage_wordings


def _keeper(request: AuthedRequest) -> None:
    if not policy.keeps_council_lists(request.access):
        raise PermissionDenied(Cap.RECRUITMENT_MANAGE)


@org_view(Cap.RECRUITMENT_MANAGE)
def portal_page(request: AuthedRequest) -> HttpResponse:
    """The council's page on the jobs portal: the version shown now, later versions waiting, and
    a form for a new version (starting from the text shown now)."""
    _keeper(request)
    org, today = request.organisation, clock.today()
    shown = council_page(org, today)
    initial: dict[str, Any] = {"effective_from": today} | (
        {k: getattr(shown, k) for k in PAGE_FIELDS} if shown is not None else {}
    )
    form = CouncilPageForm(request.POST or None, initial=initial)
    here = reverse("recruitment:portal_page", kwargs={"org_code": org.code})
    done = form_submit(
        request,
        form,
        lambda d: council_page_write(
            organisation=org,
            actor=request.user,
            # The version seen belongs to the page shown now; it guards only that day's rewrite.
            version=posted_version(request)
            if shown is not None and d["effective_from"] == shown.effective_from
            else None,
            **d,
        ),
        done=lambda page: f"The page from {page.effective_from:%-d %B %Y} is saved.",
        then=here,
    )
    if done is not None:
        return done
    versions = list(council_page_versions(org))
    return render(
        request,
        "recruitment/portal_page.html",
        {"form": form, "shown": shown, "versions": versions, "today": today},
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def channels_edit(request: AuthedRequest) -> HttpResponse:
    """The council's channels, offered or not, with how many applications name each, and a form
    to add one."""
    _keeper(request)
    org = request.organisation
    form = ChannelForm(request.POST or None)
    done = form_submit(
        request,
        form,
        lambda d: services.channel_add(organisation=org, actor=request.user, **d),
        done=lambda c: f"{c.name} is on the list.",
        then=reverse("recruitment:channels_edit", kwargs={"org_code": org.code}),
    )
    if done is not None:
        return done
    return render(
        request,
        "recruitment/channels_edit.html",
        {"form": form, "channels": list(channels_all_of(org))},
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def channel_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rename one channel, change its kind or platform, or stop offering it."""
    _keeper(request)
    org = request.organisation
    channel = channel_of(org, pk)
    if channel is None:
        raise Http404("No such channel")
    initial = {
        "name": channel.name,
        "kind": channel.kind,
        "platform": channel.platform,
        "active": channel.active,
    }
    form = ChannelChangeForm(request.POST or None, initial=initial)
    done = form_submit(
        request,
        form,
        lambda d: services.channel_change(
            channel=channel, actor=request.user, version=posted_version(request), **d
        ),
        done=lambda c: f"{c.name} is saved.",
        then=reverse("recruitment:channels_edit", kwargs={"org_code": org.code}),
    )
    if done is not None:
        return done
    return render(request, "recruitment/channel_edit.html", {"form": form, "channel": channel})


@org_view(Cap.RECRUITMENT_MANAGE)
def referrals(request: AuthedRequest) -> HttpResponse:
    """Staff who referred a friend, and where each reward stands (due ones first, with a button
    to record it paid); the reward in force and a form to set a new one from a date."""
    _keeper(request)
    org, today = request.organisation, clock.today()
    here = reverse("recruitment:referrals", kwargs={"org_code": org.code})
    if request.method == "POST" and request.POST.get("action") == "pay":
        found = referral_application(org, posted_id(request, "application") or 0)
        if found is None:
            raise Http404("No such referral")
        try:
            payment = services.referral_reward_pay(application=found, actor=request.user)
        except ThriveError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"£{payment.amount} for referring {found.candidate_name} is paid."
            )
        return redirect(here)
    form = ReferralRewardForm(request.POST or None, initial={"effective_from": today})
    done = form_submit(
        request,
        form,
        lambda d: services.referral_reward_set(organisation=org, actor=request.user, **d),
        done=lambda r: f"The reward for referrals from {r.effective_from:%-d %B %Y} is set.",
        then=here,
    )
    if done is not None:
        return done
    rewards = rewards_of(org)
    return render(
        request,
        "recruitment/referrals.html",
        {
            "form": form,
            "rows": referral_rows(org, on=today),
            "rewards": rewards,
            "in_force": reward_on(rewards, today),
            "today": today,
        },
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def stage_emails(request: AuthedRequest) -> HttpResponse:
    """The emails candidates get as their application moves: the wording in force for each
    stage, the council's versions, and a form to word one from a date."""
    _keeper(request)
    org, today = request.organisation, clock.today()
    form = StageEmailForm(request.POST or None, initial={"effective_from": today})
    done = form_submit(
        request,
        form,
        lambda d: services.stage_email_set(organisation=org, actor=request.user, **d),
        done=lambda e: (
            f"The '{e.get_stage_display()}' email is worded from {e.effective_from:%-d %B %Y}."
        ),
        then=reverse("recruitment:stage_emails", kwargs={"org_code": org.code}),
    )
    if done is not None:
        return done
    return render(
        request,
        "recruitment/stage_emails.html",
        {
            "form": form,
            "wordings": stage_wordings(org, today),
            "versions": list(stage_email_versions(org)),
            "today": today,
        },
    )


@org_view(Cap.RECRUITMENT_MANAGE)
def selection_templates(request: AuthedRequest) -> HttpResponse:
    """The steps of selection each kind of post is raised with: the template in effect today,
    every version with its dates, and a form to set the steps from a date (a version not yet
    used opens in the form to be changed, checked against the version seen)."""
    _keeper(request)
    org, today = request.organisation, clock.today()
    versions = list(selection_versions(org))
    editing = next(
        (
            v
            for v in versions
            if str(v.pk) == request.GET.get("change", "") and v.effective_from >= today
        ),
        None,
    )
    initial: dict[str, Any] = {"effective_from": today}
    if editing is not None:
        initial |= {
            "post_kind": editing.post_kind,
            "effective_from": editing.effective_from,
            "steps": "\n".join(editing.steps),
        }
    form = SelectionTemplateForm(request.POST or None, initial=initial)
    done = form_submit(
        request,
        form,
        lambda d: services.selection_template_set(
            organisation=org, actor=request.user, version=posted_version(request), **d
        ),
        done=lambda t: (
            f"Vacancies for {t.get_post_kind_display().lower()} raised from "
            f"{t.effective_from:%-d %B %Y} get these steps."
        ),
        then=reverse("recruitment:selection_templates", kwargs={"org_code": org.code}),
    )
    if done is not None:
        return done
    return render(
        request,
        "recruitment/selection_templates.html",
        {
            "form": form,
            "in_force": selection_in_force(org, today),
            "versions": versions,
            "editing": editing,
            "today": today,
        },
    )
