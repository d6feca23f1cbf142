"""A practitioner answers the staff survey on a phone: the survey list, the answers (one left
out, then put right, keeping what was typed), the thanks, nothing tying the answer to them; then
the engagement lead reads the results, where a team under five (and the team it could be worked
out from) is not shown, and publishes a "you said, we did" action — axe on every page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD, link_user, make_org, make_staff, make_team, make_user
from thrive.core import clock
from thrive.core.roles import Role
from thrive.engagement.models import Question, Response
from thrive.engagement.services import library_ensure, survey_create, survey_respond

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
    questions = [Question.objects.get(organisation=org, code=c) for c in codes]
    survey = survey_create(
        organisation=org,
        name="Spring staff survey",
        opens_on=clock.today() - timedelta(days=1),
        closes_on=clock.today() + timedelta(days=13),
        questions=questions,
    )
    # Six colleagues in another service's team have answered already.
    duty = make_team(org, "Duty Team", service="Front Door")
    for n in range(6):
        colleague = make_staff(
            org, staff_id=f"D{n}", first_name="Dee", last_name=f"D{n}", team=duty
        )
        survey_respond(
            survey=survey,
            person=colleague,
            answers={questions[0].pk: 4, questions[1].pk: 9, questions[2].pk: "More time"},
            actor=None,
        )
    make_user(org, Role.WORKFORCE_DEVELOPMENT, email="lead@example.test")
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
    response = Response.objects.get(team=team)  # anonymous: no link to Nia is kept
    assert response.person is None
    assert sorted(a.value or 0 for a in response.answers.all()) == [0, 4, 8]

    # The engagement lead: Nia's team of one is not shown, nor the team that would give it away.
    answer.sign_out()
    SignInPage(phone).open().sign_in("lead@example.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    results = BasePage(phone).open("/o/331/engagement/results/").check_accessible()
    row = phone.get_by_role("row").filter(has_text="Assessment Team 1").first
    assert "Not shown: fewer than 5 respondents" in row.inner_text()
    duty_row = phone.get_by_role("row").filter(has_text="Duty Team").first
    assert "worked out by subtraction" in duty_row.inner_text()
    assert "Protected time for supervision" in results.main_text  # the council's comments

    # "You said, we did": a theme, an action with its owner and date, published to staff.
    themes = BasePage(phone).open(f"/o/331/engagement/surveys/{survey.pk}/themes/")
    themes.fill("Theme", "Supervision").fill("You said", "You want protected supervision time.")
    themes.press("Add the theme").check_accessible()
    themes.follow("Add an action to Supervision")
    themes.fill("We will", "Block two hours a month for supervision").fill(
        "Owner", "Head of service"
    )
    due = clock.today() + timedelta(days=60)
    themes.enter_date(due.day, due.month, due.year).press("Add the action")
    assert "Action added" in themes.banner
    published = BasePage(phone).open("/o/331/engagement/you-said-we-did/").check_accessible()
    assert "Block two hours a month for supervision" in published.main_text
    assert "You want protected supervision time." in published.main_text

    # Flexible working's limits, dated: the page, and its form sent empty (errors named).
    limits = BasePage(phone).open("/o/331/engagement/flexible/rules/").check_accessible()
    limits.press("Save the limits").check_accessible()
    assert "There is a problem" in limits.error_summary
