"""Every form fuzzed (issue 14, item 6): for every view in the URL conf that builds a Django form,
hypothesis posts hostile values for each of the form's fields — text with markup and control
characters, numbers out of range and not numbers at all, IDs that are not numbers or name no
record, dates that do not exist, empty values — signed in as someone who may use the form, to the
seeded council's records (tests/security/conftest.py).

No answer may be a server error; an answer that is not a redirect (the form shown again with its
errors, or a refusal) must have written nothing: no row added, removed or changed (every column of
every row compared, versions included) in any of Thrive's tables but the audit trail, which records
refusals and reads.

The fields are the form class's own plus every input the page shows (forms that add fields for the
council, such as the caseload policy's weights). The run is repeatable: hypothesis derandomised, a
bounded number of examples per form, no example database."""

from __future__ import annotations

import hashlib
import inspect
import re
import types
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.security.conftest import Council, elsewhere, role_user
from tests.security.urls import AREAS, Route, area_values, routes, url_for
from thrive.core.forms import GovukDateField
from thrive.core.models import AuditEvent
from thrive.core.permissions import access_for
from thrive.core.roles import Role

EXAMPLES = 10  # per form
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=list(HealthCheck),
)

# Views the fuzzer does not post to, with why.
NOT_FUZZED = {
    "accounts:logout": "signs out: no form",
    "accounts:login": "sign-in is throttled and tested in tests/accounts/test_throttling.py",
}

# Views whose accepted form answers 200 rather than a redirect, with why: the no-write check
# cannot tell accepted from refused there.
ANSWERS_200_WHEN_ACCEPTED = {
    "accounts:account": "a new API token is shown once, on the page itself",
}

NASTY_TEXT = [
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "\u202e\u0000\ufeff",
    "💥" * 40,
    "x" * 5000,
    "%s%n{0}",
    "../../etc/passwd",
]
NASTY_NUMBERS = [
    "",
    "-1",
    "0",
    "1",
    "2",
    "1.5",
    "-0.0001",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "9223372036854775808",
    "abc",
    "0x10",
    " 7 ",
]
NASTY_DATES = ["", "2026-02-30", "0000-00-00", "9999-12-31", "31/12/2026", "yesterday", "1-1-1"]
NASTY_DATE_PARTS = ["", "0", "1", "29", "31", "32", "2", "13", "-1", "abc", "1899", "2026", "2101"]


def _text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=40))


def _number() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_NUMBERS), st.integers().map(str))


def _choices(field: forms.Field) -> list[str]:
    choices = getattr(field, "choices", None)
    if isinstance(field, forms.ModelChoiceField) or choices is None:
        return []
    try:
        return [str(value) for value, _ in choices if value not in ("", None)][:20]
    except (TypeError, ValueError):
        return []


def _strategies(name: str, field: forms.Field | None) -> dict[str, st.SearchStrategy[Any]]:
    """The values posted for one field: under its own name, or its date parts' names."""
    if isinstance(field, GovukDateField):
        return {f"{name}_{i}": st.sampled_from(NASTY_DATE_PARTS) for i in range(3)}
    if isinstance(field, forms.BooleanField):
        value: st.SearchStrategy[Any] = st.sampled_from(["on", "", "false", "yes", "2"])
    elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        one = st.one_of(st.sampled_from(_choices(field) or ["1"]), _number(), _text())
        value = st.lists(one, max_size=4)
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        value = st.one_of(st.sampled_from(_choices(field) or [""]), _number(), _text())
    elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        value = _number()
    elif isinstance(field, forms.DateField | forms.DateTimeField):
        value = st.one_of(st.sampled_from(NASTY_DATES), _text())
    elif isinstance(field, forms.TimeField):
        value = st.sampled_from(["", "25:00", "10:61", "noon", "10:00", "-1:00", "9"])
    elif isinstance(field, forms.FileField):
        value = st.sampled_from(["", "not a file"])
    else:
        value = st.one_of(_text(), _number())
    return {name: value}


def _form_classes(view: Any) -> list[type[forms.BaseForm]]:
    """The Django form classes a view's own code names (directly or through a module)."""
    fn = inspect.unwrap(view)
    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    names: set[str] = set()
    stack = [code]
    seen: set[Any] = set()
    while stack:  # the view's code, functions defined inside it, and its module's helpers it calls
        c = stack.pop()
        if c in seen:
            continue
        seen.add(c)
        names |= set(c.co_names)
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
        for name in c.co_names:
            helper = fn.__globals__.get(name)
            if isinstance(helper, types.FunctionType) and helper.__module__ == fn.__module__:
                stack.append(helper.__code__)
    found: list[type[forms.BaseForm]] = []
    for name in sorted(names):
        obj = fn.__globals__.get(name)
        candidates = [obj]
        if isinstance(obj, types.ModuleType):
            candidates = [getattr(obj, n, None) for n in sorted(names)]
        for c in candidates:
            if (
                isinstance(c, type)
                and issubclass(c, forms.BaseForm)
                and c.__module__.startswith("thrive.")
                and c not in found
            ):
                found.append(c)
    return found


