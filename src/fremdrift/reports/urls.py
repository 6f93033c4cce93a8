from django.urls import URLPattern, URLResolver, path, re_path

from fremdrift.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("hele-landet/hent/", views.national_download, name="national-download"),
    re_path(r"^(?P<kommunekode>[0-9]{3})/$", views.kommune, name="kommune"),
    re_path(r"^(?P<kommunekode>[0-9]{3})/hent/$", views.kommune_download, name="kommune-download"),
]
