"""Citizen screens, addressed by the surrogate key: a CPR number never appears in a route."""

from django.urls import URLPattern, path

from fremdrift.borgere import actions, views, visitation

app_name = "borgere"

urlpatterns: list[URLPattern] = [
    path("", views.borger_list, name="list"),
    path("<int:pk>/", views.borger_detail, name="detail"),
    # The Borgerside's actions, POST only (borgere.actions).
    path("<int:pk>/kontakt/", actions.kontakt, name="kontakt"),
    path("<int:pk>/trin/", actions.trin, name="trin"),
    path("<int:pk>/markering/", actions.markering, name="markering"),
    path(
        "<int:pk>/markering/<int:markering_id>/afslut/",
        actions.markering_afslut,
        name="markering-afslut",
    ),
    path("<int:pk>/jobformidler/", actions.jobformidler, name="jobformidler"),
    path("<int:pk>/aftale/", actions.aftale, name="aftale"),
    path("<int:pk>/aftale/<int:aftale_id>/timer/", actions.aftale_timer, name="aftale-timer"),
    path("visitation/", visitation.visitation, name="visitation"),
    path("visitation/<int:pk>/", visitation.visitation_decide, name="visitation-decide"),
]
