from django.urls import URLPattern, URLResolver

app_name = "tavler"

urlpatterns: list[URLPattern | URLResolver] = []
