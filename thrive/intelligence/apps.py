from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "thrive.intelligence"
    label = "intelligence"
    verbose_name = "Workforce intelligence"
