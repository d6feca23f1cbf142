"""Page objects: one per page the journeys use."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from tests.browser.conftest import assert_accessible


class BasePage:
    """Any page: its address (``path``, with ``{org}`` for the council's code), heading, banner,
    error summary and the GOV.UK controls every form shares, found by their labels."""

    path = "/"

    def __init__(self, page: Any) -> None:
        self.page = page

    def open(
        self, path: str | None = None, *, org: str = "331", query: str = "", **fields: Any
    ) -> Self:
        """Go to *path*, or to the page's own address for council *org* (and any other *fields*
        its address names, such as ``team=``), with *query* after a ``?``."""
        address = path or self.path.format(org=org, **fields)
        self.page.goto(address + (f"?{query}" if query else ""))
        return self

    def now(self, page_class: type[P]) -> P:
        """The page the browser is on now, as *page_class* (after a link or a button)."""
        return page_class(self.page)

    @property
    def heading(self) -> str:
        return str(self.page.locator("h1").first.inner_text())

    @property
    def main_text(self) -> str:
        return str(self.page.locator("main").inner_text())

    @property
    def banner(self) -> str:
        return str(self.page.locator(".govuk-notification-banner").inner_text())

    @property
    def error_summary(self) -> str:
        return str(self.page.locator(".govuk-error-summary").first.inner_text())

    def text_of(self, element_id: str) -> str:
        return str(self.page.locator(f"#{element_id}").inner_text())

    def check_accessible(self) -> Self:
        assert_accessible(self.page)
        return self

    def fits_the_screen(self) -> bool:
        """Nothing on the page is wider than the screen (but the scrollable tables)."""
        return bool(
            self.page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
            )
        )

    def nav_links(self) -> list[tuple[str, str]]:
        links = self.page.locator(".govuk-service-navigation__link")
        return [
            (links.nth(i).inner_text().strip(), links.nth(i).get_attribute("href"))
            for i in range(links.count())
        ]

    # The menu: one row of areas on a desktop, a Menu button on a phone, the area's pages below.
    def menu_item_tops(self) -> list[int]:
        return list(
            self.page.eval_on_selector_all(
                ".govuk-service-navigation__item", "items => items.map(i => i.offsetTop)"
            )
        )

    def current_menu_items(self) -> int:
        return int(self.page.locator(".govuk-service-navigation [aria-current]").count())

    @property
    def menu_button(self) -> Any:
        return self.page.get_by_role("button", name="Menu")

    def menu_shown(self) -> bool:
        return bool(self.page.locator("#navigation").is_visible())

    def area_pages(self, area: str) -> Any:
        """The navigation of the current area's pages (e.g. "Supervision pages")."""
        return self.page.get_by_role("navigation", name=area)

    # The shared controls, by what a person reads on the screen.
    def follow(self, link: str, *, exact: bool | None = None) -> Self:
        self.page.get_by_role("link", name=link, exact=exact).click()
        return self

    def press(self, button: str, *, exact: bool | None = None) -> Self:
        self.page.get_by_role("button", name=button, exact=exact).click()
        return self

    def fill(self, label: str, value: str, *, exact: bool | None = None) -> Self:
        self.page.get_by_label(label, exact=exact).fill(value)
        return self

    def picker_shown(self, *, unticked: bool = False) -> list[str]:
        """The choices a checkbox picker (a long list with a search box) shows on screen now
        (only those not ticked, if *unticked*: a ticked one stays in view whatever the search)."""
        return list(
            self.page.evaluate(
                "(unticked) => Array.from(document.querySelectorAll("
                "'[data-thrive-picker] .govuk-checkboxes__item'))"
                ".filter(e => e.getClientRects().length)"
                ".filter(e => !(unticked && e.querySelector('input').checked))"
                ".map(e => e.textContent.trim())",
                unticked,
            )
        )

    def value_of(self, label: str) -> str:
        return str(self.page.get_by_label(label).input_value())

    def choose(self, label: str, *, exact: bool | None = None) -> Self:
        self.page.get_by_label(label, exact=exact).check()
        return self

    def select(self, label: str, option: str, *, exact: bool | None = None) -> Self:
        self.page.get_by_label(label, exact=exact).select_option(label=option)
        return self

    def enter_date(self, day: int, month: int, year: int, *, group: str | None = None) -> Self:
        """The three inputs of a GOV.UK date (the first on the page, or the one in *group*)."""
        where = self.page.get_by_role("group", name=group) if group else self.page
        where.get_by_label("Day").first.fill(str(day))
        where.get_by_label("Month").first.fill(str(month))
        where.get_by_label("Year").first.fill(str(year))
        return self

    def sign_out(self) -> BasePage:
        self.page.get_by_role("button", name="Sign out").click()
        return BasePage(self.page)


