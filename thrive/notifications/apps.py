from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "thrive.notifications"
    label = "notifications"
    verbose_name = "Notifications"
