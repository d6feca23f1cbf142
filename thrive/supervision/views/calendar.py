"""Supervision in calendars: a session's calendar file, and a person's private calendar feed
(made, revoked, and read by calendar apps at its secret address)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from thrive.accounts.services import user_has_left
from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.supervision.calendar import calendar_of
from thrive.supervision.selectors import calendar_feed_by_hash, feed_sessions
from thrive.supervision.services import (
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_used,
    feed_hash,
)
from thrive.supervision.views.common import session_or_404


@org_view(Cap.HOME)
def session_ics(request: AuthedRequest, pk: int) -> HttpResponse:
    session = session_or_404(request, pk, "Downloaded the calendar file of")
    response = HttpResponse(
        calendar_of([session], "Supervision"), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="supervision-{session.pk}.ics"'
    return response


@require_POST
@org_view(Cap.SUPERVISION_VIEW)
def feed_manage(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    if request.POST.get("action") == "revoke":
        calendar_feed_revoke(user=request.user)
        messages.success(request, "Your calendar address no longer works.")
    else:
        request.session["calendar_token"] = calendar_feed_create(user=request.user)
        messages.success(
            request, "Your new calendar address is below. Copy it now: it is shown once."
        )
    return redirect("supervision:home", org_code=org.code)


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's sessions as a calendar feed, at a secret address (no sign-in: calendar apps
    cannot sign in). Only who and when — never what was discussed."""
    found = calendar_feed_by_hash(feed_hash(token))
    if found is None or not found.user.is_active or user_has_left(found.user):
        raise Http404
    calendar_feed_used(feed=found)
    sessions = feed_sessions(found.user, clock.now() - timedelta(days=90))
    return HttpResponse(
        calendar_of(sessions, "Supervision (Thrive)"), content_type="text/calendar; charset=utf-8"
    )
