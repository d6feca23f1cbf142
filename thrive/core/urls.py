from django.urls import path

from thrive.accounts import views_grants
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
    path(
        "o/<str:org_code>/users/approvals/", views_grants.grant_approvals, name="grant_approvals"
    ),
    path(
        "o/<str:org_code>/users/approvals/<int:grant_id>/",
        views_grants.grant_decide,
        name="grant_decide",
    ),
    path("o/<str:org_code>/break-glass/", views_grants.break_glass, name="break_glass"),
    path(
        "o/<str:org_code>/break-glass/uses/",
        views_grants.break_glass_uses,
        name="break_glass_uses",
    ),
]
