from django.urls import path

from thrive.notifications import views

app_name = "notifications"

urlpatterns = [
    path("o/<str:org_code>/gov-uk-notify/", views.notify_settings, name="notify_settings"),
    path("o/<str:org_code>/messages-sent/", views.outbox, name="outbox"),
]
