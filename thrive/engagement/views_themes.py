"""'You said, we did': the lead draws themes from a wave's comments and adds actions with owners
and dates; staff read the plan and its progress."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import seen_version, shown_version
from thrive.core.roles import Cap
from thrive.engagement import services
from thrive.engagement.forms import ActionForm, ActionProgressForm, ThemeForm
from thrive.engagement.selectors import (
    action_for,
    comments_to_tag,
    survey_by_id,
    theme_for,
    themes_for_survey,
    you_said_we_did,
)
from thrive.engagement.views import _runs


@org_view(Cap.ENGAGEMENT_ANSWER)
def you_said(request: AuthedRequest) -> HttpResponse:
    """The staff-facing page: what staff said in each wave, what the council is doing about it,
    and how the next wave's answers moved."""
    return render(
        request, "engagement/you_said.html", {"plans": you_said_we_did(request.organisation)}
    )


@org_view(Cap.ENGAGEMENT_MANAGE)
def themes(request: AuthedRequest, pk: int) -> HttpResponse:
    """A wave's themes: add one, tag the comments (a theme is suggested by its words), add
    actions and record their progress."""
    _runs(request)
    org = request.organisation
    survey = survey_by_id(org, pk)
    if survey is None:
        raise Http404("No such survey")
    theme_form = ThemeForm(request.POST if request.POST.get("form") == "theme" else None)
    found = themes_for_survey(survey)
    comments = comments_to_tag(survey, found)
    here = redirect("engagement:themes", org_code=org.code, pk=survey.pk)
    if request.method == "POST" and request.POST.get("form") == "tags":
        chosen: dict[str, int | None] = {}
        for c in comments:
            raw = request.POST.get(f"tag_{c.id}", "")
            chosen[c.id] = int(raw) if raw.isdigit() else None
        try:
            n = services.comments_tag(
                survey=survey, tags=chosen, actor=request.user, version=seen_version(request)
            )
        except ThriveError as exc:
            messages.error(request, str(exc))
            # The page again, with the themes chosen kept.
            comments = [replace(c, theme_id=chosen.get(c.id)) for c in comments]
        else:
            messages.success(request, f"{n} comments have a theme.")
            return here
    if request.method == "POST" and theme_form.is_valid():
        try:
            services.theme_add(survey=survey, actor=request.user, **theme_form.cleaned_data)
        except ThriveError as exc:
            theme_form.add_error("name", str(exc))
        else:
            messages.success(request, "Theme added.")
            return here
    return render(
        request,
        "engagement/themes.html",
        {
            "survey": survey,
            "themes": found,
            "comments": comments,
            "theme_form": theme_form,
            "version": shown_version(request, survey),
        },
    )


@org_view(Cap.ENGAGEMENT_MANAGE)
def action_add(request: AuthedRequest, pk: int) -> HttpResponse:
    """Add an action to a theme."""
    _runs(request)
    theme = theme_for(request.organisation, pk)
    if theme is None:
        raise Http404("No such theme")
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_add(theme=theme, actor=request.user, **form.cleaned_data)
        messages.success(request, "Action added.")
        return redirect("engagement:themes", org_code=request.organisation.code, pk=theme.survey_id)
    return render(request, "engagement/action_add.html", {"theme": theme, "form": form})


@org_view(Cap.ENGAGEMENT_MANAGE)
def action_update(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record an action's progress."""
    _runs(request)
    action = action_for(request.organisation, pk)
    if action is None:
        raise Http404("No such action")
    form = ActionProgressForm(
        request.POST or None, initial={"status": action.status, "progress": action.progress}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress(
                action=action,
                actor=request.user,
                version=seen_version(request),
                **form.cleaned_data,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Progress saved.")
            return redirect(
                "engagement:themes", org_code=request.organisation.code, pk=action.theme.survey_id
            )
    return render(
        request,
        "engagement/action_update.html",
        {"action": action, "form": form, "version": shown_version(request, action)},
    )
