"""The council's GOV.UK Notify settings, and the messages Thrive sent with their status."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.models import OutboxMessage
from thrive.core.outbox import MESSAGE_KINDS
from thrive.core.roles import Cap
from thrive.notifications.forms import NotifySettingsForm
from thrive.notifications.selectors import notify_service_for, outbox_for
from thrive.notifications.services import notify_configure


@org_view(Cap.NOTIFY_MANAGE)
def notify_settings(request: AuthedRequest) -> HttpResponse:
    """The council's GOV.UK Notify service: the key's variable, a template per kind."""
    org = request.organisation
    service = notify_service_for(org)
    form = NotifySettingsForm(request.POST or None, initial=NotifySettingsForm.initial_for(service))
    if request.method == "POST" and form.is_valid():
        try:
            notify_configure(
                organisation=org,
                settings=form.settings(),
                actor=request.user,
                version=form.cleaned_data["version"],
                request=request,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "GOV.UK Notify settings saved.")
            return redirect("notifications:notify_settings", org_code=org.code)
    key_set = bool(service and service.api_key_env and os.environ.get(service.api_key_env))
    return render(
        request,
        "notifications/notify_settings.html",
        {"form": form, "service": service, "key_set": key_set},
        status=400 if request.method == "POST" else 200,
    )


@org_view(Cap.NOTIFY_MANAGE)
def outbox(request: AuthedRequest) -> HttpResponse:
    """Every email and text message Thrive sent for the council, with its status."""
    status = request.GET.get("status", "")
    if status not in OutboxMessage.Status.values:
        status = ""
    page = Paginator(outbox_for(request.organisation, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": OutboxMessage.Status.choices,
            "kinds": MESSAGE_KINDS,
        },
    )
