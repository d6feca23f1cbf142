from django.urls import path

from thrive.caseloads import views, views_allocate, views_families

app_name = "caseloads"

urlpatterns = [
    path("o/<str:org_code>/caseloads/", views.overview, name="overview"),
    path("o/<str:org_code>/caseloads/mine/", views.mine, name="mine"),
    path("o/<str:org_code>/caseloads/teams/<int:pk>/", views.team_board, name="team"),
    path("o/<str:org_code>/caseloads/policy/", views.policy, name="policy"),
    path("o/<str:org_code>/families/", views_families.families, name="families"),
    path("o/<str:org_code>/families/<int:pk>/", views_families.family, name="family"),
    path(
        "o/<str:org_code>/families/<int:pk>/adults/new/",
        views_families.adult_add,
        name="adult_add",
    ),
    path(
        "o/<str:org_code>/families/<int:pk>/children/<int:member_pk>/status/",
        views_families.child_status,
        name="child_status",
    ),
    path(
        "o/<str:org_code>/families/<int:pk>/children/<int:member_pk>/details/",
        views_families.child_details,
        name="child_details",
    ),
    path(
        "o/<str:org_code>/families/<int:pk>/specialists/new/",
        views_families.specialist_assign,
        name="specialist_assign",
    ),
    path(
        "o/<str:org_code>/families/<int:pk>/specialists/<int:assignment_pk>/end/",
        views_families.specialist_end,
        name="specialist_end",
    ),
    path("o/<str:org_code>/caseloads/allocate/", views_allocate.allocate_new, name="allocate_new"),
    path(
        "o/<str:org_code>/families/<int:pk>/allocate/",
        views_allocate.allocate_family,
        name="allocate_family",
    ),
    path("o/<str:org_code>/families/access-log/", views_families.access_log, name="access_log"),
    path("o/<str:org_code>/caseloads/policy/new/", views.policy_add, name="policy_add"),
    path(
        "o/<str:org_code>/caseloads/policy/new/check/",
        views.policy_add_check,
        name="policy_add_check",
    ),
]
