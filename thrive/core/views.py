"""The shell's own pages: the audit trail, the static pages, the health check and the error
pages. (A council's home, its details and its users and roles are the people and accounts
apps' pages.)"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from thrive.core.audit import audit_events
from thrive.core.decorators import org_view
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap


@org_view(Cap.AUDIT_VIEW)
def audit(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    action = request.GET.get("action", "").strip()
    events = audit_events(org, action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit.html", {"page": page, "action": action})


def accessibility(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: AuthedRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def healthz(request: AuthedRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _error(request: AuthedRequest, template: str, status: int, **extra: Any) -> HttpResponse:
    return render(request, template, extra, status=status)


def error_403(request: AuthedRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "403.html", 403)


def error_404(request: AuthedRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "404.html", 404)


def error_500(request: AuthedRequest) -> HttpResponse:
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def csrf_failure(request: AuthedRequest, reason: str = "") -> HttpResponse:
    return _error(request, "csrf_failure.html", 403)
