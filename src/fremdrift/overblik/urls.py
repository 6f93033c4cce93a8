from django.urls import URLPattern, URLResolver, path

from fremdrift.overblik import views

app_name = "overblik"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overblik, name="index"),
    path(
        "borgere/<str:initiative>/<str:indicator>/<str:month>/<str:part>/",
        views.borgere,
        name="borgere",
    ),
    path("maal/", views.maal, name="maal"),
]
