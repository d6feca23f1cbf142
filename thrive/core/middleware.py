"""Security headers Django does not set itself, and what every page and endpoint answers alike
(an error title, an ID out of range)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse


class SecurityHeadersMiddleware:
    """Add Permissions-Policy and Cross-Origin-Resource-Policy, and keep pages out of caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/static/"):
            # Pages may hold personal data: never keep them in shared or browser caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


class RequestAddressMiddleware:
    """Make the request's address known to the audit trail for the length of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from thrive.core.audit import current_address

        token = current_address.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)


class ErrorTitleMiddleware:
    """A page that shows an error summary starts its title with "Error: ", as GOV.UK asks, so a
    screen reader says there is a problem before anything else — on every page with a form,
    whatever its template calls the form (a template that says it itself is left as it is)."""

    SUMMARY = b'class="govuk-error-summary"'

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
            or self.SUMMARY not in response.content
        ):
            return response
        start = response.content.find(b"<title>")
        if start < 0 or response.content[start + 7 :].lstrip().startswith(b"Error:"):
            return response
        start += len(b"<title>")
        response.content = response.content[:start] + b"Error: " + response.content[start:]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class IdOutOfRangeMiddleware:
    """An ID in the address beyond the database's 64-bit keys names no record: "not found" (the
    API's JSON one under /api/), for every URL at once, before a lookup overflows the database's
    integer and fails as a server error."""

    DIGITS = re.compile(r"/(\d{19,})(?=/|$|\.)")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(int(d) >= 2**63 for d in self.DIGITS.findall(request.path_info)):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "Not found."}, status=404)
            raise Http404("No such record")
        return self.get_response(request)
