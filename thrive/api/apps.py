from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "thrive.api"
    url_prefix = "api/"
    label = "api"
    verbose_name = "API"
