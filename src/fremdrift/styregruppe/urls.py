from django.urls import URLPattern, URLResolver

app_name = "styregruppe"

urlpatterns: list[URLPattern | URLResolver] = []
