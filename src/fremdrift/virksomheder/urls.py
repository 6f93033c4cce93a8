"""The municipality's company network: list by branche, one company, registering one."""

from django.urls import URLPattern, path

from fremdrift.virksomheder import views

app_name = "virksomheder"

urlpatterns: list[URLPattern] = [
    path("", views.virksomhed_list, name="list"),
    path("ny/", views.virksomhed_register, name="register"),
    path("<int:pk>/", views.virksomhed_detail, name="detail"),
]
