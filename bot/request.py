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
cost a third of each call's CPU, and an acknowledgement is one such call a note. Its
connections are asyncio's own streams (``AsyncioBackend``, not AnyIO's), and a request's
head and body go to the socket in one write (``AsyncioStream``; httpcore writes them
apart: two system calls where one does, some tenth of a burst's CPU). An
upload goes through ``HTTPXRequest`` as before (multipart encoding is httpx's). Errors
become what ``HTTPXRequest`` raises: ``TimedOut`` for a timeout, else ``NetworkError``.

Four connections: over the wire (``python -m bench.wire``) a note's acknowledgement cost
least CPU with one to four, a third more with sixteen; with Telegram some 50 ms away,
four still send 80 reactions a second.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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


class AsyncioStream(httpcore.AsyncNetworkStream):
    """A connection on asyncio's own streams, whose writes wait until the next read (or TLS,
    or close), then go out as one: a request's head and body in one system call. (The
    ``timeout`` parameters are httpcore's interface.)"""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer
        self._waiting: list[bytes] = []
        self._timeout: float | None = None

    async def _flush(self) -> None:
        if not self._waiting:
            return
        data = b"".join(self._waiting)
        self._waiting.clear()
        with _mapped(httpcore.WriteTimeout, httpcore.WriteError):
            async with asyncio.timeout(self._timeout):
                self._writer.write(data)
                await self._writer.drain()

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        if buffer:
            self._waiting.append(buffer)
            self._timeout = timeout

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        await self._flush()
        with _mapped(httpcore.ReadTimeout, httpcore.ReadError):
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)

    async def aclose(self) -> None:
        try:
            await self._flush()
        except httpcore.NetworkError:  # closing anyway
            pass
        finally:
            self._writer.close()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None,  # noqa: ASYNC109
                        ) -> httpcore.AsyncNetworkStream:
        await self._flush()
        try:
            with _mapped(httpcore.ConnectTimeout, httpcore.ConnectError):
                async with asyncio.timeout(timeout):
                    await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except httpcore.ConnectError:
            self._writer.close()
            raise
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":  # an idle connection the server closed: not to be used
            return self._reader.at_eof() or self._writer.transport.is_closing()
        name = {"ssl_object": "ssl_object", "client_addr": "sockname",
                "server_addr": "peername", "socket": "socket"}.get(info)
        return None if name is None else self._writer.get_extra_info(name)


@contextmanager
def _mapped(timeout: type[Exception], failure: type[Exception]) -> Iterator[None]:
    """A timeout or a failing connection as httpcore names them."""
    try:
        yield
    except TimeoutError as error:
        raise timeout(str(error)) from error
    except (OSError, ssl.SSLError, RuntimeError) as error:  # (RuntimeError: a closed transport)
        raise failure(str(error) or type(error).__name__) from error


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """httpcore's connections on asyncio itself, without AnyIO between: its cancel scopes,
    its task lookups and its socket attributes read anew for every check cost a fifth of an
    acknowledgement's CPU."""

    async def connect_tcp(self, host: str, port: int,
                          timeout: float | None = None,  # noqa: ASYNC109
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None,
                          ) -> httpcore.AsyncNetworkStream:
        with _mapped(httpcore.ConnectTimeout, httpcore.ConnectError):
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host, port, local_addr=(local_address, 0) if local_address else None)
        sock = writer.get_extra_info("socket")
        for option in socket_options or ():
            sock.setsockopt(*option)
        return AsyncioStream(reader, writer)

    async def connect_unix_socket(self, path: str,
                                  timeout: float | None = None,  # noqa: ASYNC109
                                  socket_options: Iterable[Any] | None = None,
                                  ) -> httpcore.AsyncNetworkStream:
        with _mapped(httpcore.ConnectTimeout, httpcore.ConnectError):
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_unix_connection(path)
        return AsyncioStream(reader, writer)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class BoundedRequest(HTTPXRequest):
    def __init__(self, connections: int = CONNECTIONS, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connections, **kwargs)
        self._slots = asyncio.Semaphore(connections)
        self._pool = httpcore.AsyncConnectionPool(
            max_connections=connections, max_keepalive_connections=connections,
            keepalive_expiry=KEEPALIVE, network_backend=AsyncioBackend())

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
