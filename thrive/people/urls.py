from django.urls import path

from thrive.people import views, views_imports

app_name = "people"

urlpatterns = [
    path("o/<str:org_code>/people/", views.staff_list, name="staff_list"),
    path("o/<str:org_code>/people/<int:pk>/", views.person_detail, name="person"),
    path("o/<str:org_code>/teams/", views.teams, name="teams"),
    path("o/<str:org_code>/teams/<int:pk>/", views.team_detail, name="team"),
    path("o/<str:org_code>/establishment/", views.establishment, name="establishment"),
    path("o/<str:org_code>/imports/", views_imports.imports, name="imports"),
    path("o/<str:org_code>/imports/confirm/", views_imports.import_confirm, name="import_confirm"),
]
