"""The Bot API connection: a few calls at a time, in order, as forms; its failures as
python-telegram-bot's own."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import httpcore
import pytest
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.request import BoundedRequest, Coalescing

ANSWER = b'{"ok": true, "result": true}'


class Telegram:
    """A Bot API that answers after a moment, counting the calls it has in hand at once."""

    def __init__(self, delay: float = 0.01, *, silent: bool = False) -> None:
        self.delay = delay
        self.silent = silent
        self.calls: list[dict[str, str]] = []
        self.types: set[str] = set()
        self.inside = 0
        self.most = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
                length = int(head.partition("content-length:")[2].split("\r\n")[0] or 0)
                self.types.add(head.partition("content-type:")[2].split("\r\n")[0].strip())
                self.calls.append(dict(parse_qsl((await reader.readexactly(length)).decode())))
                self.inside += 1
                self.most = max(self.most, self.inside)
                await asyncio.sleep(60 if self.silent else self.delay)
                self.inside -= 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(ANSWER), ANSWER))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def served() -> AsyncIterator[tuple[Telegram, str]]:
    telegram = Telegram()
    server = await asyncio.start_server(telegram.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield telegram, f"http://127.0.0.1:{port}/bot1:x/setMessageReaction"
    server.close()


def reaction(message_id: int) -> RequestData:
    return RequestData([RequestParameter("chat_id", -100, None),
                        RequestParameter("message_id", message_id, None)])


async def test_a_burst_of_calls_goes_out_a_few_at_a_time_in_order_as_forms(
    served: tuple[Telegram, str],
) -> None:
    telegram, url = served
    request = BoundedRequest(3)
    await request.initialize()
    try:
        answers = await asyncio.gather(*(request.do_request(url, "POST", reaction(n))
                                         for n in range(20)))
    finally:
        await request.shutdown()
    assert answers == [(200, ANSWER)] * 20
    assert telegram.most == 3
    assert [call["message_id"] for call in telegram.calls] == [str(n) for n in range(20)]
    assert telegram.calls[0]["chat_id"] == "-100"
    assert telegram.types == {"application/x-www-form-urlencoded"}


async def test_a_silent_bot_api_times_out_and_a_closed_one_is_a_network_error() -> None:
    telegram = Telegram(silent=True)
    server = await asyncio.start_server(telegram.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    request = BoundedRequest(2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"http://127.0.0.1:{port}/bot1:x/getMe", "POST",
                                     read_timeout=0.2)
        with pytest.raises(NetworkError, match="ConnectError"):
            await request.do_request(f"http://127.0.0.1:{closed}/bot1:x/getMe", "POST")
    finally:
        await request.shutdown()
        server.close()


class Wire(httpcore.AsyncNetworkStream):
    """A connection that records what was written, in the pieces it was written."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False
        self.tls: Wire | None = None

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        self.written.append(buffer)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        return b"answer"

    async def aclose(self) -> None:
        self.closed = True

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None,  # noqa: ASYNC109
                        ) -> httpcore.AsyncNetworkStream:
        self.tls = Wire()
        return self.tls


async def test_a_requests_head_and_body_go_out_in_one_write() -> None:
    wire = Wire()
    stream = Coalescing(wire)
    await stream.write(b"POST /bot1:x/getMe HTTP/1.1\r\n\r\n")
    await stream.write(b"chat_id=1")
    await stream.write(b"")
    assert wire.written == []  # nothing yet: the answer is not asked for
    assert await stream.read(100) == b"answer"
    assert wire.written == [b"POST /bot1:x/getMe HTTP/1.1\r\n\r\nchat_id=1"]
    await stream.write(b"last")
    await stream.aclose()
    assert wire.written[-1] == b"last" and wire.closed

    plain = Wire()
    secure = await Coalescing(plain).start_tls(ssl.create_default_context(), "api.example")
    await secure.write(b"head")
    await secure.write(b"body")
    await secure.read(10)
    assert plain.tls is not None and plain.tls.written == [b"headbody"]  # over TLS as well
