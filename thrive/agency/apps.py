from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "thrive.agency"
    label = "agency"
    verbose_name = "Agency and cover"

    def ready(self) -> None:
        # The register's `thrive import KIND` finds its importers in one table; add ours to it.
        from thrive.agency.imports import AgencyCapsImporter, PlacementsImporter
        from thrive.people.imports.registry import IMPORTERS

        IMPORTERS.setdefault("placements", PlacementsImporter)
        IMPORTERS.setdefault("agency_caps", AgencyCapsImporter)
