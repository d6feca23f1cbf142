"""A guard (issue 14): every page and API endpoint that changes an existing record carries the
version the user saw, so two people editing at once never overwrite each other. In every app, a
view that takes a record's ID and handles a POST (a function view in ``views*.py`` or a
``views/`` package; an API view's ``post``/``put``/``patch`` in ``apis*.py``) must pass a version
to its service, or be listed here with why it needs none.

The sweep reads the code, so a new view is checked without being listed: "version" must appear
in the view's source (``seen_version(request)``, a form's hidden ``version`` field, an API
serializer's ``VersionField``).

On the API the version is required (a breaking change of 2026-12, ``docs/api.md``): every
endpoint that changes an existing record — one taking a record's ID in its path, or one whose
input names the record in its body and carries a version — must read it through a serializer
whose ``version`` is a required :class:`~thrive.api.changes.VersionField`, so a client that sends
none gets ``400`` naming the field instead of overwriting.

On the ``thrive`` command too (the same breaking change, ``docs/cli.md``): every command that
changes an existing versioned record — read from the CLI's own parser, each command's function
read for the Thrive services it calls that take a ``version`` — requires ``--version`` and passes
it on (never the record's own version, read just before, which would let any change through).
Left out, the command stops naming ``--version`` and nothing changes."""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rest_framework import serializers

from thrive.api.changes import VersionField

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
    "applications_import": "imports a file of applications to the vacancy: all or nothing, "
    "matched on the candidate's reference, the same file again changing nothing (no record's "
    "form is edited)",
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
# Endpoints that create a record or correct one: the version is needed only to correct, so it is
# optional in the serializer and the service refuses a correction that does not name it.
VERSION_ONLY_TO_CORRECT = {
    "HomeHoursWorked": "records a week (a new record, no version to send); correcting a week "
    "already recorded is refused by rota_hours_record unless it names that week's version "
    "(tests/agency/test_rota_api.py)",
    "PanelModeration": "the chair's first agreed scores and outcome for a candidate are a new "
    "record (no version to send); changing them is refused by candidate_moderate unless it "
    "names the outcome's version (tests/recruitment/test_moderation.py)",
}
# Endpoints that read their body with the serializer of the kind of record the path names, from
# a table in their module: every serializer in the table must require the version.
VERSION_BY_KIND = {"SaferRecord": "WRITERS"}


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


def _api_files() -> list[Path]:
    return sorted(set(ROOT.rglob("apis*.py")) | set(ROOT.rglob("apis/*.py")))


def _api_views_without_a_version() -> list[str]:
    found = []
    for path in _api_files():
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


