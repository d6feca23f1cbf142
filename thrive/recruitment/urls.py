from django.urls import path

from thrive.recruitment import views

app_name = "recruitment"

base = "o/<str:org_code>/recruitment/"

urlpatterns = [
    path(f"{base}vacancies/", views.vacancies, name="vacancies"),
    path(f"{base}vacancies/raise/", views.vacancy_raise, name="vacancy_raise"),
    path(f"{base}vacancies/<int:pk>/", views.vacancy, name="vacancy"),
    path(f"{base}vacancies/<int:pk>/approve/", views.vacancy_approve, name="vacancy_approve"),
]

urlpatterns += [
    path(
        f"{base}vacancies/<int:pk>/applications/", views.vacancy_applications, name="applications"
    ),
    path(
        f"{base}vacancies/<int:pk>/applications/add/", views.application_add, name="application_add"
    ),
    path(f"{base}applications/<int:pk>/", views.application, name="application"),
    path(f"{base}channels/", views.channels, name="channels"),
]

urlpatterns += [
    path(f"{base}applications/<int:pk>/checks/", views.application_check, name="application_check"),
    path(f"{base}applications/<int:pk>/start/", views.application_start, name="application_start"),
]
