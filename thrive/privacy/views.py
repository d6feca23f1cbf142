"""The subject access request page: one form, and the ZIP as the answer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.roles import Cap
from thrive.privacy.forms import SarExportForm
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
                actor=request.user,
                request=request,
            )
        except ThriveError as exc:
            form.add_error("staff_id", exc.message)
        else:
            response = HttpResponse(export.content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "privacy/sar.html", {"form": form}, status=400 if form.errors else 200)
