"""The offline Bot API over HTTP (``python -m bot.offline_http``) in its own process, driven by a
test or a benchmark as the people in the chats, and ``werkstatt`` processes pointed at it."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import httpx

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance"
    " is running"
)


class Telegram:
    """One offline Telegram on 127.0.0.1; ``url`` is what ``WERKSTATT_BOT_API_URL`` takes."""

    def __init__(self, *, limits: bool = False) -> None:
        """``limits``: Telegram's flood limits enforced (429 past them)."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.offline_http", *(["--limits"] if limits else [])],
            stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline().split()[1])
        self.url = f"http://127.0.0.1:{self.port}/bot"
        self.http = httpx.Client(base_url=f"http://127.0.0.1:{self.port}/control/")
        self._presses = 0

    def __enter__(self) -> Telegram:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()
        self.process.kill()
        self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()

    # -- the Telegram side ------------------------------------------------------------------
    def add_chat(self, chat: dict[str, Any]) -> None:
        self.http.post("chat", json=chat)

    def send(self, user: int, chat: dict[str, Any], text: str) -> dict[str, Any]:
        """A person's message (a command gets its entity); the message as Telegram numbered it."""
        message = {"date": int(time.time()), "chat": chat, "text": text,
                   "from": person(user)}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return dict(self.http.post("update", json={"message": message}).json()["message"])

    def edit(self, message: dict[str, Any], text: str) -> None:
        edited = {**message, "text": text, "edit_date": int(time.time())}
        self.http.post("update", json={"edited_message": edited})

    def press(self, user: int, message: dict[str, Any], data: str) -> str:
        """A tap on a button of a bot's message; the press's id."""
        self._presses += 1
        press_id = f"press{self._presses}"
        self.http.post("update", json={"callback_query": {
            "id": press_id, "from": person(user), "chat_instance": "ci", "data": data,
            "message": message}})
        return press_id

    def fail(self, method: str | None, status: int, description: str, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with this error."""
        self.http.post("fail", json={"method": method, "status": status,
                                     "description": description, "times": times})

    # -- what the bot did -------------------------------------------------------------------
    def calls(self, since: int = 0) -> list[dict[str, Any]]:
        return list(self.http.get("calls", params={"since": since}).json())

    def count(self, method: str) -> int:
        return sum(call["method"] == method for call in self.calls())

    def wait_for(self, check: Callable[[list[dict[str, Any]]], T | None], what: str,
                 seconds: float = 30) -> T:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = check(self.calls())
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")


def person(user: int) -> dict[str, Any]:
    return {"id": user, "is_bot": False, "first_name": f"P{user}", "language_code": "de"}


def texts_to(calls: list[dict[str, Any]], chat: int) -> list[str]:
    return [str(c["params"].get("text")) for c in calls
            if c["method"] == "sendMessage" and int(c["params"]["chat_id"]) == chat]
