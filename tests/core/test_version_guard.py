"""A guard (issue 14): every page and API endpoint that changes an existing record carries the
version the user saw, so two people editing at once never overwrite each other. In every app, a
view that takes a record's ID and handles a POST (a function view in ``views*.py`` or a
``views/`` package; an API view's ``post``/``put``/``patch`` in ``apis*.py``) must pass a version
to its service, or be listed here with why it needs none.

The sweep reads the code, so a new view is checked without being listed: "version" must appear
in the view's source (``seen_version(request)``, a form's hidden ``version`` field, an API
serializer's ``VersionField``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "thrive"

# Views that take a record's ID and post but overwrite nothing someone else may be editing: they
# add a new record (a duplicate refused by the service), act on the signed-in person's own
# things once, or take a one-way step with nothing typed (send for approval, close, publish),
# which the service refuses once the record has moved on.
NO_VERSION_NEEDED = {
    # caseloads
    "adult_add": "adds an adult to the family (a new record)",
    "specialist_assign": "adds an assignment (a duplicate is refused under the family's lock)",
    # academy
    "cohort": "plans the cohort's recall days once (refused when already planned)",
    "evidence_add": "adds a piece of evidence to a portfolio (a new record)",
    "course": "plans a course's sessions and books the cohort (new records; those booked kept)",
    # engagement
    "survey_answer": "the person's own response, once (a second is refused)",
    "survey_detail": "sends reminders to those yet to answer (changes no record's fields)",
    "stay_add": "records a stay conversation (a new record)",
    "exit_add": "records an exit conversation (a new record)",
    "action_add": "adds an action to a theme (a new record)",
    # learning
    "session_new": "adds a session to a learning item (a new record)",
    "feedback": "the attendee's own feedback, once (a second is refused)",
    "item_detail": "books or nominates (new bookings, duplicates refused); publishing is a "
    "one-way step refused once published",
    "programme": "adds participants and questions (new records)",
    "questionnaire": "the participant's own answers, once (refused under the invitation's lock)",
    # recruitment
    "application_add": "records an application (a new record)",
    "vacancy_panels": "sets up a panel (a new record)",
    "score_sheet": "the panellist's own scores, sent whole once (refused under the panel's lock)",
    "job_apply": "a candidate's application from the public site (a new record)",
    "vacancy_approve": "a one-way step (approve) refused under the vacancy's lock unless it "
    "still awaits approval",
}

# API views (class names) that take a record's ID and post but overwrite nothing.
NO_VERSION_NEEDED_API = {
    "MentoringChoose": "turns the mentee's own open request into a pair (a new record)",
    "MentoringMeetingAdd": "adds a meeting to a mentoring pair (a new record)",
    "BookingCancel": "cancels one's own booking, a one-way step refused once cancelled",
    "PanelScores": "the panellist's own scores, sent whole once (refused under the panel's lock)",
    "ReferralPay": "records a referral's reward paid, once (refused when already paid)",
    "InterestInvite": "invites a registration to apply (refused under its lock unless confirmed "
    "and not withdrawn)",
}


def _takes_a_record(fn: ast.FunctionDef, skip: int) -> bool:
    return any(a.arg == "pk" or a.arg.endswith("_pk") for a in fn.args.args[skip:])


def _view_files() -> list[Path]:
    return sorted(set(ROOT.rglob("views*.py")) | set(ROOT.rglob("views/*.py")))


def _views_without_a_version() -> list[str]:
    found = []
    for path in _view_files():
        text = path.read_text()
        for fn in ast.parse(text).body:
            if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("_"):
                continue
            source = ast.get_source_segment(text, fn) or ""
            posts = any(word in source for word in ("POST", "_record_form(", "form_submit("))
            if _takes_a_record(fn, 1) and posts and "version" not in source:
                found.append(fn.name)
    return found


def _api_views_without_a_version() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("apis*.py")):
        text = path.read_text()
        for cls in ast.parse(text).body:
            if not isinstance(cls, ast.ClassDef):
                continue
            writes = [
                fn
                for fn in cls.body
                if isinstance(fn, ast.FunctionDef) and fn.name in ("post", "put", "patch")
            ]
            source = ast.get_source_segment(text, cls) or ""
            if any(_takes_a_record(fn, 2) for fn in writes) and "version" not in source:
                found.append(cls.name)
    return found


def test_pages_changing_a_record_carry_its_version() -> None:
    missing = sorted(set(_views_without_a_version()) - set(NO_VERSION_NEEDED))
    assert not missing, (
        f"{missing} change a record without the version the user saw: pass "
        "version=seen_version(request) (or the form's version field) to the service, or list "
        "the view in NO_VERSION_NEEDED with why"
    )


def test_api_writes_to_a_record_carry_its_version() -> None:
    missing = sorted(set(_api_views_without_a_version()) - set(NO_VERSION_NEEDED_API))
    assert not missing, (
        f"{missing} change a record without the version the caller read: add a VersionField "
        "to the serializer and pass it to the service, or list the endpoint in "
        "NO_VERSION_NEEDED_API with why"
    )


def test_the_guard_sees_the_views_it_exempts() -> None:
    """The exemptions are real views the sweep finds (a renamed view must leave the list)."""
    assert set(NO_VERSION_NEEDED) <= set(_views_without_a_version())
    assert set(NO_VERSION_NEEDED_API) <= set(_api_views_without_a_version())


def test_the_guard_covers_every_area() -> None:
    """The sweep reaches the views of every app, packages of views included (a guard that
    read only some areas' files would pass on the rest)."""
    areas = {p.relative_to(ROOT).parts[0] for p in _view_files()}
    assert {
        "academy",
        "agency",
        "caseloads",
        "engagement",
        "learning",
        "recruitment",
        "supervision",
        "workbook",
    } <= areas
