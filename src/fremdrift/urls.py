"""URL routes: each app adds its own under a prefix; CPR numbers never appear in a route."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("", include("fremdrift.organisation.urls")),
    path("borgere/", include("fremdrift.borgere.urls")),
    path("audit/", include("fremdrift.audit.urls")),
    path("", include("fremdrift.indsats.urls")),
    path("virksomheder/", include("fremdrift.virksomheder.urls")),
    path("leverancer/", include("fremdrift.intake.urls")),
    path("udgivelser/", include("fremdrift.releases.urls")),
    path("rapporter/", include("fremdrift.reports.urls")),
    path("opfoelgning/", include("fremdrift.monitoring.urls")),
    path("overblik/", include("fremdrift.overblik.urls")),
    path("", include("fremdrift.tavler.urls")),
    path("styregruppe/", include("fremdrift.styregruppe.urls")),
    path("api/", include("fremdrift.api.urls")),
    path("integrationer/", include("fremdrift.integrations.urls")),
    # Dansk / English: Django's set_language view (POST), remembered in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
]

# Single sign-on routes exist only where a municipality has configured its provider.
if settings.OIDC_RP_CLIENT_ID:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
