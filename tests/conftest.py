"""Shared fixtures: data is set up through services, as a user would cause it."""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

from tests.clock_readers import reads_clock
from tests.factories import import_known, make_org, make_user

# `seeded_demo`: one seeding of each demo council per session, copied into each test that needs it;
# the slowest tests dealt to the front of each worker's share; what migrate loads put back after a
# transactional test's flush.
pytest_plugins = ["tests.demo_cache", "tests.ordering", "tests.after_flush"]

# Every test runs on a chosen day, never on the calendar day it happens to run: by default
# TEST_TODAY; THRIVE_TEST_TODAY=YYYY-MM-DD moves the whole suite to another day (CI runs the tests
# marked ``calendar`` on the awkward days: 30 Sep, 1 Oct, 1 Dec, 29 Feb, the Makefile's list); a
# test that is about one particular day says so with ``@pytest.mark.today("YYYY-MM-DD")``.
TEST_TODAY = date.fromisoformat(os.environ.get("THRIVE_TEST_TODAY") or "2026-06-17")
# THRIVE_TEST_DAYS="YYYY-MM-DD YYYY-MM-DD ..." runs every test once on each of those days in one
# session (`make test-calendar`): one start-up and one set of test databases for all the days.
SUITE_DAYS = [date.fromisoformat(d) for d in os.environ.get("THRIVE_TEST_DAYS", "").split()]
# The whole-app sweeps (the security tests' crawl, fuzzers and probes; the query counts) build
# dated records but test no date rule: they run once, on the suite's day, never once per awkward
# day (and the security tests share one council per module, built on that day).
ONE_DAY = ("tests/security/", "tests/core/test_query_counts.py")
LONDON = ZoneInfo("Europe/London")

# Property-based tests explore new examples on developers' machines (and keep any failure they
# find in .hypothesis/ to replay); in CI they run a fixed, repeatable set, so a landing never
# depends on luck. A failure found locally becomes an @example in the test.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


def default_day() -> date:
    """The day a test runs on unless THRIVE_TEST_DAYS gives it one of several."""
    return SUITE_DAYS[0] if len(SUITE_DAYS) == 1 else TEST_TODAY


def _reads_today(path: str, function: Any, fixturenames: Any, fixturedefs: Any) -> bool:
    """Whether a test reads today: it asks for the ``today`` fixture, or its code, a function it
    calls or a fixture it uses reads ``thrive.core.clock`` (see ``tests/clock_readers.py``) —
    unless it is one of the whole-app sweeps (``ONE_DAY``)."""
    if any(part in path.replace(os.sep, "/") for part in ONE_DAY):
        return False
    fixtures = [
        (inspect.getsourcefile(d[-1].func), d[-1].func.__name__)
        for d in fixturedefs.values()
        if d and inspect.getsourcefile(d[-1].func) != __file__
    ]
    return (
        "today" in fixturenames
        or (function is not None and reads_clock(path, function.__name__))
        or any(reads_clock(p, name) for p, name in fixtures if p)
    )


def pytest_generate_tests(metafunc: Any) -> None:
    """Each test that reads today once per day of THRIVE_TEST_DAYS, when it names more than one;
    every other test once, on the suite's day (so a run with THRIVE_TEST_DAYS is the whole suite
    with the calendar tests on each awkward day, as CI's PostgreSQL run is)."""
    pinned = metafunc.definition.get_closest_marker("today")
    if (
        len(SUITE_DAYS) > 1
        and "suite_day" in metafunc.fixturenames
        and not pinned
        and _reads_today(
            str(metafunc.definition.fspath),
            metafunc.function,
            metafunc.fixturenames,
            metafunc._arg2fixturedefs,
        )
    ):
        ids = [day.isoformat() for day in SUITE_DAYS]
        metafunc.parametrize("suite_day", SUITE_DAYS, indirect=True, ids=ids)


@pytest.fixture
def suite_day(request: Any) -> date:
    """The suite's day for this test: its THRIVE_TEST_DAYS parameter, or TEST_TODAY (or the one
    day THRIVE_TEST_DAYS names)."""
    return getattr(request, "param", default_day())


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Mark ``calendar`` every test that reads today, unless it is pinned to one day."""
    for item in items:
        if item.get_closest_marker("today"):
            continue
        if _reads_today(
            str(item.fspath),
            getattr(item, "function", None),
            getattr(item, "fixturenames", ()),
            getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {}),
        ):
            item.add_marker(pytest.mark.calendar)


@pytest.fixture(autouse=True)
def frozen_clock(request: Any, suite_day: date) -> Iterator[Any]:
    """The clock for this test: its ``today`` marker's day, or the suite's day, at 10:00 London.

    The clock ticks from there (timeouts and "last used" times still move); ``clock.move_to(...)``
    moves it within a test.
    """
    marker = request.node.get_closest_marker("today")
    day = date.fromisoformat(marker.args[0]) if marker else suite_day
    with time_machine.travel(datetime.combine(day, time(10, 0), tzinfo=LONDON), tick=True) as t:
        yield t


@pytest.fixture
def today(frozen_clock: Any) -> date:
    """The day this test runs on (what ``thrive.core.clock.today()`` answers)."""
    from thrive.core import clock as app_clock

    return app_clock.today()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Each worker's test database, built from the models (``--no-migrations``, pyproject.toml),
    holding what ``migrate`` loads on a new database (the published figures and the agency rule
    sets), as a migrated one does."""
    from tests.after_flush import load_what_migrate_loads

    with django_db_blocker.unblock():
        load_what_migrate_loads()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with nothing cached (a council's id may come back after a rollback)."""
    from thrive.core.cache import forget_all

    forget_all()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db: Any) -> Any:
    return make_org("331", "Coventry")


@pytest.fixture
def other_org(db: Any) -> Any:
    return make_org("330", "Birmingham")


@pytest.fixture
def known(org: Any) -> Any:
    """The known council (tests/data/known: answers worked by hand in its README) imported into
    ``org`` through the register's imports."""
    return import_known(org)


@pytest.fixture
def user_with_role(org: Any) -> Any:
    """Factory fixture: ``user_with_role("team_manager")`` -> a user holding that role in org."""

    def _make(role: str, **kwargs: Any) -> Any:
        return make_user(org, role, **kwargs)

    return _make
