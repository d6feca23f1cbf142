from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "thrive.supervision"
    label = "supervision"
    verbose_name = "Supervision"