P = TypeVar("P", bound=BasePage)


class SignInPage(BasePage):
    path = "/sign-in/"

    def sign_in(self, email: str, password: str) -> HomePage:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        return HomePage(self.page)


class HomePage(BasePage):
    path = "/o/{org}/"

    def role_sections(self) -> list[str]:
        return [s.strip() for s in self.page.locator("section.thrive-card h2").all_inner_texts()]


class UsersPage(BasePage):
    path = "/o/{org}/users/"

    def give_role(self, email: str, role_label: str) -> Self:
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Role", exact=True).select_option(label=role_label)
        self.page.get_by_role("button", name="Give role").click()
        return self


class GrantApprovalsPage(BasePage):
    """Roles opening families that wait for a second person's approval."""

    path = "/o/{org}/users/approvals/"

    def approve(self, email: str) -> Self:
        self.page.get_by_role("link", name=f"Decide on {email}").click()
        self.page.get_by_label("Approve").check()
        self.page.get_by_role("button", name="Save decision").click()
        return self


class TwoFactorPage(BasePage):
    """Setting up an authenticator, and entering its code after the password."""

    path = "/account/two-factor/set-up/"

    @property
    def key(self) -> str:
        return str(self.page.locator("#mfa-key").inner_text()).replace(" ", "")

    def enter(self, code: str, button: str) -> Self:
        self.page.get_by_role("textbox", name="Code").fill(code)
        self.page.get_by_role("button", name=button).click()
        return self

    @property
    def recovery_codes(self) -> list[str]:
        return [c.strip() for c in self.page.locator("#recovery-codes code").all_inner_texts()]


class AccountPage(BasePage):
    path = "/account/"

    def create_token(self, name: str) -> str:
        self.fill("Name the token", name).press("Create token")
        return self.text_of("new-token")


# --- The register and the workforce measures ---------------------------------------------------


class ImportsPage(BasePage):
    path = "/o/{org}/imports/"

    def check_file(self, kind_label: str | None = None, file: Any = None) -> Self:
        """Choose the kind of file and the file (a path, or a dict for a file made in the test),
        then ask for the check."""
        if kind_label:
            self.choose(kind_label)
        if file is not None:
            upload = self.page.get_by_label("Upload a file")
            if isinstance(file, dict):
                upload.set_input_files(files=[file])
            else:
                upload.set_input_files(str(file))
        return self.press("Check the file")

    @property
    def new_count(self) -> str:
        return self.text_of("count-new")

    def confirm(self) -> Self:
        return self.press("Confirm import")


class RegisterPage(BasePage):
    path = "/o/{org}/people/"

    def search(self, text: str) -> Self:
        self.page.get_by_role("searchbox", name="Search").fill(text)
        return self.press("Apply")

    def open_person(self, listed_as: str) -> PersonPage:
        self.follow(listed_as)
        return PersonPage(self.page)


class PersonPage(BasePage):
    """One person's register record."""


class PersonAddPage(BasePage):
    path = "/o/{org}/people/add/"

    def enter_person(
        self, *, staff_id: str, first: str, last: str, team: str, fte: str, start: tuple[int, ...]
    ) -> Self:
        self.fill("Staff ID", staff_id).fill("First name", first).fill("Last name", last)
        self.select("Team", team, exact=True).fill("Full-time equivalent (FTE)", fte)
        return self.enter_date(*start)

    def enter_census_role(self, swe_number: str, role: str) -> Self:
        self.fill("Social Work England number", swe_number)
        return self.select("Role (census OrgRole)", role)

    def continue_(self) -> Self:
        return self.press("Continue")

    @property
    def summary_list(self) -> str:
        return str(self.page.locator(".govuk-summary-list").inner_text())


