from django.urls import URLPattern, URLResolver, path

from fremdrift.integrations import views

app_name = "integrations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("benchmarks/", views.benchmarks, name="benchmarks"),
]
