"""A practitioner answers the staff survey on a phone: the survey list, the answers (one left
out, then put right, keeping what was typed), the thanks — axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, link_user, make_org, make_staff, make_team, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.engagement.models import Question, Response
from thrive.engagement.services import library_ensure, survey_create

pytestmark = pytest.mark.django_db(transaction=True)


class SurveysPage(BasePage):
    path = "/o/{org}/engagement/surveys/"

    def open_survey(self, name: str) -> AnswerPage:
        self.page.get_by_role("link", name=name).click()
        return AnswerPage(self.page)


class AnswerPage(BasePage):
    def answer(self, question: str, answer: str) -> AnswerPage:
        group = self.page.get_by_role("group", name=question)
        group.get_by_label(answer, exact=True).check()
        return self

    def write(self, question: str, text: str) -> AnswerPage:
        self.page.get_by_label(question).fill(text)
        return self

    def send(self) -> AnswerPage:
        self.page.get_by_role("button", name="Send your answers").click()
        return self


def test_a_practitioner_answers_the_staff_survey_on_a_phone(phone: Any) -> None:
    org = make_org("331", "Coventry")
    team = make_team(org, "Assessment Team 1")
    person = make_staff(org, staff_id="1", first_name="Nia", last_name="Test", team=team)
    link_user(person, make_user(org, Role.PRACTITIONER, email="nia@example.test"))
    library_ensure(organisation=org)
    codes = ("hc-workload", "enps", "better")
    survey_create(
        organisation=org,
        name="Spring staff survey",
        opens_on=clock.today() - timedelta(days=1),
        closes_on=clock.today() + timedelta(days=13),
        questions=[Question.objects.get(organisation=org, code=c) for c in codes],
    )
    SignInPage(phone).open().sign_in("nia@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    answer = SurveysPage(phone).open().check_accessible().open_survey("Spring staff survey")
    answer.check_accessible()
    assert answer.fits_the_screen()
    workload = "1. My workload is manageable and allows me to do good work."
    answer.answer(workload, "Agree")
    answer.write("3. What would make working here better?", "Protected time for supervision")
    answer.send()
    assert "Choose an answer to question 2" in answer.error_summary
    answer.check_accessible()
    assert "Protected time for supervision" in phone.content()
    answer.answer("2. How likely are you to recommend working here to a friend?", "8")
    answer.send()
    assert "Thank you" in answer.heading
    answer.check_accessible()
    response = Response.objects.get()
    assert response.person is None and response.team == team
    assert sorted(a.value or 0 for a in response.answers.all()) == [0, 4, 8]
