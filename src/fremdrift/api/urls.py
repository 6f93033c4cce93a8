"""/api/v1/: the API's routes, its OpenAPI schema (openapi.json) and docs page (docs).

Every route answers an error Django would answer itself (405 for a method the route lacks) as
problem details too, and /api/v1/ itself or any other path under /api/ is a 404 problem, not
an HTML page.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path

from fremdrift.api.api import api
from fremdrift.api.problems import (
    method_not_allowed,
    not_found,
    plain_errors_as_problems,
    respond,
)

app_name = "api"


def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return respond(request, not_found())


def _wrapped(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        if pattern.name == "api-root":
            # django-ninja's root is the site's 404 page; here it is a 404 problem.
            pattern.callback = unknown
        else:
            pattern.callback = plain_errors_as_problems(pattern.callback, {405: method_not_allowed})
    return patterns


routes, ninja_app, namespace = api.urls
urlpatterns: list[URLPattern | URLResolver] = [
    path("v1/", (_wrapped(routes), ninja_app, namespace)),
    re_path(r"^(?P<rest>.*)$", unknown, name="unknown"),
]
