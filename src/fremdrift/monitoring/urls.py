from django.urls import URLPattern, URLResolver, path

from fremdrift.monitoring import views

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("tilskud/", views.grants, name="grants"),
    path("tilskud/<str:initiative>/<str:kode>/", views.grant, name="grant"),
    path("<str:initiative>/<str:kode>/", views.kommune, name="kommune"),
]
