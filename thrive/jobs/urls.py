from django.urls import path

from thrive.jobs import views

app_name = "jobs"

urlpatterns = [
    path("o/<str:org_code>/jobs/", views.jobs, name="jobs"),
    path("o/<str:org_code>/jobs/<int:job_id>/", views.job, name="job"),
    path("o/<str:org_code>/jobs/<int:job_id>/download/", views.job_download, name="download"),
    path("o/<str:org_code>/jobs/start/", views.job_start, name="start"),
]
