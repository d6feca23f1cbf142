from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "thrive.supervision"
    label = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        from thrive.supervision import signals  # noqa: F401