class TeamsPage(BasePage):
    path = "/o/{org}/teams/"

    def open_team(self, name: str) -> BasePage:
        self.follow(name)
        return BasePage(self.page)


class EstablishmentPage(BasePage):
    path = "/o/{org}/establishment/"


class WorkforcePage(BasePage):
    """The workforce measures, with the published figures beside them."""

    path = "/o/{org}/workforce/"

    def measure(self, name: str) -> str:
        return str(self.page.locator(f'[data-measure="{name}"]').inner_text())

    def published(self, name: str) -> str:
        return str(self.page.locator(f'[data-published="{name}"]').inner_text())


class BenchmarksPage(BasePage):
    path = "/o/{org}/workforce/benchmarks/"


class CensusPage(BasePage):
    path = "/o/{org}/census/"

    def fix(self, link: str) -> CensusFixPage:
        self.follow(link)
        return CensusFixPage(self.page)


class CensusFixPage(BasePage):
    """The form for exactly the census items a person is missing."""

    def field_count(self, label: str) -> int:
        return int(self.page.get_by_label(label).count())

    def select_code(self, label: str, code: str) -> Self:
        """Choose an option by its census code (its value), not its words."""
        self.page.get_by_label(label).select_option(code)
        return self

    def save(self) -> Self:
        return self.press("Save the census items")


# --- Caseloads, families and the workbook ------------------------------------------------------


class CaseloadsPage(BasePage):
    path = "/o/{org}/caseloads/"

    def open_team(self, name: str) -> TeamBoardPage:
        self.follow(name)
        return TeamBoardPage(self.page)

    @property
    def trend_table_shown(self) -> bool:
        return bool(self.page.locator("#caseload-trend-table").is_visible())

    def chart_label_heights(self) -> list[float]:
        """The height in pixels of each chart label shown."""
        return list(
            self.page.eval_on_selector_all(
                "svg.thrive-chart .thrive-chart__label",
                "els => els.filter(e => getComputedStyle(e).display !== 'none')"
                ".map(e => e.getBoundingClientRect().height)",
            )
        )

    @property
    def legend_shown(self) -> bool:
        return bool(self.page.locator(".thrive-chart-legend").first.is_visible())


class TeamBoardPage(BasePage):
    path = "/o/{org}/caseloads/teams/{team}/"

    @property
    def board(self) -> str:
        return self.text_of("team-board")

    @property
    def leaver_cases(self) -> str:
        return self.text_of("leaver-cases")


class CaseloadPolicyPage(BasePage):
    path = "/o/{org}/caseloads/policy/"


class MyCaseloadPage(BasePage):
    path = "/o/{org}/caseloads/mine/"


class FamiliesPage(BasePage):
    path = "/o/{org}/families/"

    def open_family(self, family_id: str) -> FamilyPage:
        self.follow(f"Family {family_id}")
        return FamilyPage(self.page)


class FamilyPage(BasePage):
    """A family's record: its children, adults and the specialists assigned."""

    def add_adult(self, first_name: str | None, relationship: str | None) -> Self:
        if first_name:
            self.fill("First name", first_name)
        if relationship:
            self.choose(relationship)
        return self.press("Save")

    def assign_specialist(self, who: str | None, as_what: str | None) -> Self:
        if who:
            self.select("Who", who)
        if as_what:
            self.choose(as_what)
        return self.press("Save")

    def name_child(self, child_id: str, first_name: str) -> Self:
        self.follow(f"Details of {child_id}")
        return self.fill("First name (optional)", first_name).press("Save")

    def open_workbook(self) -> WorkbookPage:
        self.follow("Open the workbook")
        return WorkbookPage(self.page)


class AccessLogPage(BasePage):
    path = "/o/{org}/families/access-log/"


class QuickNotePage(BasePage):
    """The workbook's quick note, for a phone between visits."""

    path = "/o/{org}/capture/"

    def write(self, family: str, heading: str, what: str, tools: tuple[str, ...] = ()) -> Self:
        self.select("Family", family, exact=True).fill("Heading (optional)", heading)
        self.fill("What happened", what)
        for tool in tools:
            self.choose(tool)
        return self

    def save_draft(self) -> Self:
        return self.press("Save as draft")

    def add_to_workbook(self) -> WorkbookPage:
        self.press("Add to the workbook")
        return WorkbookPage(self.page)


