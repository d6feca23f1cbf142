from django.urls import path

from thrive.core import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="home"),
    path("councils/", views.switch_organisation, name="switch"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("o/<str:org_code>/", views.org_home, name="org_home"),
    path("o/<str:org_code>/council/", views.organisation_detail, name="organisation"),
    path("o/<str:org_code>/users/", views.users, name="users"),
    path(
        "o/<str:org_code>/users/<int:assignment_id>/revoke/",
        views.user_role_revoke,
        name="user_role_revoke",
    ),
    path("o/<str:org_code>/audit/", views.audit, name="audit"),
]
