from django.urls import path

from thrive.workbook import views

app_name = "workbook"

base = "o/<str:org_code>/families/<int:pk>/workbook/"

urlpatterns = [
    path(base, views.workbook, name="workbook"),
    path(f"{base}entries/new/", views.entry_new, name="entry_new"),
    path(f"{base}entries/<int:entry_pk>/", views.entry_edit, name="entry_edit"),
    path(f"{base}entries/<int:entry_pk>/discard/", views.entry_discard, name="entry_discard"),
    path(f"{base}summaries/new/", views.summary_new, name="summary_new"),
    path(f"{base}summaries/<int:summary_pk>/", views.summary_edit, name="summary_edit"),
    path("o/<str:org_code>/capture/", views.capture, name="capture"),
    path("o/<str:org_code>/workbook/tools/", views.tools, name="tools"),
]
