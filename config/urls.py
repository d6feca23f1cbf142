"""URL routes: every council's pages live under /o/<LA code>/; the API under /api/."""

from django.urls import include, path

urlpatterns = [
    path("", include("thrive.accounts.urls")),
    path("api/", include("thrive.api.urls")),
    path("", include("thrive.core.urls")),
    path("", include("thrive.people.urls")),
    path("", include("thrive.intelligence.urls")),
    path("", include("thrive.caseloads.urls")),
    path("", include("thrive.workbook.urls")),
    path("", include("thrive.supervision.urls")),
    path("", include("thrive.learning.urls")),
    path("", include("thrive.privacy.urls")),
]

handler403 = "thrive.core.views.error_403"
handler404 = "thrive.core.views.error_404"
handler500 = "thrive.core.views.error_500"