class WorkbookPage(BasePage):
    """A family's workbook: a chapter per contributor and the monthly summaries."""

    def chapter(self, name: str) -> str:
        return self.text_of(f"chapter-{name}")

    def write_summary(self) -> MonthlySummaryPage:
        self.follow("Write a monthly summary")
        return MonthlySummaryPage(self.page)


class MonthlySummaryPage(BasePage):
    def enter(
        self,
        *,
        strengths: str | None = None,
        concerns: str | None = None,
        shared: str | None = None,
        direction: str | None = None,
        next_steps: str | None = None,
    ) -> Self:
        for label, value in (("Strengths", strengths), ("Concerns", concerns)):
            if value is not None:
                self.fill(label, value)
        for choice in (shared, direction):
            if choice is not None:
                self.choose(choice)
        if next_steps is not None:
            self.fill("Next steps", next_steps)
        return self

    def save(self) -> Self:
        return self.press("Save the summary")


class AllocatePage(BasePage):
    """The allocation assistant."""

    path = "/o/{org}/caseloads/allocate/"

    def ask(self, *, family_id: str, child_id: str, status: str, team: str) -> Self:
        self.fill("Family ID", family_id).fill("Child 1: case system ID", child_id)
        self.select("Child 1: case status", status).select("Team", team, exact=True)
        return self.press("Show suggestions")

    @property
    def first_suggestion(self) -> str:
        return str(self.page.locator("#suggestions ~ div").first.inner_text())

    def allocate_to_first(self) -> Self:
        self.page.get_by_label("1.", exact=False).first.check()
        return self.press("Allocate", exact=True)


class WorkbookToolsPage(BasePage):
    path = "/o/{org}/workbook/tools/"


# --- Supervision -------------------------------------------------------------------------------


class SupervisionPage(BasePage):
    """A person's supervision: their sessions and the ones they hold."""

    path = "/o/{org}/supervision/"

    def book(self) -> BookSessionPage:
        self.follow("Book a session")
        return BookSessionPage(self.page)

    def open_session(self, name: str) -> SupervisionRecordPage:
        self.page.get_by_role("link", name=name, exact=False).click()
        return SupervisionRecordPage(self.page)


class BookSessionPage(BasePage):
    path = "/o/{org}/supervision/book/"

    def book(self, who: str | None = None, on: Any = None, at: str | None = None) -> Self:
        if who:
            self.select("Who is being supervised", who)
        if on is not None:
            self.enter_date(on.day, on.month, on.year)
        if at:
            self.fill("Start time", at)
        return self.press("Book")

    def write_the_record(self) -> SupervisionRecordPage:
        self.follow("Write the record")
        return SupervisionRecordPage(self.page)


class SupervisionRecordPage(BasePage):
    """A session's record: written and signed by the supervisor, agreed by the supervisee."""

    @property
    def status(self) -> str:
        return self.text_of("record-status")

    def sign(self, wellbeing: str, workload: str, skills: tuple[str, ...] = ()) -> Self:
        self.fill("Wellbeing", wellbeing).fill("Workload", workload, exact=True)
        for skill in skills:
            self.choose(skill)
        return self.press("Save and sign")

    def agree(self, reflections: str) -> Self:
        return self.fill("Your reflections", reflections).press("Agree the record")

    def discuss_family(self, search: str, family: str, what_changed: str) -> Self:
        """Find a family by part of its name, tick it, and say what has changed: its questions
        are hidden until it is ticked."""
        name = family.split(":")[0]
        question = self.page.get_by_label(f"{name}: what has changed for the family, and why")
        assert question.is_hidden()
        self.fill("Search Families discussed: type part of a name or ID", search)
        # The search keeps on screen only the families it matches (and any already ticked).
        shown = self.picker_shown(unticked=True)
        assert shown and all(search.lower() in f.lower() for f in shown), shown
        self.choose(family, exact=True)
        assert question.is_visible()
        question.fill(what_changed)
        return self


class DebriefPage(BasePage):
    """The record of a debrief after an incident."""

    path = "/o/{org}/supervision/sessions/{session}/record/"

    def save(self) -> Self:
        return self.press("Save", exact=True)


