from django.urls import path

from thrive.intelligence import (
    drivers_views,
    pack_views,
    projection_views,
    region_views,
    retention_views,
    views,
)

app_name = "intelligence"

urlpatterns = [
    path("o/<str:org_code>/workforce/", views.workforce, name="workforce"),
    path("o/<str:org_code>/workforce/teams/<int:pk>/", views.team_workforce, name="team"),
    path("o/<str:org_code>/workforce/benchmarks/", views.benchmarks, name="benchmarks"),
    path("o/<str:org_code>/census/", views.census, name="census"),
    path("o/<str:org_code>/workforce/retention/", retention_views.retention, name="retention"),
    path("o/<str:org_code>/workforce/projection/", projection_views.projection, name="projection"),
    path("o/<str:org_code>/workforce/region/", region_views.region, name="region"),
    path("o/<str:org_code>/workforce/drivers/", drivers_views.drivers, name="drivers"),
    path(
        "o/<str:org_code>/workforce/ofsted-pack/",
        pack_views.ofsted_pack_page,
        name="ofsted_pack",
    ),
]
