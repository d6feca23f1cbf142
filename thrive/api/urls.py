from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thrive.api import views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", views.MeView.as_view(), name="me"),
    path("organisations/", views.OrganisationList.as_view(), name="organisations"),
    path(
        "organisations/<str:org_code>/",
        views.OrganisationDetail.as_view(),
        name="organisation",
    ),
    path(
        "organisations/<str:org_code>/measures/",
        views.MeasuresView.as_view(),
        name="measures",
    ),
    path("organisations/<str:org_code>/staff/", views.StaffList.as_view(), name="staff"),
    path(
        "organisations/<str:org_code>/caseloads/teams/<int:pk>/",
        views.TeamCaseloads.as_view(),
        name="team_caseloads",
    ),
]
