from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "thrive.engagement"
    label = "engagement"
    verbose_name = "Engagement and wellbeing"
