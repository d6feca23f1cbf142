"""The shell's namespace, ``core:``. Besides these, other apps add the pages that kept their
``core:`` names when they moved out of core, as their urls module's ``core_urlpatterns``
(config/urls.py joins them here)."""

from django.urls import path

from thrive.core import views

app_name = "core"

urlpatterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
    path("o/<str:org_code>/audit/", views.audit, name="audit"),
]
