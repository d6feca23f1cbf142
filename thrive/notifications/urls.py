from django.urls import path

from thrive.notifications import views

app_name = "notifications"

urlpatterns = [
    path("o/<str:org_code>/gov-uk-notify/", views.notify_settings, name="notify_settings"),
    path("o/<str:org_code>/messages-sent/", views.outbox, name="outbox"),
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/settings/", views.my_settings, name="my_settings"),
    path("calendar/invitation/<str:token>.ics", views.invitation_file, name="invitation_file"),
]
