from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "thrive.learning"
    label = "learning"
    verbose_name = "Learning and development"
