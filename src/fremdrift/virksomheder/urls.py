"""The municipality's company network: list by branche, one company, registering one, and
suggestions for a company field."""

from django.urls import URLPattern, path

from fremdrift.virksomheder import views

app_name = "virksomheder"

urlpatterns: list[URLPattern] = [
    path("", views.virksomhed_list, name="list"),
    path("ny/", views.virksomhed_register, name="register"),
    # Suggestions for the company field of the Borgerside's agreement form (htmx).
    path("forslag/", views.virksomhed_forslag, name="forslag"),
    path("<int:pk>/", views.virksomhed_detail, name="detail"),
]
