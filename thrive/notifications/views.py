"""The council's GOV.UK Notify settings and the messages Thrive sent with their status; each
person's own notifications and how they want to hear."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import settings_submit
from thrive.core.http import AuthedRequest
from thrive.core.models import OutboxMessage
from thrive.core.outbox import CONFIDENTIAL_KINDS, MESSAGE_KINDS
from thrive.core.roles import Cap
from thrive.notifications.forms import NotificationSettingsForm, NotifySettingsForm
from thrive.notifications.selectors import (
    notification_settings_for,
    notifications_for,
    notify_service_for,
    outbox_for,
)
from thrive.notifications.services import (
    notification_settings_save,
    notifications_mark_read,
    notify_configure,
)


@org_view(Cap.NOTIFY_MANAGE)
def notify_settings(request: AuthedRequest) -> HttpResponse:
    """The council's GOV.UK Notify service: the key's variable, a template per kind."""
    service = notify_service_for(request.organisation)
    form, saved = settings_submit(
        request,
        NotifySettingsForm,
        service,
        notify_configure,
        done="GOV.UK Notify settings saved.",
        page="notifications:notify_settings",
    )
    if saved is not None:
        return saved
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
            "confidential": CONFIDENTIAL_KINDS,
        },
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own notifications, newest first, unread ones marked."""
    page = Paginator(notifications_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "kinds": MESSAGE_KINDS})


@require_POST
@login_required
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (``id``) or all of them as read; only the person's own."""
    raw = request.POST.get("id", "")
    ids = [int(raw)] if raw.isdigit() else None
    count = notifications_mark_read(user=request.user, ids=ids)
    if ids is None:
        messages.success(
            request, f"{count} notification{'s' if count != 1 else ''} marked as read."
        )
    return redirect(reverse("notifications:inbox") + _page_query(request.POST.get("page", "")))


def _page_query(page: str) -> str:
    return f"?page={page}" if page.isdigit() else ""


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    """How the signed-in person hears about each kind of message."""
    found = notification_settings_for(request.user)
    form = NotificationSettingsForm(
        request.POST or None, initial=NotificationSettingsForm.initial_for(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_settings_save(
                user=request.user,
                mobile=form.cleaned_data["mobile"] or "",
                digest=bool(form.cleaned_data["digest"]),
                channels=form.channels(),
                version=form.cleaned_data["version"],
                text_consent=bool(form.cleaned_data["text_consent"]),
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Notification settings saved.")
            return redirect("notifications:my_settings")
    return render(
        request,
        "notifications/my_settings.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def invitation_file(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar invitation's .ics at the signed, expiring address a Notify email carries (no
    sign-in: the person opens it from their email, on any device). Only the file, nothing else."""
    from django.http import Http404

    from thrive.notifications.invitation_links import LinkExpired, invitation_message

    try:
        message = invitation_message(token)
    except LinkExpired:
        return HttpResponse(
            "This calendar link has expired. Open Thrive to see the date.",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    if message is None:
        raise Http404
    attachment = message.attachments[0]
    response = HttpResponse(str(attachment["content"]), content_type=attachment["mimetype"])
    response["Content-Disposition"] = f'attachment; filename="{attachment["filename"]}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
