"""The Bot API connection: a few calls at a time, in order, as forms; its failures as
python-telegram-bot's own."""

from __future__ import annotations

import asyncio
import socket
import ssl
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import httpcore
import pytest
import trustme
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.request import AsyncioBackend, AsyncioStream, BoundedRequest

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


class Recording:
    """A stream writer that records what was written, in the pieces it was written."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self._writer = writer
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)
        self._writer.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._writer, name)


async def echo_head(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Answers every request with its own head, then closes (as a server may, any time)."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(head.lower().partition(b"content-length:")[2].split(b"\r\n")[0] or 0)
    await reader.readexactly(length)
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(head), head))
    await writer.drain()
    writer.close()


async def test_a_requests_head_and_body_go_out_in_one_write() -> None:
    server = await asyncio.start_server(echo_head, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        recording = Recording(writer)
        stream = AsyncioStream(reader, recording)  # type: ignore[arg-type]
        await stream.write(b"POST /bot1:x/getMe HTTP/1.1\r\nContent-Length: 9\r\n\r\n")
        await stream.write(b"chat_id=1")
        await stream.write(b"")
        assert recording.written == []  # nothing yet: the answer is not asked for
        answer = await stream.read(4096)
        assert answer.startswith(b"HTTP/1.1 200 OK") and b"/bot1:x/getMe" in answer
        assert recording.written == [
            b"POST /bot1:x/getMe HTTP/1.1\r\nContent-Length: 9\r\n\r\nchat_id=1"]
        assert stream.get_extra_info("server_addr") == ("127.0.0.1", port)
        while await stream.read(4096):  # the server closed: the stream says so
            pass
        assert stream.get_extra_info("is_readable")
        await stream.aclose()
    finally:
        server.close()


async def test_over_tls_a_closed_connection_is_replaced_not_used() -> None:
    """HTTPS as to Telegram: the certificate checked, every request on its own connection
    when the server closes each after answering."""
    authority = trustme.CA()
    certificate = authority.issue_cert("localhost")
    server_side = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate.configure_cert(server_side)
    client_side = ssl.create_default_context()
    authority.configure_trust(client_side)
    server = await asyncio.start_server(echo_head, "127.0.0.1", 0, ssl=server_side)
    port = server.sockets[0].getsockname()[1]
    pool = httpcore.AsyncConnectionPool(ssl_context=client_side, network_backend=AsyncioBackend())
    try:
        for number in range(3):
            response = await pool.request("POST", f"https://localhost:{port}/bot1:x/m{number}",
                                          content=b"chat_id=1")
            assert response.status == 200 and f"/bot1:x/m{number}".encode() in response.content
            await asyncio.sleep(0.05)  # the server's close arrives
        untrusted = httpcore.AsyncConnectionPool(network_backend=AsyncioBackend())
        with pytest.raises(httpcore.ConnectError):
            await untrusted.request("GET", f"https://localhost:{port}/")
        await untrusted.aclose()
    finally:
        await pool.aclose()
        server.close()
