"""The leader screens: Indsatsmodellen, Tavler and Sagsstammer (the jobformidler's own list is
indsats' "sagsstamme/", singular)."""

from django.urls import URLPattern, URLResolver, path

from fremdrift.tavler import views

app_name = "tavler"

urlpatterns: list[URLPattern | URLResolver] = [
    path("indsatsmodellen/", views.indsatsmodellen, name="indsatsmodellen"),
    path(
        "indsatsmodellen/borgere/",
        views.indsatsmodellen_borgere,
        name="indsatsmodellen-borgere",
    ),
    path("tavler/", views.tavler, name="tavler"),
    path("tavler/<int:pk>/flyt/", views.flyt, name="flyt"),
    path("tavler/placer-forslag/", views.placer_forslag, name="placer-forslag"),
    path("sagsstammer/", views.sagsstammer, name="sagsstammer"),
    path("sagsstammer/<int:pk>/flyt/", views.sagsstammer_flyt, name="sagsstammer-flyt"),
]
