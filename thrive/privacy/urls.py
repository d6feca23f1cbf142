from django.urls import path

from thrive.privacy import views

app_name = "privacy"

urlpatterns = [
    path("o/<str:org_code>/privacy/subject-access/", views.sar, name="sar"),
    path("o/<str:org_code>/privacy/retention/", views.retention, name="retention"),
]
