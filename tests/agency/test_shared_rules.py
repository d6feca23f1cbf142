"""Who may change the shared agency rules (issue 19): the national set only with a release or by
the operator's command; a region's set and price caps only by that region's partnership lead; a
council's own set by its agency managers. Refused in the service whatever the route (web and API
403, the CLI a clear message), and nothing written when refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from tests.factories import make_org, make_user
from thrive.accounts.services import api_token_create
from thrive.agency.models import PriceCap, Rule, RuleSet
from thrive.agency.services import price_cap_add, rule_change, rule_sets_ensure
from thrive.cli import main
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role
from thrive.people.models import Region

SEPT = {"effective_from_0": "1", "effective_from_1": "9", "effective_from_2": "2026"}


def _rule_post(set_code: str, kind: str = "cool_off", value: str = "6") -> dict[str, str]:
    return {
        "change": "rule",
        "rule-rule_set": set_code,
        "rule-kind": kind,
        "rule-value": value,
        **{f"rule-{k}": v for k, v in SEPT.items()},
    }


CAP_POST = {
    "change": "cap",
    "cap-job_type": "social_worker",
    "cap-max_hourly": "44.50",
    **{f"cap-{k}": v for k, v in SEPT.items()},
}


def _written() -> tuple[int, int, int]:
    return (
        Rule.objects.count(),
        PriceCap.objects.count(),
        AuditEvent.objects.filter(action__in=["agency.rule_changed", "agency.cap_added"]).count(),
    )


@pytest.fixture
def councils(db: Any) -> dict[str, Any]:
    rule_sets_ensure()
    coventry = make_org("331", "Coventry")  # West Midlands
    camden = make_org("202", "Camden", region=Region.LONDON)
    own = RuleSet.objects.create(
        code="coventry_own",
        name="Coventry's own agency rules",
        source="Coventry",
        organisation=coventry,
    )
    Rule.objects.create(
        rule_set=own, kind="cool_off", value=Decimal(4), effective_from=date(2025, 1, 1)
    )
    return {"coventry": coventry, "camden": camden}


def _api(user: Any) -> Client:
    _, key = api_token_create(user=user, name="rules")
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


@pytest.mark.django_db
def test_an_agency_manager_changes_no_shared_set_nor_the_caps(
    councils: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    coventry = councils["coventry"]
    manager = make_user(coventry, Role.SENIOR_LEADER)  # holds agency.manage
    before = _written()
    # The page offers only the council's own set, and no cap form.
    client = Client()
    client.force_login(manager)
    url = f"/o/{coventry.code}/agency/rules/"
    page = client.get(url).content.decode()
    assert 'value="coventry_own"' in page
    assert 'value="national"' not in page and 'value="west_midlands_mou"' not in page
    assert "Enter a price cap" not in page and "Read only" in page
    # Web: posted anyway, refused by the service (403), nothing written.
    assert client.post(url, _rule_post("national", "pq_experience", "2")).status_code == 403
    assert client.post(url, _rule_post("west_midlands_mou")).status_code == 403
    assert client.post(url, CAP_POST).status_code == 403
    # The region's page is not theirs at all.
    assert client.get(f"/o/{coventry.code}/agency/region-rules/").status_code == 403
    # API: the same.
    api = _api(manager)
    base = f"/api/organisations/{coventry.code}/agency/"
    sets = {s["code"]: s["may_change"] for s in api.get(base + "rules/").json()}
    assert sets == {"coventry_own": True, "national": False, "west_midlands_mou": False}
    assert api.get(base + "caps/").json()["may_enter"] is False
    body = {"kind": "cool_off", "value": "6", "effective_from": "2026-09-01"}
    for code in ("national", "west_midlands_mou"):
        answer = api.post(
            base + "rules/", {**body, "rule_set": code}, content_type="application/json"
        )
        assert answer.status_code == 403 and "may not change" in answer.json()["detail"]
    cap = {"job_type": "social_worker", "max_hourly": "44.50", "effective_from": "2026-09-01"}
    assert api.post(base + "caps/", cap, content_type="application/json").status_code == 403
    # Service: refused whoever calls it.
    access = access_for(manager, coventry)
    for code in ("national", "west_midlands_mou"):
        with pytest.raises(PermissionDenied):
            rule_change(
                organisation=coventry,
                set_code=code,
                kind="cool_off",
                value=Decimal(6),
                effective_from=date(2026, 9, 1),
                actor=manager,
                access=access,
            )
    with pytest.raises(PermissionDenied):
        price_cap_add(
            organisation=coventry,
            job_type="social_worker",
            max_hourly=Decimal("44.50"),
            effective_from=date(2026, 9, 1),
            actor=manager,
            access=access,
        )
    # CLI with --as: refused with a message.
    caps = tmp_path / "caps.csv"
    caps.write_text(
        "region,job_type,max_hourly,effective_from\nWest Midlands,social_worker,44.50,2026-09-01\n"
    )
    capsys.readouterr()
    assert (
        main(["import", "agency_caps", str(caps), "--org", coventry.code, "--as", manager.email])
        == 1
    )
    assert "is not allowed to do this" in capsys.readouterr().err
    argv = ["agency", "rule", "--set", "national", "--kind", "notice", "--value", "3"]
    assert main([*argv, "--from", "2026-09-01", "--org", coventry.code, "--as", manager.email]) == 1
    assert "is not allowed to do this" in capsys.readouterr().err
    assert _written() == before
    # Their council's own set is theirs: on the page and through the API, audited.
    assert client.post(url, _rule_post("coventry_own", value="5")).status_code == 302
    answer = api.post(
        base + "rules/",
        {**body, "rule_set": "coventry_own", "effective_from": "2026-10-01"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    own = Rule.objects.filter(rule_set__code="coventry_own").order_by("effective_from")
    assert [(r.value, r.effective_from, r.effective_to) for r in own] == [
        (Decimal(4), date(2025, 1, 1), date(2026, 9, 1)),
        (Decimal(5), date(2026, 9, 1), date(2026, 10, 1)),
        (Decimal(6), date(2026, 10, 1), None),
    ]
    assert AuditEvent.objects.filter(action="agency.rule_changed", user=manager).count() == 2


@pytest.mark.django_db
def test_the_west_midlands_lead_changes_its_set_and_caps_not_londons_nor_the_national(
    councils: dict[str, Any], tmp_path: Path, capsys: Any
) -> None:
    coventry, camden = councils["coventry"], councils["camden"]
    lead = make_user(coventry, Role.PARTNERSHIP_LEAD)
    client = Client()
    client.force_login(lead)
    url = f"/o/{coventry.code}/agency/region-rules/"
    page = client.get(url).content.decode()
    assert 'value="west_midlands_mou"' in page and "Enter a price cap for West Midlands" in page
    assert 'value="national"' not in page and 'value="coventry_own"' not in page
    # The council's placements and its rules page are not the lead's.
    assert client.get(f"/o/{coventry.code}/agency/rules/").status_code == 403
    assert client.get(f"/o/{camden.code}/agency/region-rules/").status_code == 403
    assert client.post(url, _rule_post("west_midlands_mou")).status_code == 302
    assert client.post(url, CAP_POST).status_code == 302
    assert client.post(url, _rule_post("national", "pq_experience", "2")).status_code == 403
    assert client.post(url, _rule_post("coventry_own")).status_code == 403
    wm = Rule.objects.get(
        rule_set__code="west_midlands_mou", kind="cool_off", effective_from=date(2026, 9, 1)
    )
    assert wm.value == 6
    assert PriceCap.objects.get(
        region="West Midlands", effective_from=date(2026, 9, 1)
    ).max_hourly == Decimal("44.50")
    assert (
        AuditEvent.objects.filter(
            action__in=["agency.rule_changed", "agency.cap_added"], user=lead
        ).count()
        == 2
    )
    # The service refuses London's set and caps and the national set, however it is asked.
    access = access_for(lead, coventry)
    before = _written()
    for organisation, code in (
        (camden, "london_pledge"),
        (None, "london_pledge"),
        (coventry, "national"),
    ):
        with pytest.raises(PermissionDenied):
            rule_change(
                organisation=organisation,
                set_code=code,
                kind="cool_off",
                value=Decimal(1),
                effective_from=date(2026, 11, 1),
                actor=lead,
                access=access,
            )
    with pytest.raises(PermissionDenied):
        price_cap_add(
            organisation=camden,
            job_type="social_worker",
            max_hourly=Decimal("60"),
            effective_from=date(2026, 11, 1),
            actor=lead,
            access=access,
        )
    assert _written() == before
    # The import with --as: the region's own rows only; a London row refuses the whole file.
    caps = tmp_path / "caps.csv"
    caps.write_text(
        "region,job_type,max_hourly,effective_from\n"
        "West Midlands,team_manager,55.00,2026-11-01\n"
        "London,team_manager,60.00,2026-11-01\n"
    )
    capsys.readouterr()
    as_lead = ["--org", coventry.code, "--as", lead.email]
    assert main(["import", "agency_caps", str(caps), *as_lead]) == 1
    err = capsys.readouterr().err
    assert "row 3" in err and "you may not enter price caps for London" in err
    assert "row 2" not in err
    assert _written() == before
    caps.write_text(
        "region,job_type,max_hourly,effective_from\nWest Midlands,team_manager,55.00,2026-11-01\n"
    )
    assert main(["import", "agency_caps", str(caps), *as_lead]) == 0
    assert PriceCap.objects.filter(
        region="West Midlands", job_type="team_manager", effective_from=date(2026, 11, 1)
    ).exists()
    # --as without --org names no council to act in: refused, not run as the operator.
    assert main(["import", "agency_caps", str(caps), "--as", lead.email]) == 1
    assert "--as needs --org" in capsys.readouterr().err
    # The rule command with --as: the same policy.
    rule = ["agency", "rule", "--kind", "cool_off", "--value", "9", "--from", "2026-12-01"]
    assert main([*rule, "--set", "national", *as_lead]) == 1
    assert "may not change DfE agency rules" in capsys.readouterr().err
    assert main([*rule, "--set", "london_pledge", *as_lead]) == 1
    assert "does not reach Coventry" in capsys.readouterr().err
    assert main([*rule, "--set", "west_midlands_mou", *as_lead]) == 0
    assert (
        Rule.objects.get(
            rule_set__code="west_midlands_mou", kind="cool_off", effective_from=date(2026, 12, 1)
        ).value
        == 9
    )


@pytest.mark.django_db
def test_the_operator_command_changes_the_national_set(
    councils: dict[str, Any], capsys: Any
) -> None:
    argv = [
        "agency",
        "rule",
        "--set",
        "national",
        "--kind",
        "notice",
        "--value",
        "3",
        "--from",
        "2026-09-01",
    ]
    assert main(argv) == 0
    assert "national notice = 3" in capsys.readouterr().out
    notice = {
        r.effective_from: r for r in Rule.objects.filter(rule_set__code="national", kind="notice")
    }
    assert notice[date(2024, 10, 31)].effective_to == date(2026, 9, 1)
    assert notice[date(2026, 9, 1)].value == 3
    event = AuditEvent.objects.get(action="agency.rule_changed")
    assert event.user is None and "national notice = 3" in event.summary
    # The same date again is refused with a message, nothing changed.
    assert main(argv) == 1
    assert "already has a notice rule from 2026-09-01" in capsys.readouterr().err
    assert main([*argv, "--as", "nobody@example.org"]) == 1
    assert "--as needs --org" in capsys.readouterr().err
