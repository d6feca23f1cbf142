from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo region's seeder: no models or pages, only the ``thrive seed demo`` command."""

    name = "thrive.demo"
    label = "demo"
    verbose_name = "Demo data"
