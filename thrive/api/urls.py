"""``/api/``: the OpenAPI document and its browsable docs, then each app's endpoints (from its
``apis.py``, see :mod:`thrive.api.routing`)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from thrive.api.routing import app_urlpatterns

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *app_urlpatterns(),
]
