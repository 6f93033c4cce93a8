"""Login, logout and the front page (Forside)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from fremdrift.borgere.access import can_see_people
from fremdrift.organisation.models import User
from fremdrift.organisation.services import record_login, record_login_failed


def logged_in_user(request: HttpRequest) -> User:
    """The login behind a request that `login_required` has let through."""
    user = request.user
    assert isinstance(user, User), "the view must be login_required"
    return user


class LoginView(auth_views.LoginView):
    """Django's login, with every attempt in the audit log (Axes counts and locks)."""

    template_name = "organisation/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        assert isinstance(user, User)
        record_login(user=user, method="password")
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(form.data.get("username", "")).strip()
        # Without both fields nothing was tried (the form refuses before authenticating).
        if username and form.data.get("password"):
            record_login_failed(
                username=username,
                method="password",
                locked_out=bool(getattr(self.request, "axes_locked_out", False)),
            )
        return super().form_invalid(form)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = logged_in_user(request)
    medarbejder = user.medarbejder
    return render(
        request,
        "organisation/home.html",
        {
            "shown_user": user,
            "team": medarbejder.team if medarbejder is not None else None,
            "sees_people": can_see_people(user),
        },
    )
