import sys
from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


class IntelligenceConfig(AppConfig):
    name = "thrive.intelligence"
    label = "intelligence"
    verbose_name = "Workforce intelligence"

    def ready(self) -> None:
        post_migrate.connect(load_published_on_migrate, sender=self)


def load_published_on_migrate(
    sender: AppConfig, *, using: str, verbosity: int = 1, **kwargs: Any
) -> None:
    """A new deployment has the published figures without a step: ``migrate`` loads the package
    that ships with Thrive (once per package version; see ``benchmarks_load_shipped``).

    Only ``migrate`` sends a ``plan``; ``flush`` (which empties the database on purpose, as the
    tests do) does not, and nothing is loaded then. Nor while migrations remain unapplied (a
    migration to an earlier state): the tables may not match the models yet.
    """
    if kwargs.get("plan") is None or using != DEFAULT_DB_ALIAS:
        return
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    from thrive.intelligence.benchmarks import benchmarks_load_shipped

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    loads = benchmarks_load_shipped(only_if_missing=True)
    out = kwargs.get("stdout") or sys.stdout
    if verbosity >= 1:
        for load in loads:
            out.write(
                f"  Loaded the published {load.kind} figures that ship with Thrive "
                f"({load.filename}, {load.rows} rows).\n"
            )
