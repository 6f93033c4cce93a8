"""A read-only client for the Momentum API (see docs/integrations.md for the sources).

Auth: OAuth2 client credentials against the token endpoint (form fields `grant_type`,
`client_id`, `client_secret`, and `resource` for Momentum's Azure AD tenant); the access token
is sent as `Authorization: Bearer`, the municipality's API key as the `apikey` header. The
token is cached until shortly before `expires_in` runs out, and fetched anew once if the API
answers 401 before that.

Paging: the search endpoints take `size` and `skip` and answer `totalCount` and `results`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Final

import requests

from fremdrift.integrations.http import HttpClient, RemoteError

DEFAULT_TOKEN_URL: Final = (
    "https://login.microsoftonline.com/momentumb2c.onmicrosoft.com/oauth2/token"  # noqa: S105
)
PAGE_SIZE: Final = 200
# Fetch a new token this long before the old one expires, so no call races its expiry.
TOKEN_MARGIN_SECONDS: Final = 60


class MomentumClient:
    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        client_secret: str,
        token_url: str = DEFAULT_TOKEN_URL,
        resource: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 1.0,
        page_size: int = PAGE_SIZE,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not client_id or not client_secret:
            raise RemoteError(
                "angiv Momentums klient-id og hemmelighed (--client-id, --client-secret eller "
                "FREMDRIFT_MOMENTUM_CLIENT_SECRET)"
            )
        self.http = HttpClient(
            base_url,
            system="Momentum",
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            session=session,
        )
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_url = token_url
        self.resource = resource
        self.api_key = api_key
        self.page_size = page_size
        self.clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self.tokens_fetched = 0

    # -- auth --------------------------------------------------------------------------------

    def token(self) -> str:
        if self._token is None or self.clock() >= self._expires:
            self._fetch_token()
        assert self._token is not None
        return self._token

    def _fetch_token(self) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        if self.resource:
            form["resource"] = self.resource
        response = self.http.request("POST", self.token_url, data=form)
        if response.status_code in (400, 401, 403):
            raise RemoteError(
                "Momentums login afviste klient-id eller hemmelighed "
                f"(HTTP {response.status_code}); tjek --client-id og --client-secret"
            )
        body = self.http.json(response)
        if response.status_code >= 300 or "access_token" not in body:
            raise RemoteError(
                f"Momentums login gav intet adgangstoken (HTTP {response.status_code})"
            )
        self._token = str(body["access_token"])
        self._expires = self.clock() + float(body.get("expires_in", 3600)) - TOKEN_MARGIN_SECONDS
        self.tokens_fetched += 1

    # -- transport ---------------------------------------------------------------------------

    def call(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> Any:
        for attempt in (1, 2):
            headers = {"Authorization": f"Bearer {self.token()}", "Accept": "application/json"}
            if self.api_key:
                headers["apikey"] = self.api_key
            response = self.http.request(
                method, path, headers=headers, params=params, json_body=body
            )
            if response.status_code == 401 and attempt == 1:
                self._token = None  # expired early or revoked: log in again once
                continue
            break
        if response.status_code in (401, 403):
            raise RemoteError(
                f"Momentum afviste adgangen til {path} (HTTP {response.status_code}); tjek at "
                "klienten har adgang til borgerne, og at --api-key er rigtig"
            )
        if response.status_code >= 400:
            raise RemoteError(f"Momentum svarede HTTP {response.status_code} på {path}")
        return self.http.json(response)

    def paged(self, path: str, body: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        """Every result of a search, page by page (`size`/`skip` in, `totalCount` out)."""
        skip = 0
        while True:
            page = self.call("POST", path, body={**body, "size": self.page_size, "skip": skip})
            results = page.get("results", [])
            yield from results
            skip += len(results)
            if not results or skip >= int(page.get("totalCount", 0)):
                return

    # -- the reads the delivery needs -----------------------------------------------------------

    def citizens(self, target_groups: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Citizens whose target group is one of the codes, as search results (`id` ...)."""
        filters = [
            {"customFilter": "", "fieldName": "targetGroupCode", "values": list(target_groups)}
        ]
        return self.paged("citizensearch", {"filters": filters, "term": "*"})

    def citizen(self, citizen_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.call("GET", f"citizens/{citizen_id}")
        return result

    def tag_assignments(self, citizen_id: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.call(
            "GET", "tagassignments", params={"referenceId": citizen_id}
        )
        return result

    def responsible_caseworkers(self, citizen_id: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.call(
            "GET", f"responsibleCaseworkers/all/byCitizen/{citizen_id}"
        )
        return result
