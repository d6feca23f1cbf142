from django.urls import path

from thrive.agency import views, views_rota

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
    path(f"{base}region-rules/", views.region_rules, name="region_rules"),
    path(f"{base}placements/<int:pk>/convert/", views.placement_convert, name="placement_convert"),
    path(f"{base}exit-strategies/", views.exit_strategies, name="exit_strategies"),
    path(f"{base}quarterly-return/", views.quarterly, name="quarterly"),
    path(f"{base}quarterly-return/export/", views.quarterly_export, name="quarterly_export"),
    path(f"{base}homes/", views_rota.homes, name="homes"),
    path(f"{base}homes/<int:home_pk>/", views_rota.home_rota, name="home_rota"),
    path(f"{base}homes/<int:home_pk>/set-up/", views_rota.home_setup, name="home_setup"),
    path(
        f"{base}homes/<int:home_pk>/rotas/<int:pk>/publish/",
        views_rota.rota_publish,
        name="rota_publish",
    ),
    path(f"{base}my-shifts/", views_rota.my_shifts, name="my_shifts"),
    path(f"{base}my-shifts/<int:pk>/swap/", views_rota.swap_ask, name="swap_ask"),
    path(
        f"{base}homes/<int:home_pk>/swaps/<int:pk>/",
        views_rota.swap_decide,
        name="swap_decide",
    ),
    path(f"{base}my-shifts.ics", views_rota.my_shifts_ics, name="my_shifts_ics"),
    path(f"{base}working-time/", views_rota.working_time, name="working_time"),
    path(f"{base}against-region/", views.against_region, name="against_region"),
]
