from django.urls import URLPattern, URLResolver

app_name = "overblik"

urlpatterns: list[URLPattern | URLResolver] = []
