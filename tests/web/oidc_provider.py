"""A small, real OpenID Connect provider for the single sign-on tests.

It speaks HTTP on 127.0.0.1 (a free port) from a background thread and implements the parts of
the authorization code flow that mozilla-django-oidc talks to:

* ``GET /authorize`` (OpenID Connect Core 3.1.2.1): the person is taken to be signed in at the
  provider as ``Provider.claims``; answers 302 to ``redirect_uri`` with ``code`` and ``state``.
* ``POST /token`` (RFC 6749 4.1.3 and 5.1, OIDC Core 3.1.3): form-encoded
  ``grant_type=authorization_code``, ``code`` and ``redirect_uri``; the client authenticates by
  HTTP Basic (``client_secret_basic``) or in the form (``client_secret_post``). A code works once,
  only for its ``redirect_uri``. Answers ``access_token``, ``id_token`` (a JWS signed HS256 with the
  client secret, carrying iss, aud, sub, exp, iat and the request's ``nonce``), ``token_type`` and
  ``expires_in``; errors as RFC 6749 5.2.
* ``GET /userinfo`` (OIDC Core 5.3): ``Authorization: Bearer <access token>``; answers the claims.

``Provider.sign_with`` (a different key) and ``Provider.token_endpoint_fails`` make it misbehave.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt

ID_TOKEN_LIFETIME = 300  # seconds


@dataclass
class Grant:
    redirect_uri: str
    nonce: str | None
    claims: dict[str, Any]


@dataclass
class Provider:
    """The provider's state; tests set ``claims`` (who is signed in) and the misbehaviours."""

    client_id: str
    client_secret: str
    base_url: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    sign_with: str | None = None  # a key other than the client secret: a forged id_token
    token_endpoint_fails: bool = False  # answer 500 on /token
    codes: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def issuer(self) -> str:
        return self.base_url

    def url(self, endpoint: str) -> str:
        return f"{self.base_url}/{endpoint}"

    def issue_code(self, redirect_uri: str, nonce: str | None) -> str:
        """What /authorize does once the person has signed in: a one-time code for the client."""
        code = secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = Grant(redirect_uri, nonce, dict(self.claims))
        return code

    def redeem(self, code: str, redirect_uri: str) -> Grant | None:
        with self.lock:
            grant = self.codes.pop(code, None)
        return grant if grant is not None and grant.redirect_uri == redirect_uri else None

    def tokens_for(self, grant: Grant) -> dict[str, Any]:
        now = int(time.time())
        sub = str(grant.claims.get("sub") or "subject-1")
        id_claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": sub,
            "iat": now,
            "exp": now + ID_TOKEN_LIFETIME,
            "auth_time": now,
        }
        if grant.nonce is not None:
            id_claims["nonce"] = grant.nonce
        id_token = jwt.encode(id_claims, self.sign_with or self.client_secret, algorithm="HS256")
        access_token = secrets.token_urlsafe(24)
        with self.lock:
            self.access_tokens[access_token] = {**grant.claims, "sub": sub}
        return {
            "access_token": access_token,
            "id_token": id_token,
            "token_type": "Bearer",
            "expires_in": ID_TOKEN_LIFETIME,
        }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet

    # --- helpers ---------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any], **headers: str) -> None:
        body = json.dumps(data).encode()
        self._send(
            status,
            body,
            {"Content-Type": "application/json", "Cache-Control": "no-store", **headers},
        )

    def _error(self, status: int, error: str, **headers: str) -> None:
        self._json(status, {"error": error}, **headers)

    def _basic_auth(self) -> tuple[str, str] | None:
        scheme, _, value = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return None
        return user, password

    # --- endpoints -------------------------------------------------------------------------------

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/authorize":
            self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
        elif url.path == "/userinfo":
            self._userinfo()
        else:
            self._send(404, b"", {})

    def do_POST(self) -> None:
        if urlsplit(self.path).path == "/token":
            self._token()
        else:
            self._send(404, b"", {})

    def _authorize(self, params: dict[str, str]) -> None:
        provider = self.server.provider
        if params.get("client_id") != provider.client_id or "redirect_uri" not in params:
            self._send(400, b"unknown client or no redirect_uri", {})  # never redirect then
            return
        redirect_uri = params["redirect_uri"]
        if params.get("response_type") != "code" or "openid" not in params.get("scope", ""):
            query = urlencode({"error": "invalid_request", "state": params.get("state", "")})
            self._send(302, b"", {"Location": f"{redirect_uri}?{query}"})
            return
        code = provider.issue_code(redirect_uri, params.get("nonce"))
        query = urlencode({"code": code, "state": params.get("state", "")})
        self._send(302, b"", {"Location": f"{redirect_uri}?{query}"})

    def _token(self) -> None:
        provider = self.server.provider
        if provider.token_endpoint_fails:
            self._send(500, b"Internal Server Error", {"Content-Type": "text/plain"})
            return
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            self._error(400, "invalid_request")
            return
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        basic = self._basic_auth()
        with provider.lock:
            provider.token_requests.append({"form": form, "basic_auth": basic})
        client = basic or (form.get("client_id"), form.get("client_secret"))
        if client != (provider.client_id, provider.client_secret):
            self._error(401, "invalid_client", **{"WWW-Authenticate": 'Basic realm="token"'})
            return
        if form.get("grant_type") != "authorization_code":
            self._error(400, "unsupported_grant_type")
            return
        grant = provider.redeem(form.get("code", ""), form.get("redirect_uri", ""))
        if grant is None:
            self._error(400, "invalid_grant")
            return
        self._json(200, provider.tokens_for(grant), Pragma="no-cache")

    def _userinfo(self) -> None:
        provider = self.server.provider
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        with provider.lock:
            claims = provider.access_tokens.get(token) if scheme.lower() == "bearer" else None
        if claims is None:
            self._error(
                401, "invalid_token", **{"WWW-Authenticate": 'Bearer error="invalid_token"'}
            )
            return
        self._json(200, claims)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    provider: Provider


@contextmanager
def running_provider(client_id: str, client_secret: str) -> Iterator[Provider]:
    """A provider listening on 127.0.0.1 until the block ends."""
    server = _Server(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    server.provider = Provider(client_id, client_secret, base_url=f"http://127.0.0.1:{port}")
    thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
    thread.start()
    try:
        yield server.provider
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
