"""URL routes: each app adds its own under a prefix; CPR numbers never appear in a route."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("fremdrift.organisation.urls")),
    path("borgere/", include("fremdrift.borgere.urls")),
    path("audit/", include("fremdrift.audit.urls")),
]
