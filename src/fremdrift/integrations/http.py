"""HTTP for the integrations: timeouts, a few retries with backoff, and one-line errors.

Both clients (jobindsats.dk, Momentum) go through `HttpClient`, so a server error or a dropped
connection is retried the same way and a final failure reaches the user as one Danish line.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any, Final

import requests

from fremdrift.errors import UserError

# 429 and 5xx are the server's passing trouble; other 4xx are answers to act on.
RETRY_STATUS: Final = frozenset({429, 500, 502, 503, 504})


class RemoteError(UserError):
    """An external system refused or failed; the message says what to do."""

    exit_code = 1


class HttpClient:
    def __init__(
        self,
        base_url: str,
        *,
        system: str,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.system = system
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.session = session or requests.Session()

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        data: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send, retrying connection errors, timeouts, 429 and 5xx; other answers are returned."""
        url = self.url(path)
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.session.request(
                    method,
                    url,
                    headers=dict(headers or {}),
                    params=params,
                    json=json_body,
                    data=data,
                    timeout=self.timeout,
                )
            except requests.Timeout:
                problem = f"{self.system} svarede ikke inden for {self.timeout:g} sekunder"
            except requests.ConnectionError:
                problem = f"kunne ikke få forbindelse til {self.system} ({self.base_url})"
            else:
                if response.status_code not in RETRY_STATUS:
                    return response
                problem = f"{self.system} svarede med fejl HTTP {response.status_code}"
        raise RemoteError(f"{problem} efter {self.retries + 1} forsøg; prøv igen senere")

    def json(self, response: requests.Response) -> Any:
        """The body as JSON (a UTF-8 byte-order mark allowed), or a one-line error."""
        try:
            return json.loads(response.content.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RemoteError(
                f"{self.system} svarede HTTP {response.status_code} uden gyldig JSON "
                f"({response.url}); tjek --base-url"
            ) from None
