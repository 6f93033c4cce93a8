"""A local HTTP server for the integration clients' tests: it answers in the shapes of the
external API as documented (see docs/integrations.md); no request leaves this machine."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


# An answer: (status, body); a body that is not bytes is sent as JSON.
Answer = tuple[int, Any]
Handler = Callable[[Request], Answer]


@dataclass
class LocalServer:
    url: str
    handler: Handler | None = None
    requests: list[Request] = field(default_factory=list)


@contextmanager
def serve(handler: Handler | None = None) -> Iterator[LocalServer]:
    """A server on a free loopback port in a thread, for the length of the block."""
    server_state = LocalServer(url="", handler=handler)

    class _Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(
                self.command,
                parts.path,
                parse_qs(parts.query),
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            server_state.requests.append(request)
            assert server_state.handler is not None
            try:
                status, body = server_state.handler(request)
            except Exception as exc:  # a test's wrong assumption shows as the server's 500
                status, body = 500, repr(exc).encode()
            payload = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _serve  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server_state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    with serve() as server:
        yield server
