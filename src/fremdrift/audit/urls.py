"""The audit log for leaders; filters travel in a POST body, never in the URL."""

from django.urls import URLPattern, path

from fremdrift.audit import views

app_name = "audit"

urlpatterns: list[URLPattern] = [
    path("", views.search, name="search"),
]
