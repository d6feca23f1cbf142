"""Safer recruitment checks through the API (council side), as on the offer's page: GET what an
offer's checks stand at (recorded, outstanding, each rule's failure in words, the references,
history with its gaps, addresses abroad); POST a check, a reference, a job in the history, a
gap's explanation or an address abroad, with the application's ``version`` read (a change
since is refused, nothing overwritten)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from thrive.api.changes import VersionField
from thrive.api.endpoints import OrgAPIView
from thrive.api.http import AuthedApiRequest
from thrive.core import clock
from thrive.core.roles import Cap
from thrive.recruitment import policy
from thrive.recruitment.models import CheckKind, DbsLevel, SweStatus
from thrive.recruitment.services import safer_records
from thrive.recruitment.services.checks import check_record, outstanding_checks, required_checks
from thrive.recruitment.services.safer_rules import (
    dbs_failures,
    employment_gaps,
    explained,
    rule_failures,
    swe_failures,
)
from thrive.recruitment.services.safer_rules import (
    safer_records as read_records,
)


class CheckIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=CheckKind.choices)
    evidence = serializers.CharField(max_length=2000)
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)
    dbs_level = serializers.ChoiceField(choices=DbsLevel.choices, required=False, default="")
    dbs_barred_list = serializers.BooleanField(required=False, default=False)
    dbs_update_number = serializers.CharField(required=False, default="", max_length=20)
    dbs_update_checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    swe_number = serializers.CharField(required=False, default="", max_length=20)
    swe_status = serializers.ChoiceField(choices=SweStatus.choices, required=False, default="")
    swe_conditions = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=2000
    )
    version = VersionField()


class ReferenceIn(serializers.Serializer[Any]):
    referee = serializers.CharField(max_length=120)
    referee_organisation = serializers.CharField(max_length=160)
    current_employer = serializers.BooleanField(required=False, default=False)
    practice_setting = serializers.BooleanField(required=False, default=False)
    covers_from = serializers.DateField()
    covers_to = serializers.DateField()
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = VersionField()


class EmploymentIn(serializers.Serializer[Any]):
    employer = serializers.CharField(max_length=160)
    role = serializers.CharField(required=False, default="", allow_blank=True, max_length=120)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    version = VersionField()


class GapIn(serializers.Serializer[Any]):
    gap_from = serializers.DateField()
    gap_to = serializers.DateField()
    explanation = serializers.CharField(max_length=2000)
    version = VersionField()


class AbroadIn(serializers.Serializer[Any]):
    country = serializers.CharField(max_length=80)
    lived_from = serializers.DateField()
    lived_to = serializers.DateField(required=False, allow_null=True, default=None)
    version = VersionField()


def _check(**d: Any) -> Any:
    standard = {k: d.pop(k) for k in list(d) if k.startswith(("dbs_", "swe_"))}
    return check_record(standard=standard, **d)


WRITERS: dict[str, tuple[type[serializers.Serializer[Any]], Any]] = {
    "check": (CheckIn, _check),
    "reference": (ReferenceIn, safer_records.reference_record),
    "employment": (EmploymentIn, safer_records.employment_record),
    "gap": (GapIn, safer_records.gap_explain),
    "abroad": (AbroadIn, safer_records.address_abroad_record),
}


def standing(application: Any) -> dict[str, Any]:
    """Where the offer's checks stand, as the page shows it."""
    today = clock.today()
    r = read_records(application)
    failures = rule_failures(application, on=today, records=r)
    outstanding = outstanding_checks(application, set(r.checks))
    return {
        "application": application.pk,
        "version": application.version,
        "required": required_checks(application),
        "outstanding": outstanding,
        "failures": [{"check": what, "why": why} for what, why in failures],
        "start_can_be_confirmed": not outstanding and not failures,
        "checks": [
            {
                "kind": c.kind,
                "checked_on": c.checked_on,
                "checked_by": c.checked_by.email,
                "evidence": c.evidence,
                "expires_on": c.expires_on,
                "recorded_as_free_text": c.free_text_only,
                **(
                    {k: getattr(c, k) for k in ("dbs_level", "dbs_barred_list")}
                    | {"dbs_update_number": c.dbs_update_number}
                    | {"dbs_update_checked_on": c.dbs_update_checked_on}
                    | {"passes": not dbs_failures(c)}
                    if c.kind == CheckKind.DBS
                    else {}
                ),
                **(
                    {k: getattr(c, k) for k in ("swe_number", "swe_status", "swe_conditions")}
                    | {"passes": not swe_failures(c)}
                    if c.kind == CheckKind.SWE
                    else {}
                ),
            }
            for c in r.checks.values()
        ],
        "references": [
            {
                "referee": x.referee,
                "referee_organisation": x.referee_organisation,
                "current_employer": x.current_employer,
                "practice_setting": x.practice_setting,
                "covers_from": x.covers_from,
                "covers_to": x.covers_to,
                "received_on": x.received_on,
            }
            for x in r.references
        ],
        "employment": [
            {"employer": e.employer, "role": e.role, "from": e.started_on, "to": e.ended_on}
            for e in r.employment
        ],
        "gaps": [
            {"from": g.start, "to": g.end, "explained": explained(g, r.explanations)}
            for g in employment_gaps(r.employment, on=today)
        ],
        "addresses_abroad": [
            {"country": a.country, "from": a.lived_from, "to": a.lived_to} for a in r.abroad
        ],
    }