class CompliancePage(BasePage):
    path = "/o/{org}/supervision/compliance/"

    @property
    def wide_table(self) -> Any:
        """The first table wider than a phone, in its scrolling region."""
        return self.page.locator(".thrive-table-wrapper--wide").first

    @property
    def scroll_hint(self) -> str:
        return str(self.page.locator(".thrive-table-hint:not([hidden])").first.inner_text())


class SupervisionPolicyPage(BasePage):
    path = "/o/{org}/supervision/policy/"

    def save_rule(self) -> Self:
        return self.press("Save the rule")


class SupervisionRecordsPage(BasePage):
    path = "/o/{org}/supervision/records/"


# --- Learning and CPD --------------------------------------------------------------------------


class CataloguePage(BasePage):
    path = "/o/{org}/learning/"

    @property
    def recommended(self) -> str:
        return self.text_of("recommended")

    def open_recommended(self, title: str) -> LearningItemPage:
        self.page.locator("#recommended").get_by_role("link", name=title).click()
        return LearningItemPage(self.page)


class LearningItemPage(BasePage):
    def book_a_place(self) -> Self:
        return self.press("Book a place")


class MyLearningPage(BasePage):
    path = "/o/{org}/learning/mine/"

    @property
    def questionnaires(self) -> str:
        return self.text_of("questionnaires")


class CpdPage(BasePage):
    path = "/o/{org}/cpd/"

    def add_record(self, what: str) -> Self:
        self.follow("Add a CPD record")
        return self.fill("What it was", what).press("Save")


class ExchangePlacesPage(BasePage):
    """The places a partner organisation is offered."""

    path = "/o/{org}/learning/exchange/places/"

    def book_a_place(self) -> Self:
        return self.press("Book a place")


class NeedsPage(BasePage):
    path = "/o/{org}/learning/needs/"

    def record_need(self) -> Self:
        return self.press("Record the need")


class FeedbackPage(BasePage):
    def send(self) -> Self:
        return self.press("Send feedback")


class QuestionnairePage(BasePage):
    def send(self) -> Self:
        return self.press("Send my answers")


class ExchangePage(BasePage):
    """The multi-agency training exchange and its ledger."""

    path = "/o/{org}/learning/exchange/"


class LearningItemFormPage(BasePage):
    """Adding a learning item (or, at ``/items/{item}/change/``, changing one)."""

    path = "/o/{org}/learning/new/"


class FeedbackReportPage(BasePage):
    path = "/o/{org}/learning/feedback/"


class ChampionsPage(BasePage):
    path = "/o/{org}/learning/champions/"


class ChampionPage(BasePage):
    """A training champion's own page."""

    path = "/o/{org}/learning/champion/"


class TeamLearningPage(BasePage):
    """Mandatory learning gaps by team."""

    path = "/o/{org}/learning/team/"


class TeamCpdPage(BasePage):
    path = "/o/{org}/cpd/team/"


class CpdRulesPage(BasePage):
    path = "/o/{org}/cpd/rules/"


class LearningSessionPage(BasePage):
    """A session as its organiser manages it (and ``cancel/`` beneath it)."""

    path = "/o/{org}/learning/sessions/{session}/"


class LearningItemPages(BasePage):
    """An item's change, new-session and withdraw pages, by the last part of the address."""

    path = "/o/{org}/learning/items/{item}/{action}/"


class ProgrammesPage(BasePage):
    path = "/o/{org}/learning/programmes/"


class ProgrammePage(BasePage):
    """A programme (and ``report/`` beneath it)."""

    path = "/o/{org}/learning/programmes/{programme}/"

    def add_participant(self, name: str) -> Self:
        """Find *name* with the picker's search (part of the name), tick them and add them: the
        search keeps on screen only the people it matches."""
        everyone = self.picker_shown()
        part = name.split()[-1]
        self.fill("Search Who joins: type part of a name or ID", part)
        shown = self.picker_shown()
        assert shown and all(part.lower() in p.lower() for p in shown), shown
        assert len(shown) < len(everyone) or len(everyone) == 1
        self.page.get_by_label(name, exact=False).first.check()
        return self.press("Add participants")
