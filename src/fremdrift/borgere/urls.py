"""Citizen screens, addressed by the surrogate key: a CPR number never appears in a route."""

from django.urls import URLPattern, path

from fremdrift.borgere import views, visitation

app_name = "borgere"

urlpatterns: list[URLPattern] = [
    path("", views.borger_list, name="list"),
    path("<int:pk>/", views.borger_detail, name="detail"),
    path("visitation/", visitation.visitation, name="visitation"),
    path("visitation/<int:pk>/", visitation.visitation_decide, name="visitation-decide"),
]
