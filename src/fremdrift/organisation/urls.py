"""Front page, login and logout; the names are the ones settings.LOGIN_URL and friends use."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, path

from fremdrift.organisation import views

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    # A POST only (a form button in base.html), so no link or image can log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
