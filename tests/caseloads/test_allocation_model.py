"""Allocation belongs to caseloads now; its table (and so every row) stayed where it was."""

from __future__ import annotations

from django.apps import apps

from thrive.caseloads.models import Allocation


def test_allocation_is_a_caseloads_model_on_its_old_table() -> None:
    assert Allocation._meta.app_label == "caseloads"
    assert Allocation._meta.db_table == "people_allocation"
    assert apps.get_model("caseloads", "Allocation") is Allocation
    assert "allocation" not in apps.get_app_config("people").models


def test_migrations_leave_the_table_and_its_rows_alone() -> None:
    from django.db.migrations import SeparateDatabaseAndState
    from django.db.migrations.loader import MigrationLoader
    from django.test import override_settings

    # The suite builds its databases without migrations (pyproject.toml); read the real ones.
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None)
    moves = (("people", "0004_allocation_moved_to_caseloads"), ("caseloads", "0005_allocation"))
    for app, name in moves:
        migration = loader.get_migration(app, name)
        (operation,) = migration.operations
        assert isinstance(operation, SeparateDatabaseAndState)
        assert operation.database_operations == []
