from django.urls import path

from thrive.intelligence import views

app_name = "intelligence"

urlpatterns = [
    path("o/<str:org_code>/workforce/", views.workforce, name="workforce"),
    path("o/<str:org_code>/workforce/teams/<int:pk>/", views.team_workforce, name="team"),
    path("o/<str:org_code>/workforce/benchmarks/", views.benchmarks, name="benchmarks"),
    path("o/<str:org_code>/census/", views.census, name="census"),
]
