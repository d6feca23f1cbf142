"""A newly qualified social worker on a phone: their academy page (calendar, ASYE at a glance),
evidence uploaded (a mistake first, kept as typed), the 3-month review read; then the academy
lead's cohort page — axe on every page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.academy.helpers import Council
from tests.browser.conftest import assert_accessible
from tests.browser.pages import BasePage, SignInPage
from tests.factories import PASSWORD
from thrive.academy.services import recall_days_plan, review_record, review_sign_off

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.today("2026-06-17")]


class MyAcademyPage(BasePage):
    path = "/o/{org}/academy/"

    @property
    def glance(self) -> str:
        return self.text_of("asye-glance")

    @property
    def calendar(self) -> str:
        return self.text_of("academy-calendar")


class EvidencePage(BasePage):
    def add(self, kind: str, title: str, day: int, month: int, year: int) -> EvidencePage:
        self.select("Kind of evidence", kind)
        self.fill("What it is", title)
        self.enter_date(day, month, year)
        return self.press("Add the evidence")


class ReviewPage(BasePage):
    @property
    def summary(self) -> str:
        return self.text_of("review-summary")


class CohortPage(BasePage):
    path = "/o/{org}/academy/cohorts/{pk}/"

    @property
    def progress(self) -> str:
        return self.text_of("progress")


def test_the_newly_qualified_worker_follows_their_asye_on_a_phone(
    phone: Any, browser: Any, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    c = Council()
    e = c.enrol()
    recall_days_plan(cohort=e.cohort, actor=c.lead)
    three = e.reviews.get(month=3)
    review_record(
        review=three,
        held_on=date(2026, 4, 7),
        summary="Nia builds trust with teenagers quickly.",
        actor=c.assessor_user,
    )
    review_sign_off(review=three, actor=c.assessor_user)

    SignInPage(phone).open().sign_in("nia@331.test", PASSWORD)
    phone.wait_for_url("**/o/331/")
    mine = MyAcademyPage(phone).open().check_accessible()
    assert "0 of 12 pieces" in mine.glance and "1 of 3" in mine.glance
    assert "6-month review, due 5 July 2026" in mine.glance
    assert "1 July 2026" in mine.calendar
    assert mine.fits_the_screen()

    evidence = mine.follow("Add evidence").now(EvidencePage).check_accessible()
    evidence.add("Direct observations of practice", "Observed home visit", 3, 2, 2025)
    assert "before the assessed year began" in evidence.error_summary
    assert evidence.value_of("What it is") == "Observed home visit"
    evidence.check_accessible()
    phone.get_by_label("File (optional)").set_input_files(
        files=[{"name": "visit.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    evidence.add("Direct observations of practice", "Observed home visit", 3, 2, 2026)
    mine = evidence.now(MyAcademyPage)
    assert "1 of 12 pieces" in mine.glance
    assert "The evidence is added" in mine.banner

    review = mine.follow("3-month review").now(ReviewPage).check_accessible()
    assert "builds trust with teenagers" in review.summary
    assert review.fits_the_screen()

    base = phone.url.split("/o/")[0]
    context = browser.new_context(base_url=base)
    lead = context.new_page()
    SignInPage(lead).open().sign_in("lead@331.test", PASSWORD)
    lead.wait_for_url("**/o/331/")
    cohort = CohortPage(lead).open(pk=e.cohort_id).check_accessible()
    assert "Nia Newly" in cohort.progress and "1 of 12" in cohort.progress
    cohort.follow("Nia Newly").check_accessible()
    # The progression framework with its panel questions, each retirable, and the form to add one.
    from thrive.academy.services import progression_defaults

    progression_defaults(organisation=c.org, actor=c.lead)
    lead.goto("/o/331/academy/progression/levels/")
    assert_accessible(lead)
    lead.get_by_role("button", name="Add the question").click()
    expect(lead).to_have_title(re.compile("^Error: Progression framework"))
    assert_accessible(lead)
    context.close()
