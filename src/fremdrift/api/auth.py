"""Bearer-token authentication: the token's login becomes the request's user for every rule
(borgere.access) and every audit event, exactly as a session login would in the web app.

A session cookie does not authenticate the API: with no cookie auth there is no cross-site
request to forge. A missing or wrong token is a 401 problem (problems.unauthorized).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from fremdrift.api.services import authenticate
from fremdrift.organisation.models import User


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate(token)
        if user is not None:
            request.user = user
        return user


def api_user(request: HttpRequest) -> User:
    """The login behind an authenticated API request."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user
