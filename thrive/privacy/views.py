"""The subject access request page (one form, and the ZIP as the answer), and the retention
schedule page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.privacy.forms import RetentionRuleForm, SarExportForm
from thrive.privacy.retention import (
    retention_apply,
    retention_rule_add,
    retention_rules,
    retention_schedule,
)
from thrive.privacy.sar import sar_export


@org_view(Cap.SAR_EXPORT)
def sar(request: HttpRequest) -> HttpResponse:
    org = request.organisation  # type: ignore[attr-defined]
    form = SarExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = sar_export(
                organisation=org,
                staff_id=form.cleaned_data["staff_id"].strip(),
                email=form.cleaned_data["email"],
                actor=request.user,
                request=request,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else "staff_id", exc.message)
        else:
            response = HttpResponse(export.content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "privacy/sar.html", {"form": form}, status=400 if form.errors else 200)


@org_view(Cap.RETENTION_MANAGE)
def retention(request: AuthedRequest) -> HttpResponse:
    """The schedule in force, its history, what is due today (a dry run), and a form to add a
    rule from a date. The daily job applies the schedule."""
    org = request.organisation
    form = RetentionRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = retention_rule_add(
                organisation=org,
                record_type=form.cleaned_data["record_type"],
                years=form.cleaned_data["years"],
                unit=form.cleaned_data["unit"],
                effective_from=form.cleaned_data["effective_from"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"Added: {rule}.")
            return redirect("privacy:retention", org_code=org.code)
    today = clock.today()
    return render(
        request,
        "privacy/retention.html",
        {
            "form": form,
            "schedule": retention_schedule(org, today),
            "rules": retention_rules(org),
            "due": retention_apply(organisation=org, dry_run=True),
        },
        status=400 if form.errors else 200,
    )
