"""The import upload page: preview (new / changed / unchanged, every problem), then confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.jobs.files import file_drop, file_hold, file_read
from thrive.people.forms import ImportUploadForm
from thrive.people.imports import run_import

SESSION_KEY = "pending_imports"


@org_view(Cap.REGISTER_IMPORT)
def imports(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        kind = form.cleaned_data["kind"]
        if request.POST.get("background"):
            from thrive.jobs.services import job_enqueue

            job = job_enqueue(
                kind="register_import",
                title=f"Import {upload.name} ({kind})",
                organisation=org,
                params={"kind": kind, "filename": upload.name},
                payload=content,
                user=request.user,
            )
            return redirect("jobs:job", org_code=org.code, job_id=job.pk)
        try:
            report = run_import(
                kind=kind,
                organisation=org,
                content=content,
                filename=upload.name,
                dry_run=True,
                user=request.user,
            )
        except ThriveError as exc:
            # The file could not be read at all: say why beside the upload field.
            form.add_error("file", exc.message)
            report = None
        if report is not None and report.ok:
            # Kept in the database until confirmed: any server can answer the confirm.
            token = file_hold(
                organisation=org, user=request.user, filename=upload.name, content=content
            )
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = {"kind": kind, "filename": upload.name, "org": org.code}
            request.session[SESSION_KEY] = pending
    return render(request, "people/imports.html", {"form": form, "report": report, "token": token})


@require_POST
@org_view(Cap.REGISTER_IMPORT)
def import_confirm(request: AuthedRequest) -> HttpResponse:
    org = request.organisation
    token = request.POST.get("token", "")
    pending = request.session.get(SESSION_KEY, {})
    item = pending.get(token)
    content = file_read(token=token, organisation=org, user=request.user) if item else None
    if item is None or item["org"] != org.code or content is None:
        messages.error(request, "That upload has expired. Upload the file again.")
        return redirect("people:imports", org_code=org.code)
    try:
        report = run_import(
            kind=item["kind"],
            organisation=org,
            content=content,
            filename=item["filename"],
            user=request.user,
        )
    except ThriveError as exc:
        file_drop(token=token)
        messages.error(request, exc.message)
        return redirect("people:imports", org_code=org.code)
    file_drop(token=token)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if not report.ok:
        # The register changed between preview and confirm: show the problems, nothing written.
        form = ImportUploadForm()
        return render(request, "people/imports.html", {"form": form, "report": report})
    messages.success(
        request,
        f"Imported {item['filename']}: {report.new} new, {report.changed} changed, "
        f"{report.unchanged} unchanged.",
    )
    return redirect("people:imports", org_code=org.code)
