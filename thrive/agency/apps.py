from django.apps import AppConfig


class AgencyConfig(AppConfig):
    name = "thrive.agency"
    label = "agency"
    verbose_name = "Agency and cover"
