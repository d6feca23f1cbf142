from django.apps import AppConfig


class CaseloadsConfig(AppConfig):
    name = "thrive.caseloads"
    label = "caseloads"
    verbose_name = "Caseloads"
