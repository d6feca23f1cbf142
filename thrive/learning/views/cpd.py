"""CPD pages: your records and where you stand in the registration year, adding or changing a
record (with evidence), opening a record's evidence, and the council's registration rules."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from thrive.core import clock
from thrive.core.audit import audit_log
from thrive.core.decorators import org_view
from thrive.core.forms import form_submit
from thrive.core.http import AuthedRequest
from thrive.core.params import posted_version
from thrive.core.roles import Cap
from thrive.learning.forms import CpdForm, RuleForm
from thrive.learning.policy import sees_team_cpd
from thrive.learning.registration import cpd_check, previous_year_day
from thrive.learning.selectors import (
    cpd_record_of,
    cpd_record_visible_to,
    cpd_records_of,
    registration_rules,
)
from thrive.learning.services import cpd_save, registration_rule_add
from thrive.learning.views.common import reader


@org_view(Cap.CPD_VIEW)
def cpd(request: AuthedRequest) -> HttpResponse:
    """Your CPD records and where you stand in the registration year."""
    org, access, me = reader(request)
    can_team = sees_team_cpd(access)
    if me is None:
        return render(request, "learning/cpd.html", {"no_record": True, "can_team": can_team})
    today = clock.today()
    records = cpd_records_of(me)
    rules = list(registration_rules(org))
    return render(
        request,
        "learning/cpd.html",
        {
            "records": records,
            "check": cpd_check(records, today, rules),
            "last_year": cpd_check(records, previous_year_day(today, rules), rules),
            "can_team": can_team,
        },
    )


CPD_FIELDS = (
    "title",
    "cpd_type",
    "on",
    "hours",
    "learned",
    "difference",
    "peer_reflected",
    "peer_name",
)


@org_view(Cap.CPD_VIEW)
def cpd_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    org, _, me = reader(request)
    if me is None:
        raise Http404
    record = cpd_record_of(me, pk) if pk else None
    if pk and record is None:
        raise Http404
    initial: dict[str, Any] = {"on": clock.today(), "cpd_type": "course"}
    if record is not None:
        initial = {f: getattr(record, f) for f in CPD_FIELDS}
    form = CpdForm(request.POST or None, request.FILES or None, initial=initial)

    def save(cleaned: dict[str, Any]) -> Any:
        d = dict(cleaned)
        evidence = d.pop("evidence")
        if evidence:
            d["evidence"] = evidence
        return cpd_save(
            person=me, user=request.user, record=record, version=posted_version(request), **d
        )

    done = form_submit(
        request,
        form,
        save,
        done="Your CPD record is saved.",
        then=reverse("learning:cpd", args=[org.code]),
    )
    if done is not None:
        return done
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": record.title if record else "Add a CPD record",
            "caption": "Your CPD",
            "back_url": reverse("learning:cpd", args=[org.code]),
            "multipart": True,
            "version": record.version if record else None,
            "intro": "Social Work England asks for at least two records a registration year, one "
            "reflected on with a peer.",
        },
    )


@org_view(Cap.CPD_VIEW)
def cpd_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    """A CPD record's evidence file: for its owner and the managers who may see their CPD."""
    org = request.organisation
    record = cpd_record_visible_to(request.access, clock.today(), pk)
    if record is None or not record.evidence:
        raise Http404
    audit_log(
        action="learning.cpd_evidence_read",
        user=request.user,
        organisation=org,
        obj=record,
        summary=f"Opened CPD evidence of {record.person}",
    )
    return FileResponse(  # type: ignore[return-value]
        record.evidence.open("rb"),
        as_attachment=True,
        filename=str(record.evidence.name).rsplit("/", 1)[-1],
    )


@org_view(Cap.LEARNING_MANAGE)
def cpd_rules(request: AuthedRequest) -> HttpResponse:
    """Social Work England's registration rules as the council records them, from a date."""
    org = request.organisation
    form = RuleForm(request.POST or None, initial={"effective_from": clock.today()})
    done = form_submit(
        request,
        form,
        lambda d: registration_rule_add(organisation=org, actor=request.user, **d),
        done="The rule is saved; it applies from its date.",
        then=reverse("learning:cpd_rules", args=[org.code]),
    )
    if done is not None:
        return done
    return render(
        request,
        "learning/cpd_rules.html",
        {"form": form, "rules": registration_rules(org)},
    )
