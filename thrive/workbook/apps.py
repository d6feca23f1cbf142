from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "thrive.workbook"
    label = "workbook"
    verbose_name = "Family Safeguarding workbook"
