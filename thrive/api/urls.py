from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thrive.api import views, views_caseloads, views_learning, views_supervision

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
        "organisations/<str:org_code>/caseloads/",
        views_caseloads.CaseloadSummary.as_view(),
        name="caseloads",
    ),
    path(
        "organisations/<str:org_code>/caseloads/mine/",
        views_caseloads.MyCaseload.as_view(),
        name="my_caseload",
    ),
    path(
        "organisations/<str:org_code>/families/",
        views_caseloads.FamilyList.as_view(),
        name="families",
    ),
    path(
        "organisations/<str:org_code>/families/<int:pk>/workbook/summaries/",
        views_caseloads.WorkbookSummaries.as_view(),
        name="workbook_summaries",
    ),
    path(
        "organisations/<str:org_code>/learning/catalogue/",
        views_learning.Catalogue.as_view(),
        name="learning_catalogue",
    ),
    path(
        "organisations/<str:org_code>/learning/bookings/",
        views_learning.Bookings.as_view(),
        name="learning_bookings",
    ),
    path(
        "organisations/<str:org_code>/learning/bookings/<int:pk>/cancel/",
        views_learning.BookingCancel.as_view(),
        name="learning_booking_cancel",
    ),
    path("organisations/<str:org_code>/cpd/", views_learning.Cpd.as_view(), name="cpd"),
    path(
        "organisations/<str:org_code>/cpd/teams/",
        views_learning.CpdByTeam.as_view(),
        name="cpd_teams",
    ),
    path(
        "organisations/<str:org_code>/learning/gaps/",
        views_learning.MandatoryGaps.as_view(),
        name="learning_gaps",
    ),
    path(
        "organisations/<str:org_code>/supervision/schedule/",
        views_supervision.SupervisionSchedule.as_view(),
        name="supervision_schedule",
    ),
    path(
        "organisations/<str:org_code>/supervision/compliance/",
        views_supervision.SupervisionCompliance.as_view(),
        name="supervision_compliance",
    ),
    path(
        "organisations/<str:org_code>/caseloads/teams/<int:pk>/",
        views.TeamCaseloads.as_view(),
        name="team_caseloads",
    ),
]
