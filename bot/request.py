"""The Bot API connection: a few kept-alive connections, and for a plain call, httpcore itself.

A burst of notes acknowledges every note at once: hundreds of ``setMessageReaction``
calls start together. Handed straight to python-telegram-bot's ``HTTPXRequest``, each
one beyond the open connections opened another (a name lookup in a thread, a TCP and a
TLS handshake) up to the pool's 256, and every time a connection freed httpcore walked
all the waiting requests again (quadratic in the burst). ``BoundedRequest`` lets only
``connections`` requests out at a time; the others wait, in order, on a semaphore, and
the few connections are kept alive and reused.

A call without files (all but uploads) goes to httpcore's connection pool directly, as
the form python-telegram-bot sends: httpx's client around it (building the request,
its cookies, authentication and redirect steps, reading the answer back in chunks)
cost a third of each call's CPU, and an acknowledgement is one such call a note. An
upload goes through ``HTTPXRequest`` as before (multipart encoding is httpx's). Errors
become what ``HTTPXRequest`` raises: ``TimedOut`` for a timeout, else ``NetworkError``.

Four connections: over the wire (``python -m bench.wire``) a note's acknowledgement cost
least CPU with one to four, a third more with sixteen; with Telegram some 50 ms away,
four still send 80 reactions a second.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

import httpcore
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

CONNECTIONS = 4
"""Requests (and connections) to the Bot API at once, besides the one for ``getUpdates``."""
KEEPALIVE = 5.0
"""Seconds an idle connection stays open (httpx's default)."""
FORM = b"application/x-www-form-urlencoded"
_TIMEOUTS: tuple[type[Exception], ...] = (httpcore.TimeoutException,)
_FAILURES: tuple[type[Exception], ...] = (
    httpcore.NetworkError, httpcore.ProtocolError, httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


class BoundedRequest(HTTPXRequest):
    def __init__(self, connections: int = CONNECTIONS, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connections, **kwargs)
        self._slots = asyncio.Semaphore(connections)
        self._pool = httpcore.AsyncConnectionPool(
            max_connections=connections, max_keepalive_connections=connections,
            keepalive_expiry=KEEPALIVE)

    async def shutdown(self) -> None:
        await self._pool.aclose()
        await super().shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        async with self._slots:
            if request_data is not None and request_data.contains_files:
                return await super().do_request(
                    url, method, request_data, read_timeout, write_timeout, connect_timeout,
                    pool_timeout)
            return await self._plain(url, method, request_data, {
                "read": read_timeout, "write": write_timeout, "connect": connect_timeout,
                "pool": pool_timeout})

    async def _plain(self, url: str, method: str, request_data: RequestData | None,
                     timeouts: dict[str, ODVInput[float]]) -> tuple[int, bytes]:
        default = self._client.timeout
        timeout = {name: getattr(default, name) if isinstance(value, DefaultValue) else value
                   for name, value in timeouts.items()}
        body = urlencode(request_data.json_parameters).encode() if request_data else b""
        headers = [(b"User-Agent", self.USER_AGENT.encode())]
        if body:
            headers.append((b"Content-Type", FORM))
        try:
            response = await self._pool.request(method, url, headers=headers, content=body,
                                                extensions={"timeout": timeout})
        except _TIMEOUTS as error:
            raise TimedOut from error
        except _FAILURES as error:
            raise NetworkError(f"httpcore.{type(error).__name__}: {error}") from error
        return response.status, response.content