def _module_of(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _named(func: ast.expr, *names: str) -> bool:
    """``_valid(...)`` or ``self.valid(...)``."""
    if isinstance(func, ast.Name):
        return func.id in names
    return isinstance(func, ast.Attribute) and func.attr in names


def _write_serializers(module: object, cls: ast.ClassDef) -> tuple[bool, list[type]]:
    """Whether the class's ``post``/``put``/``patch`` takes a record's ID, and the serializer
    classes those methods read the request with (``X(data=...)``, ``self.valid(X)``,
    ``_valid(X, request)``, ``managed_body(self, X)``, ``self.get_serializer(data=...)``: the
    class's ``serializer_class``)."""
    takes_a_record = False
    names: set[str] = set()
    for fn in cls.body:
        if not (isinstance(fn, ast.FunctionDef) and fn.name in ("post", "put", "patch")):
            continue
        takes_a_record |= _takes_a_record(fn, 2)
        for call in ast.walk(fn):
            if not isinstance(call, ast.Call):
                continue
            with_data = any(k.arg == "data" for k in call.keywords)
            if isinstance(call.func, ast.Name) and with_data:
                names.add(call.func.id)
            elif _named(call.func, "_valid", "valid") and call.args:
                first = call.args[0]
                names |= {first.id} if isinstance(first, ast.Name) else set()
            elif _named(call.func, "managed_body") and len(call.args) > 1:
                # ``managed_body(self, X)``: a home's rota write reads its body with X.
                second = call.args[1]
                names |= {second.id} if isinstance(second, ast.Name) else set()
            elif isinstance(call.func, ast.Attribute) and call.func.attr == "get_serializer":
                names.add("serializer_class")
    found = [getattr(module, n, None) for n in sorted(names - {"serializer_class"})]
    if "serializer_class" in names:
        found.append(getattr(module, cls.name).serializer_class)
    return takes_a_record, [
        c for c in found if isinstance(c, type) and issubclass(c, serializers.BaseSerializer)
    ]


def _api_changes_with_an_optional_version() -> list[str]:
    """Change endpoints (not exempt) whose input has no required ``VersionField``."""
    found = []
    for path in _api_files():
        text = path.read_text()
        module = importlib.import_module(_module_of(path))
        for cls in ast.parse(text).body:
            if not isinstance(cls, ast.ClassDef) or cls.name in NO_VERSION_NEEDED_API:
                continue
            if cls.name in VERSION_ONLY_TO_CORRECT:
                _, used = _write_serializers(module, cls)
                assert any("version" in serializer().fields for serializer in used), cls.name
                continue
            if cls.name in VERSION_BY_KIND:
                for kind, (serializer, _) in getattr(module, VERSION_BY_KIND[cls.name]).items():
                    field = serializer().fields.get("version")
                    if not (isinstance(field, VersionField) and field.required):
                        found.append(f"{path.relative_to(ROOT.parent)}:{cls.name}[{kind}]")
                continue
            if not any(
                isinstance(f, ast.FunctionDef) and f.name in ("post", "put", "patch")
                for f in cls.body
            ):
                continue
            takes_a_record, used = _write_serializers(module, cls)
            versions = [
                field
                for serializer in used
                for name, field in serializer().fields.items()
                if name == "version" and not field.read_only
            ]
            if not (takes_a_record or versions):
                continue
            if not any(isinstance(f, VersionField) and f.required for f in versions):
                found.append(f"{path.relative_to(ROOT.parent)}:{cls.name}")
    return found


def test_api_changes_require_the_version() -> None:
    """A client that sends no version is refused, never let through to overwrite."""
    missing = _api_changes_with_an_optional_version()
    assert not missing, (
        f"{missing} accept a change without a version: read it through a serializer with "
        "version = VersionField() (required), or list the endpoint in NO_VERSION_NEEDED_API "
        "with why"
    )


def test_the_api_sweep_finds_the_change_endpoints() -> None:
    """The sweep sees endpoints that name their record in the path and in the body alike."""
    seen = set()
    for path in _api_files():
        module = importlib.import_module(_module_of(path))
        for cls in ast.parse(path.read_text()).body:
            if isinstance(cls, ast.ClassDef):
                takes, used = _write_serializers(module, cls)
                if takes or any("version" in s().fields for s in used):
                    seen.add(cls.name)
    assert {"ChannelChange", "HomeSwaps", "HomeRotaWorkerPattern", "ProgressionReopen"} <= seen
    assert {"PanelMove", "VacancyKind", "ApplicationMove"} <= seen
    assert {"LearningSessionCancel", "SupervisionSessionMove", "DropInWithdraw"} <= seen


def test_a_missing_version_is_refused_naming_the_field() -> None:
    from thrive.api.changes import VERSION_REQUIRED, CancelSerializer

    for data in ({"reason": "Ill"}, {"reason": "Ill", "version": None}):
        form = CancelSerializer(data=data)
        assert not form.is_valid()
        assert form.errors == {"version": [VERSION_REQUIRED]}
    assert VERSION_REQUIRED.startswith("version is required")


# --- the thrive command -----------------------------------------------------------------------

# Commands that call a service taking a version but change no existing record someone may be
# editing.
CLI_NO_VERSION_NEEDED: dict[str, str] = {}
# Commands that create records and correct them: the version is needed only to correct, so the
# option is optional and the service (or the command, before it) refuses a correction without it.
CLI_VERSION_ONLY_TO_CORRECT = {
    "rota hours": "records weeks (new records); correcting a week already recorded is refused by "
    "rota_hours_record unless --version or the file's version column names it "
    "(tests/agency/test_rota_hours_worked.py)",
    "report ofsted": "--save-commentary adds the day's sentences; replacing one saved for that "
    'day needs {"text": ..., "version": N} in the file, else refused naming the version '
    "(tests/intelligence/test_pack_commentary.py)",
    "org sso": "show changes nothing; passwords-on and off are refused without --version, "
    "naming it, before anything changes",
}
# A record's own version passed as the one the person saw: the check could never fail.
READ_OWN_VERSION = re.compile(r"\bversions?=(?!args\.version\b)[\w.]+\.version\b")


def _cli_commands() -> dict[str, tuple[argparse.ArgumentParser, Callable[..., int]]]:
    from tests.cli.test_as_every_command import _subcommands, cli_parser

    return {
        " ".join(path): (sub, sub.get_default("func"))
        for path, sub in _subcommands(cli_parser())
        if sub.get_default("func") is not None
    }


def _versioned_services(func: Callable[..., int]) -> list[str]:
    """The Thrive functions *func* calls (imported in its body or its module) that take a
    ``version`` or ``versions``: the changes it makes to versioned records."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    names: dict[str, Any] = dict(func.__globals__)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("thrive."):
            module = importlib.import_module(str(node.module))
            for alias in node.names:
                names[alias.asname or alias.name] = getattr(module, alias.name, None)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called = names.get(node.func.id)
            if not callable(called) or not getattr(called, "__module__", "").startswith("thrive"):
                continue
            try:
                params = inspect.signature(called).parameters
            except (TypeError, ValueError):
                continue
            if {"version", "versions"} & set(params):
                found.append(node.func.id)
    return sorted(set(found))


def _version_option(sub: argparse.ArgumentParser) -> argparse.Action | None:
    return next((a for a in sub._actions if "--version" in a.option_strings), None)


def _cli_changes() -> dict[str, list[str]]:
    return {
        words: services
        for words, (_, func) in _cli_commands().items()
        if (services := _versioned_services(func))
    }


CLI_CHANGES = _cli_changes()


def test_the_cli_sweep_finds_the_change_commands() -> None:
    assert {
        "learning session-move",
        "supervision session-cancel",
        "recruitment channel-change",
        "recruitment vacancy-kind",
        "academy decline",
        "academy reopen",
        "rota pattern",
        "rota hours",
        "dropins withdraw",
        "org sso",
        "report ofsted",
    } <= set(CLI_CHANGES)
    assert set(CLI_NO_VERSION_NEEDED) | set(CLI_VERSION_ONLY_TO_CORRECT) <= set(CLI_CHANGES)


def test_cli_changes_require_the_version_and_pass_it_on() -> None:
    commands = _cli_commands()
    wrong = []
    for words, services in CLI_CHANGES.items():
        if words in CLI_NO_VERSION_NEEDED:
            continue
        sub, func = commands[words]
        source = inspect.getsource(func)
        option = _version_option(sub)
        if READ_OWN_VERSION.search(source):
            wrong.append(f"{words}: passes the record's own version to {services}")
        if words in CLI_VERSION_ONLY_TO_CORRECT:
            if option is None and "version" not in source.replace("versions=", ""):
                wrong.append(f"{words}: takes no version at all")
            continue
        if option is None or not option.required:
            wrong.append(f"{words}: --version is {'optional' if option else 'missing'}")
        elif "args.version" not in source:
            wrong.append(f"{words}: does not pass --version to {services}")
    assert not wrong, (
        f"{wrong}: a command that changes an existing record takes --version with "
        "add_version_option (or add_change_options) and passes args.version to the service, "
        "or is listed in CLI_NO_VERSION_NEEDED / CLI_VERSION_ONLY_TO_CORRECT with why"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "words",
    sorted(
        w
        for w in CLI_CHANGES
        if w not in CLI_NO_VERSION_NEEDED and w not in CLI_VERSION_ONLY_TO_CORRECT
    ),
)
def test_a_cli_change_without_a_version_stops_naming_it(
    words: str, org: Any, tmp_path: Path, capsys: Any
) -> None:
    """Run for real with every other argument filled in: a usage error naming --version, before
    anything is read or changed."""
    from tests.cli.test_as_every_command import argv_for
    from thrive.cli import main

    sub, _ = _cli_commands()[words]
    argv = argv_for(words, sub, org, tmp_path)
    at = argv.index("--version")
    del argv[at : at + 2]
    if any("--as" in a.option_strings for a in sub._actions):
        argv += ["--as", "someone@example.test"]
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert "the following arguments are required: --version" in capsys.readouterr().err
