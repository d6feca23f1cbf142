from django.apps import AppConfig


class AcademyConfig(AppConfig):
    name = "thrive.academy"
    label = "academy"
    verbose_name = "Academy"
