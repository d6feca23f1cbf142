"""The offer page's safer recruitment records: references, the employment history with its
gaps, explanations, addresses abroad; and what each rule still finds missing, in words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from thrive.core import clock
from thrive.core.decorators import org_view
from thrive.core.errors import ThriveError
from thrive.core.http import AuthedRequest
from thrive.core.params import seen_version
from thrive.core.roles import Cap
from thrive.recruitment.models import Application
from thrive.recruitment.safer_forms import SAFER_FORMS
from thrive.recruitment.services import safer_records
from thrive.recruitment.services.safer_rules import (
    employment_gaps,
    explained,
    rule_failures,
)
from thrive.recruitment.services.safer_rules import (
    safer_records as read_records,
)

RECORDERS: dict[str, tuple[Callable[..., Any], str]] = {
    "reference": (safer_records.reference_record, "The reference is recorded."),
    "employment": (safer_records.employment_record, "The job is added to the history."),
    "gap": (safer_records.gap_explain, "The explanation is recorded."),
    "abroad": (safer_records.address_abroad_record, "The address abroad is recorded."),
}


def safer_context(found: Application, forms: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the offer's page shows of the records and the rules, and the forms to add them."""
    today = clock.today()
    records = read_records(found)
    gaps = employment_gaps(records.employment, on=today)
    prefix = {k: f"safer-{k}" for k in SAFER_FORMS}
    given = forms or {}
    return {
        "safer_errors": any(f.errors for f in given.values()),
        "safer": records,
        "failures": rule_failures(found, on=today, records=records),
        "gaps": [(g, explained(g, records.explanations)) for g in gaps],
        "safer_forms": [
            (kind, given.get(kind) or form_class(prefix=prefix[kind]))
            for kind, form_class in SAFER_FORMS.items()
        ],
    }


@require_POST
@org_view(Cap.RECRUITMENT_MANAGE)
def application_safer(request: AuthedRequest, pk: int, what: str) -> HttpResponse:
    """Record a reference, a job in the history, a gap's explanation or an address abroad."""
    from thrive.recruitment.views.applications import _application_page, _managed_application

    if what not in SAFER_FORMS:
        raise Http404("No such record")
    found = _managed_application(request, pk)
    form = SAFER_FORMS[what](request.POST, prefix=f"safer-{what}")
    if form.is_valid():
        record, done = RECORDERS[what]
        try:
            record(
                application=found,
                actor=request.user,
                version=seen_version(request),
                **form.cleaned_data,
            )
        except ThriveError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, done)
            return redirect("recruitment:application", org_code=request.organisation.code, pk=pk)
    return _application_page(request, found, manages=True, safer_forms={what: form})
