from django.urls import URLPattern, URLResolver

app_name = "releases"

urlpatterns: list[URLPattern | URLResolver] = []
