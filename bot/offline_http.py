"""The offline Bot API over HTTP, in a process of its own: a real ``werkstatt run`` polls it.

``python -m bot.offline_http [port] [--limits]`` listens on 127.0.0.1 (a free port, printed
as ``LISTENING <port>``; ``--limits``: Telegram's flood limits enforced, 429 past them) and
answers ``/bot<token>/<method>`` the way Telegram does,
through ``bot.offline.OfflineBotAPI``. Point the bot at it with
``WERKSTATT_BOT_API_URL=http://127.0.0.1:<port>/bot``. A test drives the
Telegram side through ``/control/…`` (JSON in, JSON out):

- ``POST /control/chat`` ``{"id", "type", "title"}``: a group the bot is in, or a private
  chat with someone who started the bot;
- ``POST /control/update`` ``{"message": {...}}`` (or ``edited_message``,
  ``callback_query``): an update for ``getUpdates``; a message without an id gets the
  chat's next one, and is remembered so replies and reactions can refer to it;
  answers the update as queued;
- ``GET /control/calls?since=N``: the calls the bot made from the N-th on;
- ``POST /control/fail`` ``{"method", "status", "description", "times"}``: answer the next
  ``times`` calls of ``method`` (any method: ``null``) with that error (409 Conflict for a
  while, 502 for the first few polls);
- ``POST /control/outage`` ``{"seconds", "status"}``: be down for that long, answering
  every call with ``status`` (a 5xx), or with ``null`` not at all.

Plain HTTP/1.1 on the standard library's asyncio streams, one request per
connection turn, keep-alive as httpx expects; only for tests, the demo and benchmarks.
"""

from __future__ import annotations

import asyncio
import json
import sys
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from telegram.error import NetworkError

from bot.offline import OfflineBotAPI

JSON_FIELDS = frozenset({
    "reply_markup", "reaction", "reply_parameters", "entities", "caption_entities",
    "allowed_updates", "link_preview_options", "media", "commands", "scope",
})
"""Parameters python-telegram-bot sends JSON-encoded; every other one is a plain string."""


def decode_form(body: bytes, content_type: str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The parameters (and files) of a Bot API request, as ``OfflineBotAPI`` takes them."""
    fields: list[tuple[str, str]] = []
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition") or "")
            content = part.get_payload(decode=True)
            raw = content if isinstance(content, bytes) else b""
            if part.get_filename() is not None:
                files[name] = raw
            else:
                fields.append((name, raw.decode()))
    elif content_type.startswith("application/json"):
        return (json.loads(body) if body else {}), files
    else:
        fields = parse_qsl(body.decode(), keep_blank_values=True)
    params = {name: json.loads(value) if name in JSON_FIELDS else value
              for name, value in fields}
    return params, files


class Server:
    """One offline Telegram, served."""

    def __init__(self, api: OfflineBotAPI | None = None) -> None:
        self.api = api or OfflineBotAPI()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip()
                           for k, v in (line.split(":", 1) for line in lines[1:] if ":" in line)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status, answer = await self.route(method, target, body,
                                                  headers.get("content-type", ""))
                writer.write(
                    f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(answer)}\r\n\r\n".encode() + answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except NetworkError:  # down, or a network failure asked for: no answer at all
            pass
        finally:
            writer.close()

    async def route(self, method: str, target: str, body: bytes, content_type: str
                    ) -> tuple[int, bytes]:
        url = urlsplit(target)
        if url.path.startswith("/control/"):
            return self.control(url.path.removeprefix("/control/"), dict(parse_qsl(url.query)),
                                json.loads(body) if body else {})
        if url.path.startswith("/file/bot"):
            return 200, self.api.files.get(url.path.rsplit("/", 1)[-1], b"")
        params, files = decode_form(body, content_type)
        return await self.api.answer(url.path.rsplit("/", 1)[-1], params, files)

    def control(self, what: str, query: dict[str, str], data: dict[str, Any]
                ) -> tuple[int, bytes]:
        if what == "chat":
            self.api.add_chat(int(data["id"]), str(data["type"]), data.get("title"))
            if data["type"] == "private":
                self.api.started.add(int(data["id"]))
            return 200, b"{}"
        if what == "update":
            for key in ("message", "edited_message"):
                message = data.get(key)
                if isinstance(message, dict):
                    if "message_id" not in message:
                        message["message_id"] = self.api.next_message_id(message["chat"]["id"])
                    self.api.remember(message)
                    if message["chat"]["type"] == "private":
                        self.api.started.add(int(message["chat"]["id"]))
            return 200, json.dumps(self.api.push_update(data)).encode()
        if what == "calls":
            since = int(query.get("since", "0"))
            calls = [{"method": c.method, "params": c.params, "status": c.status,
                      "result": c.result, "at": c.at} for c in self.api.calls[since:]]
            return 200, json.dumps(calls).encode()
        if what == "fail":
            self.api.fail_next(data.get("method"), int(data.get("status", 400)),
                               str(data.get("description", "Bad Request")),
                               times=int(data.get("times", 1)))
            return 200, b"{}"
        if what == "outage":
            status = data.get("status", 502)
            self.api.outage(float(data["seconds"]), None if status is None else int(status))
            return 200, b"{}"
        return 404, b'{"ok": false}'


async def serve(port: int = 0, *, limits: bool = False) -> None:
    server = Server(OfflineBotAPI(enforce_limits=limits))
    listening = await asyncio.start_server(server.handle, "127.0.0.1", port)
    print(f"LISTENING {listening.sockets[0].getsockname()[1]}", flush=True)
    async with listening:
        await listening.serve_forever()


if __name__ == "__main__":
    numbers = [arg for arg in sys.argv[1:] if arg.isdigit()]
    asyncio.run(serve(int(numbers[0]) if numbers else 0, limits="--limits" in sys.argv[1:]))
