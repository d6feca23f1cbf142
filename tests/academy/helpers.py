"""The academy's test data, set up through the register's and the academy's services."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.factories import link_user, make_org, make_staff, make_team, make_user
from thrive.core.roles import Role


class Council:
    """A council with an assessment team, one newly qualified social worker who started on
    5 January 2026 (a Monday), an experienced colleague who assesses, and the academy lead."""

    def __init__(self, code: str = "331") -> None:
        self.org = make_org(code, f"Council {code}")
        self.team = make_team(self.org, "Assessment Team")
        self.other_team = make_team(self.org, "Children in Care Team", "Children in Care")
        self.nqsw = make_staff(
            self.org,
            staff_id="NQ1",
            first_name="Nia",
            last_name="Newly",
            team=self.team,
            start_date=date(2026, 1, 5),
            start_origin=1,
            qualified_on=date(2025, 7, 1),
        )
        self.assessor = make_staff(
            self.org,
            staff_id="AS1",
            first_name="Ada",
            last_name="Assessor",
            team=self.team,
            org_role=4,
            start_date=date(2015, 3, 2),
            start_origin=2,
        )
        self.nqsw_user = make_user(self.org, Role.PRACTITIONER, email=f"nia@{code}.test")
        link_user(self.nqsw, self.nqsw_user)
        self.assessor_user = make_user(self.org, Role.PRACTITIONER, email=f"ada@{code}.test")
        link_user(self.assessor, self.assessor_user)
        self.lead = make_user(self.org, Role.WORKFORCE_DEVELOPMENT, email=f"lead@{code}.test")

    def enrol(self) -> Any:
        from thrive.academy.models import Enrolment
        from thrive.academy.services import enrol_newly_qualified, people_set

        # Where the test commits (a browser test), the register's hook enrolled them already.
        enrolled = enrol_newly_qualified(organisation=self.org, actor=self.lead)
        (enrolment,) = enrolled or Enrolment.objects.filter(organisation=self.org)
        return people_set(
            enrolment=enrolment,
            assessor=self.assessor,
            practice_educator=None,
            line_manager=None,
            actor=self.lead,
        )


def add_evidence(enrolment: Any, actor: Any, each: int = 3) -> None:
    from thrive.academy.services import evidence_add

    for kind in enrolment.programme.evidence:
        for n in range(each):
            evidence_add(
                enrolment=enrolment,
                kind=kind,
                title=f"{kind} {n + 1}",
                on=date(2026, 3, 2 + n),
                actor=actor,
            )
