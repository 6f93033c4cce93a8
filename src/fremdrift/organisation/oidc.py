"""Single sign-on through the municipality's OpenID Connect provider.

SSO proves who someone is, not what they may see: a login is matched to a login the
municipality has set up (by e-mail, case-insensitive, active only) and nobody is created here.
"""

from __future__ import annotations

from typing import Any

import requests
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from fremdrift.organisation.models import User
from fremdrift.organisation.services import record_login, record_login_failed


class KommuneOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # untyped library
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        # An address the provider says it has not verified proves nothing.
        return bool(super().verify_claims(claims)) and claims.get("email_verified") is not False

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("unknown person: logins are set up by the municipality")

    def get_user(self, user_id: int) -> User | None:
        # As Django's ModelBackend: a login deactivated since sign-in loses its session.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the provider's callback (code and state) is a single sign-on attempt; a password
        # login passes through this backend too and is logged by the login view.
        callback = request is not None and request.GET.get("code") and request.GET.get("state")
        try:
            user: User | None = super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException):
            # A token that does not verify, or a provider that is down: no login, and the
            # person lands on the login page (LOGIN_REDIRECT_URL_FAILURE), not an error page.
            if not callback:
                raise
            user = None
        if callback:
            if user is None:
                record_login_failed(username="", method="oidc")
            else:
                record_login(user=user, method="oidc")
        return user
