from django.urls import URLPattern, URLResolver, path

from fremdrift.intake import views

app_name = "intake"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.status, name="status"),
    path("<int:pk>/kontrolrapport/", views.report, name="report"),
    path("<str:kommunekode>/<str:month>/", views.history, name="history"),
]
