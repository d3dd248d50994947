"""A simulated Telegram around the real Application: people, groups, forum topics, buttons.

Tests, the demo and the benchmarks drive Werkstatt through this: updates are
shaped as Telegram sends them and go through the Application's update queue
(and so through the per-chat ordering); the bot's answers go to the offline
Bot API. ``settle`` waits until every update was handled and, on request,
runs pending live-message renders at once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.app import App, build_application, settle, setup, teardown
from bot.offline import BOT_USERNAME, Call, OfflineBotAPI
from bot.settings import Settings
from service.rounds import Clock
from storage.records import utcnow

_update_ids = itertools.count(1)


def event_code(params: Mapping[str, Any]) -> str | None:
    """The event's code in the bot's answer to ``/newevent``, read from its "add to a group"
    link (``?startgroup=<code>``), so the wording of the answer does not matter."""
    found = re.search(r"startgroup=(\w+)", json.dumps(params, default=str))
    return found.group(1) if found else None


def created_event_code(api: OfflineBotAPI, user_id: int) -> str:
    """The code of the event the person created last through ``/newevent``."""
    codes = [event_code(call.params) for call in api.sent("sendMessage", user_id)]
    found = [code for code in codes if code]
    assert found, "no event was created"
    return found[-1]


@dataclass
class SimChat:
    id: int
    type: str
    title: str = ""
    is_forum: bool = False

    def as_dict(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            chat["title"] = self.title
        if self.is_forum:
            chat["is_forum"] = True
        return chat


@dataclass
class SimPerson:
    world: World
    id: int
    first_name: str
    language: str = "de"
    username: str | None = None

    def as_dict(self) -> dict[str, Any]:
        user: dict[str, Any] = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language,
        }
        if self.username:
            user["username"] = self.username
        return user

    @property
    def private(self) -> SimChat:
        return SimChat(self.id, "private", "")

    async def say(
        self,
        chat: SimChat | None,
        text: str,
        *,
        reply_to: dict[str, Any] | None = None,
        thread: int | None = None,
        settle: bool = True,
    ) -> dict[str, Any]:
        """Send a text message (a command if it starts with /) to a chat, or privately."""
        target = chat or self.private
        if target.type == "private":
            self.world.api.started.add(self.id)
        message = self.world.message(self, target, thread=thread, reply_to=reply_to)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self.world.log(self, target, text)
        await self.world.deliver({"message": message}, settle=settle)
        return message

    async def send(
        self, chat: SimChat | None, content: dict[str, Any], *, thread: int | None = None
    ) -> dict[str, Any]:
        """Send something that is not text (a sticker, a photo with caption …)."""
        target = chat or self.private
        message = self.world.message(self, target, thread=thread)
        message.update(content)
        self.world.log(self, target, f"[{', '.join(content)}]")
        await self.world.deliver({"message": message})
        return message

    async def edit(self, message: dict[str, Any], text: str) -> None:
        edited = dict(message, text=text, edit_date=int(time.time()))
        self.world.api.remember(edited)
        self.world.log(self, None, f"(edits) {text}")
        await self.world.deliver({"edited_message": edited})

    async def press(self, message: dict[str, Any] | Call, label: str) -> None:
        """Tap the button whose text contains ``label`` on a bot message."""
        if isinstance(message, Call):
            message = self.world.last_bot_message(message)
        current = self.world.api.messages.get((message["chat"]["id"], message["message_id"]))
        markup = (current or message).get("reply_markup", {})
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label in button["text"] and "callback_data" in button:
                    await self.press_data(current or message, button["callback_data"])
                    return
        raise LookupError(f"no button {label!r} on message: {markup}")

    async def press_at(self, message: dict[str, Any] | Call, row: int, column: int = 0) -> None:
        """Tap the button at a position (for texts that differ by language)."""
        if isinstance(message, Call):
            message = self.world.last_bot_message(message)
        button = message["reply_markup"]["inline_keyboard"][row][column]
        await self.press_data(message, button["callback_data"])

    async def press_data(self, message: dict[str, Any], data: str) -> None:
        """Send a button press with any data (also forged data)."""
        query = {
            "id": str(next(_update_ids)),
            "from": self.as_dict(),
            "chat_instance": str(message["chat"]["id"]),
            "message": message,
            "data": data,
        }
        self.world.log(self, None, f"(taps) {label_of(message, data)}")
        await self.world.deliver({"callback_query": query})


def label_of(message: dict[str, Any], data: str) -> str:
    """What the person read on the button they tapped; made-up data shows as its action."""
    markup = message.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("callback_data") == data:
                return f"[{button['text']}]"
    return data.split("|")[0]


@dataclass
class World:
    """Telegram as the bot sees it, with the real Application in the middle."""

    settings: Settings
    api: OfflineBotAPI = field(default_factory=OfflineBotAPI)
    app: App | None = None
    transcript: list[str] = field(default_factory=list)
    shown: dict[tuple[int, int], str] = field(default_factory=dict)
    """The text of each bot message as last printed, for compact edits in the transcript."""
    echo: bool = False
    clock: Clock = utcnow
    """The time the bot's rounds see, also after a restart (tests move it by hand)."""
    pace: float = 0.0
    """Seconds to wait before each delivery (the demo with its wall plays at a watchable pace)."""
    _people: itertools.count[int] = field(default_factory=lambda: itertools.count(1001))
    _chats: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _seen_calls: int = 0

    async def start(self) -> App:
        self.app = build_application(self.settings, request=self.api, clock=self.clock)
        await self.app.initialize()
        await setup(self.app)
        await self.app.start()
        return self.app

    async def stop(self) -> None:
        if self.app is None:
            return
        await self.settle()
        await self.app.stop()
        await settle(self.app)  # post_stop, as run_polling calls it
        await self.app.shutdown()
        await teardown(self.app)
        self.app = None

    async def restart(self) -> App:
        """Stop the bot and start it again on the same database and the same Telegram."""
        await self.stop()
        return await self.start()

    def person(
        self, first_name: str, language: str = "de", username: str | None = None
    ) -> SimPerson:
        return SimPerson(self, next(self._people), first_name, language, username)

    def group(self, title: str, *, forum: bool = False) -> SimChat:
        chat = SimChat(-1_000_000_000_000 - next(self._chats), "supergroup", title, forum)
        self.api.add_chat(chat.id, chat.type, title, is_forum=forum)
        return chat

    def topic(self, forum: SimChat, name: str, creator: SimPerson) -> int:
        """Create a forum topic; its id is the id of the service message that opened it."""
        message_id = self.api.next_message_id(forum.id)
        self.api.remember(
            {
                "message_id": message_id,
                "chat": forum.as_dict(),
                "date": int(time.time()),
                "from": creator.as_dict(),
                "forum_topic_created": {"name": name, "icon_color": 7322096},
            }
        )
        return message_id

    def message(
        self,
        sender: SimPerson,
        chat: SimChat,
        *,
        thread: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.api.next_message_id(chat.id),
            "date": int(time.time()),
            "chat": chat.as_dict() if chat.type != "private" else {
                "id": sender.id, "type": "private", "first_name": sender.first_name
            },
            "from": sender.as_dict(),
        }
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = True
            if reply_to is None:
                reply_to = self.api.messages.get((chat.id, thread))
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.api.remember(message)
        return message

    async def deliver(self, payload: dict[str, Any], *, settle: bool = True) -> None:
        assert self.app is not None, "start() the world first"
        if self.pace:
            await asyncio.sleep(self.pace)
        payload = {"update_id": self.api.next_update_id(), **payload}
        await self.app.update_queue.put(Update.de_json(payload, self.app.bot))
        if settle:
            await self.settle()

    async def deliver_again(self, payload: dict[str, Any]) -> None:
        """Telegram delivering the very same update once more (after a restart, say)."""
        assert self.app is not None
        await self.app.update_queue.put(Update.de_json(payload, self.app.bot))
        await self.settle()

    async def settle(self, *, live: bool = True) -> None:
        """Wait until every queued update was handled; then run pending live renders now."""
        assert self.app is not None
        await self.app.update_queue.join()
        await self.app.bot_data["services"].quiet()
        if live:
            await self.app.bot_data["services"].live.flush(self.app)
        self.collect_transcript()

    def last_bot_message(self, call: Call) -> dict[str, Any]:
        """The message as it is now, that a recorded send or edit produced."""
        assert isinstance(call.result, dict), f"{call.method} did not return a message"
        return self.api.messages[(call.result["chat"]["id"], call.result["message_id"])]

    def log(self, sender: SimPerson, chat: SimChat | None, text: str) -> None:
        self.collect_transcript()
        if chat is None:
            where = ""
        else:
            where = " (privat)" if chat.type == "private" else f" @ {chat.title}"
        self.add_line(f"{sender.first_name}{where}: {text}")

    def collect_transcript(self) -> None:
        for call in self.api.calls[self._seen_calls :]:
            line = describe(call, self)
            if line:
                self.add_line(line)
        self._seen_calls = len(self.api.calls)

    def add_line(self, line: str) -> None:
        self.transcript.append(line)
        if self.echo:
            print(line, flush=True)


