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
- ``POST /control/updates`` ``{"updates": [...]}``: several updates made available at the
  same instant (a burst); answers ``{"at": …, "updates": [...]}``, ``at`` on this process's
  monotonic clock;
- ``GET /control/calls?since=N``: the calls the bot made from the N-th on, each with its
  ``at`` on the same clock (a benchmark measures update → acknowledgement here);
- ``POST /control/fail`` ``{"method", "status", "description", "times"}``: answer the next
  ``times`` calls of ``method`` (any method: ``null``) with that error (409 Conflict for a
  while, 502 for the first few polls);
- ``POST /control/outage`` ``{"seconds", "status"}``: be down for that long, answering
  every call with ``status`` (a 5xx), or with ``null`` not at all.

When the bot calls ``setWebhook``, updates are no longer kept for ``getUpdates``: they are
POSTed to the webhook's URL (with its secret token) over up to ``max_connections`` (40)
connections at once, one chat's updates one after another (the next once the bot answered
the one before, so the chat's order holds); one not answered 200 is sent again.

Plain HTTP/1.1 on the standard library's asyncio streams, one request per
connection turn, keep-alive as httpx expects; only for tests, the demo and benchmarks.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import deque
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


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status of one HTTP/1.1 response; its body (sized or chunked) is read and dropped."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
    status = int(head.split(" ", 2)[1])
    if "transfer-encoding: chunked" in head:
        while size := int((await reader.readline()).strip() or b"0", 16):
            await reader.readexactly(size + 2)
        await reader.readline()
    else:
        length = head.partition("content-length:")[2].partition("\r\n")[0].strip()
        await reader.readexactly(int(length or "0"))
    return status


class Webhook:
    """Telegram's side of a webhook: each waiting update POSTed to the bot, again until 200."""

    def __init__(self, api: OfflineBotAPI, params: dict[str, Any]) -> None:
        self.api = api
        url = urlsplit(str(params["url"]))
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.path = url.path or "/"
        self.secret = str(params.get("secret_token") or "")
        self.arrived = asyncio.Event()
        self.queues: dict[int | None, deque[dict[str, Any]]] = {}
        """Each chat's updates waiting, in order."""
        self.ready: deque[int | None] = deque()
        """Chats with an update waiting and none under way, in the order they became so."""
        self.busy: set[int | None] = set()
        """Chats with an update under way."""
        self.tasks = [asyncio.get_running_loop().create_task(self._deliver())
                      for _ in range(int(params.get("max_connections") or 40))]

    def stop(self) -> None:
        for task in self.tasks:
            task.cancel()

    def _next(self) -> dict[str, Any] | None:
        """The next update of a chat with none under way (it is under way from now on)."""
        for update in self.api.pending:  # new arrivals, into their chat's queue
            queue = self.queues.setdefault(chat_of(update), deque())
            if not queue and chat_of(update) not in self.busy:
                self.ready.append(chat_of(update))
            queue.append(update)
        self.api.pending.clear()
        if not self.ready:
            return None
        chat = self.ready.popleft()
        self.busy.add(chat)
        return self.queues[chat].popleft()

    def _done(self, update: dict[str, Any], taken: bool) -> None:
        """The chat's next update may go (this one again first, if the bot did not take it)."""
        chat = chat_of(update)
        self.busy.discard(chat)
        queue = self.queues[chat]
        if not taken:
            queue.appendleft(update)
        if queue:
            self.ready.append(chat)
            self.arrived.set()
        else:
            del self.queues[chat]

    async def _deliver(self) -> None:
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while True:
            while (update := self._next()) is None:
                self.arrived.clear()
                await self.arrived.wait()
            body = json.dumps(update).encode()
            status = 0
            try:
                if connection is None:
                    connection = await asyncio.open_connection(self.host, self.port)
                reader, writer = connection
                writer.write(
                    f"POST {self.path} HTTP/1.1\r\nHost: {self.host}\r\n"
                    "Content-Type: application/json\r\n"
                    f"X-Telegram-Bot-Api-Secret-Token: {self.secret}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
                status = await read_response(reader)
            except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
                if connection is not None:
                    connection[1].close()
                connection = None
            self._done(update, taken=status == 200)
            if status != 200:  # this connection pauses a moment before it tries again
                await asyncio.sleep(0.1)


def chat_of(update: dict[str, Any]) -> int | None:
    """The chat an update belongs to (``None``: none)."""
    for key in ("message", "edited_message", "callback_query"):
        found = update.get(key)
        if isinstance(found, dict):
            message = found.get("message", found) if key == "callback_query" else found
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                return int(message["chat"]["id"])
    return None


class Server:
    """One offline Telegram, served."""

    def __init__(self, api: OfflineBotAPI | None = None) -> None:
        self.api = api or OfflineBotAPI()
        self.webhook: Webhook | None = None

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
        name = url.path.rsplit("/", 1)[-1]
        if name in ("setWebhook", "deleteWebhook") and self.webhook is not None:
            self.webhook.stop()
            self.webhook = None
        if name == "setWebhook" and params.get("url"):
            self.webhook = Webhook(self.api, params)
        return await self.api.answer(name, params, files)

    def take(self, data: dict[str, Any]) -> dict[str, Any]:
        """One update from the Telegram side: numbered, its message remembered, then waiting
        for the bot (``getUpdates``, or the webhook)."""
        for key in ("message", "edited_message"):
            message = data.get(key)
            if isinstance(message, dict):
                if "message_id" not in message:
                    message["message_id"] = self.api.next_message_id(message["chat"]["id"])
                self.api.remember(message)
                if message["chat"]["type"] == "private":
                    self.api.started.add(int(message["chat"]["id"]))
        update = self.api.push_update(data)
        if self.webhook is not None:
            self.webhook.arrived.set()
        return update

    def control(self, what: str, query: dict[str, str], data: dict[str, Any]
                ) -> tuple[int, bytes]:
        if what == "chat":
            self.api.add_chat(int(data["id"]), str(data["type"]), data.get("title"))
            if data["type"] == "private":
                self.api.started.add(int(data["id"]))
            return 200, b"{}"
        if what == "update":
            return 200, json.dumps(self.take(data)).encode()
        if what == "updates":
            taken = [self.take(update) for update in data["updates"]]
            at = time.monotonic()  # all of them at once: nothing is served while they are taken
            return 200, json.dumps({"at": at, "updates": taken}).encode()
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
