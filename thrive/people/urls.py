from django.urls import path

from thrive.people import views, views_forms, views_imports, views_org, views_returner

app_name = "people"

urlpatterns = [
    path("o/<str:org_code>/people/", views.staff_list, name="staff_list"),
    path("o/<str:org_code>/people/<int:pk>/", views.person_detail, name="person"),
    path("o/<str:org_code>/people/add/", views_forms.person_add, name="person_add"),
    path(
        "o/<str:org_code>/people/add/check/", views_forms.person_add_check, name="person_add_check"
    ),
    path(
        "o/<str:org_code>/people/<int:pk>/spells/<int:spell_pk>/change/",
        views_forms.spell_change_view,
        name="spell_change",
    ),
    path(
        "o/<str:org_code>/people/<int:pk>/spells/<int:spell_pk>/change/check/",
        views_forms.spell_change_check,
        name="spell_change_check",
    ),
    path(
        "o/<str:org_code>/people/<int:pk>/spells/<int:spell_pk>/leaver/",
        views_forms.spell_leaver,
        name="spell_leaver",
    ),
    path(
        "o/<str:org_code>/people/<int:pk>/spells/<int:spell_pk>/leaver/check/",
        views_forms.spell_leaver_check,
        name="spell_leaver_check",
    ),
    path("o/<str:org_code>/people/<int:pk>/return/", views_returner.returner, name="returner"),
    path(
        "o/<str:org_code>/people/<int:pk>/return/check/",
        views_returner.returner_check,
        name="returner_check",
    ),
    path("o/<str:org_code>/people/<int:pk>/census/", views_forms.census_fix, name="census_fix"),
    path("o/<str:org_code>/people/<int:pk>/absence/", views_forms.absence_add, name="absence_add"),
    path(
        "o/<str:org_code>/people/<int:pk>/absence/check/",
        views_forms.absence_add_check,
        name="absence_add_check",
    ),
    path("o/<str:org_code>/teams/", views.teams, name="teams"),
    path("o/<str:org_code>/teams/<int:pk>/", views.team_detail, name="team"),
    path("o/<str:org_code>/establishment/", views.establishment, name="establishment"),
    path("o/<str:org_code>/imports/", views_imports.imports, name="imports"),
    path("o/<str:org_code>/imports/confirm/", views_imports.import_confirm, name="import_confirm"),
]

# Pages named in the shell's namespace (``core:home`` ...), as they were before they moved here.
core_urlpatterns = [
    path("", views_org.landing, name="home"),
    path("councils/", views_org.switch_organisation, name="switch"),
    path("o/<str:org_code>/", views_org.org_home, name="org_home"),
    path("o/<str:org_code>/council/", views_org.organisation_detail, name="organisation"),
]
