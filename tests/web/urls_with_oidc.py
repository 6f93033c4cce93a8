"""The project's routes as a municipality with single sign-on has them."""

from django.urls import include, path

from fremdrift.urls import urlpatterns as project_urls

urlpatterns = [*project_urls, path("oidc/", include("mozilla_django_oidc.urls"))]