def _application(request: AuthedApiRequest, pk: int) -> Any:
    from thrive.recruitment.selectors import application_for

    found = application_for(request.access, pk)
    if found is None:
        raise Http404("No such application")
    return found


class SaferChecks(OrgAPIView):
    """GET where an offer's safer recruitment checks stand: ``required`` and ``outstanding``
    kinds, ``failures`` (each rule's shortfall in words), ``start_can_be_confirmed``, the
    checks recorded (a DBS check's level and barred list or update service, a registration's
    status and conditions, and whether each ``passes``), references, employment history, the
    ``gaps`` of more than three months found in it and whether each is explained, addresses
    abroad."""

    capability = Cap.RECRUITMENT_VIEW

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: AuthedApiRequest, org_code: str, pk: int) -> Response:
        return Response(standing(_application(request, pk)))


class SaferRecord(OrgAPIView):
    """POST one record to an offer (those who manage its vacancy's team's recruitment):
    ``check`` (``kind``, ``evidence``, ``checked_on``, ``expires_on``, and for a DBS check
    ``dbs_level`` + ``dbs_barred_list`` or ``dbs_update_number`` + ``dbs_update_checked_on``,
    for a registration ``swe_number``, ``swe_status``, ``swe_conditions``); ``reference``
    (``referee``, ``referee_organisation``, ``current_employer``, ``practice_setting``,
    ``covers_from``, ``covers_to``, ``received_on``); ``employment`` (``employer``, ``role``,
    ``started_on``, ``ended_on``); ``gap`` (``gap_from``, ``gap_to``, ``explanation``);
    ``abroad`` (``country``, ``lived_from``, ``lived_to``). Each with the application's
    ``version``; answers with where the checks now stand (201)."""

    capability = Cap.RECRUITMENT_MANAGE

    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: AuthedApiRequest, org_code: str, pk: int, what: str) -> Response:
        if what not in WRITERS:
            raise Http404("No such record: check, reference, employment, gap or abroad")
        found = _application(request, pk)
        if not policy.manages_recruitment_in(request.access, found.vacancy.team):
            raise PermissionDenied("You do not manage the recruitment of this vacancy's team.")
        serializer, write = WRITERS[what]
        write(application=found, actor=request.user, **self.valid(serializer))
        return Response(standing(_application(request, pk)), status=201)
