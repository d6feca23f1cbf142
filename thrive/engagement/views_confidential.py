"""A confidential survey's named readers, and the linked answers only they may read (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import seen_version, shown_version
from thrive.core.roles import Cap
from thrive.engagement import confidential
from thrive.engagement.selectors import survey_by_id
from thrive.engagement.views import _runs


@org_view(Cap.ENGAGEMENT_MANAGE)
def survey_readers(request: AuthedRequest, pk: int) -> HttpResponse:
    """Name who may read a confidential survey's linked answers."""
    _runs(request)
    org = request.organisation
    survey = survey_by_id(org, pk)
    if survey is None or survey.anonymous:
        raise Http404("No such confidential survey")
    possible = confidential.possible_readers(org)
    error = ""
    if request.method == "POST":
        chosen = set(request.POST.getlist("readers"))
        try:
            if chosen - {str(u.pk) for u in possible}:
                raise ThriveError("Only people who read the council's results can be named.")
            confidential.survey_readers_set(
                survey=survey,
                readers=[u for u in possible if str(u.pk) in chosen],
                actor=request.user,
                version=seen_version(request),
            )
        except ThriveError as exc:
            error = str(exc)
        else:
            messages.success(request, "The named readers are saved.")
            return redirect("engagement:survey", org_code=org.code, pk=survey.pk)
    named = set(survey.readers.values_list("pk", flat=True))
    if error:
        # What was ticked stays ticked.
        named = {int(pk_) for pk_ in request.POST.getlist("readers") if pk_.isdigit()}
    return render(
        request,
        "engagement/survey_readers.html",
        {
            "survey": survey,
            "possible": possible,
            "named": named,
            "error": error,
            "version": shown_version(request, survey),
        },
    )


@org_view(Cap.ENGAGEMENT_RESULTS)
def linked_answers(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confidential survey's answers with who gave them: its named readers only (audited)."""
    survey = survey_by_id(request.organisation, pk)
    if survey is None or survey.anonymous:
        raise Http404("No such confidential survey")
    if not confidential.may_read_linked(survey, request.user):
        raise PermissionDenied("Only the people named for this survey read its linked answers.")
    rows = confidential.linked_answers_read(survey=survey, user=request.user, request=request)
    return render(request, "engagement/linked_answers.html", {"survey": survey, "rows": rows})
