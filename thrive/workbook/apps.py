from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "thrive.workbook"
    label = "workbook"
    verbose_name = "Family Safeguarding workbook"

    def ready(self) -> None:
        from thrive.workbook import signals  # noqa: F401
