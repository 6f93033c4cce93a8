"""The effort model's screens: the jobformidler's work list."""

from django.urls import URLPattern, path

from fremdrift.indsats import views

app_name = "indsats"

urlpatterns: list[URLPattern] = [
    path("sagsstamme/", views.sagsstamme, name="sagsstamme"),
]
