from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "thrive.privacy"
    label = "privacy"
    verbose_name = "Data protection"
