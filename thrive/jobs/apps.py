from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "thrive.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
