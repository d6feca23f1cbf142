from django.urls import path

from thrive.jobs import views

app_name = "jobs"

urlpatterns = [
    path("o/<str:org_code>/jobs/", views.jobs, name="jobs"),
    path("o/<str:org_code>/jobs/<int:job_id>/", views.job, name="job"),
]