def describe(call: Call, world: World) -> str | None:
    """One transcript line for what the bot did; a call Telegram refused showed nobody anything."""
    if call.status >= 400:
        return None
    chat = call.chat_id
    where = "privat" if chat is not None and chat > 0 else "Gruppe"
    if call.method == "sendMessage":
        if isinstance(call.result, dict):
            world.shown[(call.result["chat"]["id"], call.result["message_id"])] = str(
                call.params.get("text", "")
            )
        text = str(call.params.get("text", "")).replace("\n", "\n      ")
        buttons = _buttons(call.params.get("reply_markup"))
        return f"  Bot → {where}: {text}{buttons}"
    if call.method == "editMessageText":
        return describe_edit(call, world, where)
    if call.method == "setMessageReaction":
        return "  Bot reagiert mit ✍"
    if call.method == "sendDocument":
        return f"  Bot → {where}: [Datei] {call.params.get('caption', '')}"
    if call.method == "answerCallbackQuery" and call.params.get("url"):
        return f"  Bot öffnet den Link: {call.params['url']}"
    if call.method == "answerCallbackQuery" and call.params.get("text"):
        return f"  Bot (Hinweis): {call.params['text']}"
    return None


def describe_edit(call: Call, world: World, where: str) -> str:
    """An edit shows only the lines that changed, so a live message does not fill the page."""
    key = (int(call.params["chat_id"]), int(call.params["message_id"]))
    text = str(call.params.get("text", ""))
    before = world.shown.get(key)
    world.shown[key] = text
    if before is None:
        return f"  Bot ✎ {where}: " + text.replace("\n", "\n      ")
    old = set(before.splitlines())
    changed = [line for line in text.splitlines() if line not in old]
    shown = "\n      ".join(changed) if changed else "(unverändert)"
    return f"  Bot ✎ {where} (Live-Nachricht, neu): {shown}"


def _buttons(markup: Any) -> str:
    if not isinstance(markup, dict):
        return ""
    labels = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
    return ("\n      [" + "] [".join(labels) + "]") if labels else ""


__all__ = ["BOT_USERNAME", "SimChat", "SimPerson", "World"]
