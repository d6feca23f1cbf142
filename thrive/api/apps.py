from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thrive.api"
    label = "api"
    verbose_name = "API"
