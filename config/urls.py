"""URL routes: every council's pages live under /o/<LA code>/; the API under /api/.

Nothing here names an app: each installed Thrive app's ``urls`` module is mounted at its
AppConfig's ``url_prefix`` (the site's root unless it says otherwise), in ``INSTALLED_APPS``
order, under its own ``app_name`` namespace. Pages that kept a name in the shell's namespace
(``core:users``) when they moved out of core are an app's ``core_urlpatterns``, joined to core's.
"""

from typing import Any

from django.urls import include, path

from thrive.core.areas import area_modules


def app_urlpatterns() -> list[Any]:
    modules = area_modules("urls")
    shell = [p for _, urls in modules for p in getattr(urls, "core_urlpatterns", [])]
    routes = []
    for app, urls in modules:
        patterns = list(urls.urlpatterns) + (shell if app.label == "core" else [])
        namespace = getattr(urls, "app_name", app.label)
        routes.append(path(getattr(app, "url_prefix", ""), include((patterns, namespace))))
    return routes


urlpatterns = app_urlpatterns()

handler403 = "thrive.core.views.error_403"
handler404 = "thrive.core.views.error_404"
handler500 = "thrive.core.views.error_500"
