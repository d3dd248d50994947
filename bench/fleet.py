"""Several ``werkstatt run --webhook`` processes behind a round-robin proxy, fed as Telegram
feeds a webhook through the offline Bot API over HTTP (``bench.telegram_http``).

Shared by the three-process test (``tests/reliability/test_several_processes.py``) and the
benchmark of processes on PostgreSQL (``bench.scale``)."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from bench.telegram_http import ROOT, Telegram, person
from bot.app import OFFLINE_TOKEN
from bot.simulate import event_code

SECRET = "webhook-secret-0123456789"
PATH = OFFLINE_TOKEN.split(":", 1)[0]
"""The webhook's path (the token's bot id, as ``werkstatt run --webhook`` serves it)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Listening(ThreadingHTTPServer):
    request_queue_size = 128
    """Room for every chat's connection at once (the standard library's 5 refused some)."""


class Balancer:
    """A round-robin HTTP proxy in front of the bots' webhooks; a bot that does not answer is
    skipped (as a load balancer's health check would)."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self._turn = itertools.count()
        self._client = httpx.Client(timeout=20)
        balancer = self

        class Forward(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                status = balancer.forward(self.path, body, dict(self.headers))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = Listening(("127.0.0.1", 0), Forward)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def forward(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        passed = {k: v for k, v in headers.items()
                  if k.lower() in ("content-type", "x-telegram-bot-api-secret-token")}
        for _ in range(6 * len(self.ports)):
            port = self.ports[next(self._turn) % len(self.ports)]
            try:
                return self._client.post(f"http://127.0.0.1:{port}{path}", content=body,
                                         headers=passed).status_code
            except httpx.TransportError:
                time.sleep(0.05)
        return 502

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()


class Feed:
    """Telegram's side: updates numbered by the offline Bot API, delivered to the webhook."""

    def __init__(self, telegram: Telegram, proxy: int) -> None:
        self.telegram = telegram
        self.url = f"http://127.0.0.1:{proxy}/{PATH}"
        self._client = httpx.Client(timeout=30)

    def send(self, user: int, chat: dict[str, Any], text: str) -> dict[str, Any]:
        """A person's message, delivered until the webhook answers 200; the message."""
        message: dict[str, Any] = {"date": int(time.time()), "chat": chat, "text": text,
                                   "from": person(user)}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        update = dict(self.telegram.http.post("update", json={"message": message}).json())
        while self._deliver(update) != 200:
            time.sleep(0.1)  # Telegram sends it again
        return dict(update["message"])

    def _deliver(self, update: dict[str, Any]) -> int:
        try:
            return self._client.post(self.url, json=update, headers={
                "X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code
        except httpx.TransportError:
            return 0

    def close(self) -> None:
        self._client.close()


def start_bot(telegram: Telegram, database: str, folder: Path, port: int, proxy: int, *,
              live_interval: float) -> subprocess.Popen[bytes]:
    """``werkstatt run --webhook`` on ``port`` (its log in ``folder``), behind the proxy."""
    env = {**os.environ, "WERKSTATT_TELEGRAM_TOKEN": OFFLINE_TOKEN,
           "WERKSTATT_BOT_API_URL": telegram.url, "WERKSTATT_DATABASE": database,
           "WERKSTATT_WEBHOOK_URL": f"http://127.0.0.1:{proxy}",
           "WERKSTATT_WEBHOOK_PORT": str(port), "WERKSTATT_WEBHOOK_SECRET": SECRET,
           "WERKSTATT_LIVE_INTERVAL": str(live_interval), "WERKSTATT_FLOOD_LIMIT": "1000",
           "WERKSTATT_LOG_LEVEL": "WARNING", "PTB_TIMEDELTA": "1", "WERKSTATT_WEB": "false"}
    with (folder / f"bot-{port}.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--webhook"], env=env,
                                stdout=log, stderr=log, cwd=ROOT)


def reacted(calls: list[dict[str, Any]], chat_id: int) -> set[int]:
    """The messages of a chat the bot acknowledged with a reaction."""
    return {int(c["params"]["message_id"]) for c in calls
            if c["method"] == "setMessageReaction" and c["status"] == 200
            and int(c["params"]["chat_id"]) == chat_id}


def posted(calls: list[dict[str, Any]], chat_id: int) -> bool:
    """Whether a board (its question has "Frage") was posted in the chat."""
    return any(c["method"] == "sendMessage" and int(c["params"]["chat_id"]) == chat_id
               and "Frage" in str(c["params"].get("text")) for c in calls)


def open_boards(feed: Feed, telegram: Telegram, organizer: int, boards: dict[int, int | None]
                ) -> None:
    """The organizer's event (a dialogue whose answers may reach different processes) and a
    board in each group: ``boards`` maps the group's chat id to its deadline in seconds (or
    ``None``: no deadline)."""
    private = {"id": organizer, "type": "private", "first_name": "Olga"}
    telegram.add_chat(private)
    for text in ("/newevent", "Vielerorts", "heute", "Kassel"):
        feed.send(organizer, private, text)
    code = telegram.wait_for(
        lambda calls: next((code for c in calls if c["method"] == "sendMessage"
                            and int(c["params"]["chat_id"]) == organizer
                            and (code := event_code(c["params"]))), None), "the event's code")
    for chat_id, deadline in boards.items():  # one group after the other: well within limits
        group = {"id": chat_id, "type": "supergroup", "title": f"Gruppe {chat_id}"}
        telegram.add_chat(group)
        feed.send(organizer, group, f"/start {code}")
        timer = "" if deadline is None else f"{deadline}s "
        feed.send(organizer, group, f"/pinboard {timer}Wand\nFrage {chat_id}?")
        time.sleep(0.2)
    telegram.wait_for(lambda calls: all(posted(calls, chat) for chat in boards),
                      "every board", seconds=60)
