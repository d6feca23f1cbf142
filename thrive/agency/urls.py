from django.urls import path

from thrive.agency import views

app_name = "agency"

base = "o/<str:org_code>/agency/"

urlpatterns = [
    path(f"{base}placements/", views.placements, name="placements"),
    path(f"{base}placements/<int:pk>/", views.placement, name="placement"),
    path(f"{base}placements/<int:pk>/extend/", views.placement_extend, name="placement_extend"),
    path(
        f"{base}placements/<int:pk>/sign-off/", views.placement_sign_off, name="placement_sign_off"
    ),
    path(f"{base}rules/", views.rules, name="rules"),
    path(f"{base}quarterly-return/", views.quarterly, name="quarterly"),
    path(f"{base}quarterly-return/export/", views.quarterly_export, name="quarterly_export"),
]