def _targets() -> list[tuple[Route, type[forms.BaseForm]]]:
    return [
        (r, form)
        for r in routes()
        if r.name not in NOT_FUZZED and not r.name.startswith("api:")
        for form in _form_classes(r.view)
    ]


TARGETS = _targets()


def _who(council: Council, route: Route) -> tuple[str, Any]:
    """Someone who may use the view: the team's manager, the worker holding the child, the
    specialist, or else a user of the first role holding the view's capability."""
    cap = getattr(route.view, "required_capability", None)
    crew = council.crew
    people = [
        ("the team manager", crew.manager_user),
        ("the worker holding the child", crew.senior_user),
        ("the specialist", crew.asye_user),
    ]
    for who, user in people:
        if cap is None or access_for(user, crew.org).can(cap):
            return who, user
    for role in Role.values:
        user = role_user(council, role)
        if access_for(user, crew.org).can(str(cap)):
            return role, user
    return people[0]


# Django's own wording for a field's problem: on a Thrive form every message names its field.
DJANGO_WORDS = re.compile(
    r"This field is required|Enter a whole number|Enter a number\.|Enter a valid|Ensure this value"
    r"|Ensure that there are no more than|Select a valid choice|Enter a list of values"
    r"|Null characters are not allowed"
)


def framework_words(html: str) -> list[str]:
    """The error messages on *html* (its error summary and fields) in Django's generic words."""
    messages = re.findall(r'class="govuk-error-message"[^>]*>(.*?)</p>', html, re.S)
    messages += re.findall(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    return [m.strip() for m in messages if DJANGO_WORDS.search(m)]


def _page_inputs(client: Client, url: str) -> set[str]:
    page = client.get(url)
    if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
        return set()
    html = page.content.decode("utf-8", "replace")
    names = set(re.findall(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", html))
    return names - {"csrfmiddlewaretoken"}


def _snapshot() -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of every column of every row, in key order."""
    found = {}
    for m in MODELS:
        columns = [f.attname for f in m._meta.concrete_fields]
        rows = list(m._default_manager.order_by("pk").values_list(*columns))
        found[m._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    return found


MODELS = [
    m for m in apps.get_models() if m.__module__.startswith("thrive.") and m is not AuditEvent
]
TABLES = {m._meta.db_table for m in MODELS}
WRITE = re.compile(r"\b(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", re.I)


class WriteWatch:
    """Every statement a request sends to the database (Django's execute wrapper): whether any
    could have changed one of the tables the snapshot compares. When none could, comparing
    snapshots is skipped: it would find nothing (a snapshot reads every row of every table; most
    examples are refused without a write but the audit trail's). SQLite only: on PostgreSQL a
    bulk path may write with COPY, which no wrapper sees, so there every example is compared."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.unsure = connection.vendor != "sqlite"

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        for match in WRITE.finditer(sql):
            self.tables.add(match.group(2))
        return execute(sql, params, many, context)

    def may_have_written(self) -> bool:
        return self.unsure or bool(self.tables & TABLES)


def test_the_fuzzer_finds_the_forms() -> None:
    names = {route.name for route, _ in TARGETS}
    assert len(TARGETS) >= 30, names
    for expected in ("caseloads:adult_add", "supervision:record", "learning:item_new"):
        assert expected in names


def _urls(route: Route, council: Council, other_org: Any) -> list[str]:
    """The URL of the council's record; for recruitment, the academy and agency also the same
    URL with an ID that names nothing and with another council's record's ID (each example
    draws one of them, so the number of posts stays the same)."""
    url = url_for(route, council)
    assert url is not None, route
    if not route.name.startswith(AREAS) or "<int:" not in route.route:
        return [url]
    theirs = url_for(route, council, area_values(route, elsewhere(other_org)))
    code = council.crew.org.code
    missing = "/".join("999999" if p.isdigit() and p != code else p for p in url.split("/"))
    return [url, url, missing, str(theirs)]


@pytest.mark.django_db
@pytest.mark.parametrize("route,form", TARGETS, ids=[f"{r.name}-{f.__name__}" for r, f in TARGETS])
def test_hostile_input_is_never_a_server_error_and_writes_nothing(
    client: Client, council: Council, other_org: Any, route: Route, form: type[forms.BaseForm]
) -> None:
    urls = _urls(route, council, other_org)
    url = urls[0]
    who, user = _who(council, route)
    client.force_login(user)
    fields: dict[str, forms.Field | None] = dict(getattr(form, "base_fields", {}))
    for name in _page_inputs(client, url):
        base = re.sub(r"_[0-2]$", "", name)
        if name not in fields and base not in fields:
            fields[name] = forms.DecimalField() if name.startswith("weight_") else None
    strategies: dict[str, st.SearchStrategy[Any]] = {"version": _number()}
    for name, field in fields.items():
        strategies.update(_strategies(name, field))
    # Each field is sent or left out.
    data_strategy = st.fixed_dictionaries({}, optional=strategies)

    # The tables as they are before each example: taken once, and again after an example the
    # form accepted (an accepted form may write; the next example starts from what it wrote).
    state: dict[str, Any] = {"before": None}

    @FUZZ
    @given(data=data_strategy, asked=st.sampled_from(urls))
    def post(data: dict[str, Any], asked: str) -> None:
        if state["before"] is None:
            state["before"] = _snapshot()
        before = state["before"]
        writes = WriteWatch()
        try:
            with connection.execute_wrapper(writes):
                response = client.post(asked, data)
        except Exception as exc:  # the test client re-raises what would be a 500
            raise AssertionError(
                f"POST {url} as {who} ({form.__name__}) was a server error: {exc!r}\n"
                f"posted: {data!r}"
            ) from exc
        assert response.status_code < 500, (asked, who, data, response.status_code)
        if asked != url:  # no such record here: "not found" (or refused before any lookup)
            assert response.status_code in (403, 404), (asked, who, data, response.status_code)
        accepted = response.status_code in (301, 302, 303)
        if accepted or route.name in ANSWERS_200_WHEN_ACCEPTED:
            state["before"] = None
        elif writes.may_have_written():
            after = _snapshot()
            changed = {
                k: f"{before[k][0]} rows before, {after[k][0]} after"
                + (" (contents changed)" if before[k][0] == after[k][0] else "")
                for k in before
                if before[k] != after.get(k)
            }
            assert not changed, (
                f"POST {url} as {who} answered {response.status_code} but wrote {changed}; "
                f"posted: {data!r}"
            )
        # Each message names its field in Thrive's words, not Django's (issue 13, item 8).
        if not accepted and "html" in response.get("Content-Type", ""):
            generic = framework_words(response.content.decode("utf-8", "replace"))
            assert not generic, (
                f"POST {url} as {who} answered with Django's words {generic}; posted: {data!r}"
            )

    # An empty form to the council's record is always among the examples.
    example(data={}, asked=url)(post)
    post()


@pytest.mark.django_db
def test_the_no_write_check_sees_an_update(council: Council) -> None:
    """A refused form that changed a row in place (same count) is caught, not just new rows."""
    before = _snapshot()
    CpdRecord = apps.get_model("learning", "CpdRecord")
    CpdRecord.objects.filter(pk=council.cpd.pk).update(title="Changed behind the form's back")
    after = _snapshot()
    changed = [k for k in before if before[k] != after[k]]
    assert changed == ["learning.CpdRecord"]
    assert before[changed[0]][0] == after[changed[0]][0]


@pytest.mark.django_db
def test_the_write_watch_sees_a_write_but_not_the_audit_trail(council: Council) -> None:
    """The snapshot is skipped only when no statement could have written a compared table."""
    CpdRecord = apps.get_model("learning", "CpdRecord")
    audit_only, update, raw = WriteWatch(), WriteWatch(), WriteWatch()
    with connection.execute_wrapper(audit_only):
        AuditEvent.objects.filter(pk__lt=0).delete()
        AuditEvent.objects.filter(pk__lt=0).update(action="x")
    with connection.execute_wrapper(update):
        CpdRecord.objects.filter(pk=council.cpd.pk).update(title="Changed")
    with connection.execute_wrapper(raw), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CpdRecord._meta.db_table} WHERE id = -1")
    unsure = connection.vendor != "sqlite"
    assert audit_only.may_have_written() is unsure
    assert update.may_have_written() and raw.may_have_written()


NOT_SEEDED = {
    "agency:rota_publish": "a rota is made by the solver (tests/agency/test_rotas.py); the "
    "fuzzer posts to one that does not exist",
}


def test_the_fuzzer_posts_to_real_records(council: Council) -> None:
    """Every form route's IDs name a record of the seeded council, not "not found" (999999),
    for the areas seeded here."""
    seeded = ("learning:", "caseloads:", "supervision:", "workbook:", "people:", "engagement:")
    missing = [
        route.name
        for route, _ in TARGETS
        if route.name.startswith(seeded + AREAS)
        and route.name not in NOT_SEEDED
        and "999999" in (url_for(route, council) or "")
    ]
    assert not missing, missing


def test_decimal_fields_are_fuzzed_as_numbers() -> None:
    strategies = _strategies("cap", forms.DecimalField(min_value=Decimal(1)))
    assert set(strategies) == {"cap"}
