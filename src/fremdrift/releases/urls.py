from django.urls import URLPattern, URLResolver, path

from fremdrift.releases import views

app_name = "releases"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.release_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]
