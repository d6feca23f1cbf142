from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "thrive.core"
    label = "core"
    verbose_name = "Thrive core"
