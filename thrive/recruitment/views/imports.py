"""A vacancy's applicants file uploaded by its recruiter: checked first (every problem by row
and column, nothing written), then imported, through the same `run_import` as `thrive import
applications`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.forms import GovukFormMixin
from thrive.core.http import AuthedRequest
from thrive.core.roles import Cap
from thrive.people.forms import ImportUploadForm
from thrive.people.imports import run_import
from thrive.recruitment import policy
from thrive.recruitment.selectors import vacancy_for


class ApplicationsFileForm(GovukFormMixin, forms.Form):
    file = ImportUploadForm.base_fields["file"]
    check_only = forms.BooleanField(
        label="Only check the file (write nothing)", required=False, initial=True
    )
    clean_file = ImportUploadForm.clean_file


@org_view(Cap.RECRUITMENT_MANAGE)
def applications_import(request: AuthedRequest, pk: int) -> HttpResponse:
    found = vacancy_for(request.access, pk)
    if found is None:
        raise Http404("No such vacancy")
    if not policy.manages_recruitment_in(request.access, found.team):
        raise PermissionDenied(Cap.RECRUITMENT_MANAGE)
    form = ApplicationsFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = run_import(
                kind="applications",
                organisation=request.organisation,
                content=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["check_only"],
                user=request.user,
                options={"vacancy": found.pk},
            )
        except ThriveError as exc:
            form.add_error("file", exc.message)
    return render(
        request,
        "recruitment/applications_import.html",
        {"vacancy": found, "form": form, "report": report},
    )
