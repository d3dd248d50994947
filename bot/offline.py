"""An offline Bot API: answers python-telegram-bot's requests in memory, the way Telegram does.

Used by the tests, the demo and the benchmarks; nothing leaves the process.
It keeps the chats and the messages the bot sent, answers with real-shaped
objects (dates in seconds, the real chat and forum topic), and refuses what
Telegram refuses: an identical edit ("message is not modified"), an edit of a
message that is not there, text past 4096 characters, callback data past 64
bytes, a file past 50 MB (413), a private message (or chat action) to someone who never
started the bot, an invite link asked by a bot that is no administrator with the right to
invite users (``rights``). With ``enforce_limits`` it answers 429 past 20 messages a minute to one
group or 30 a second overall. Every call is recorded in ``calls``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 700_000_001
BOT_USERNAME = "werkstatt_demo_bot"
MAX_TEXT = 4096
UPLOAD_LIMIT = 50 * 1000 * 1000  # a file a bot uploads
MAX_CALLBACK_DATA = 64
SENDING = frozenset(
    {
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)
"""Methods that count against a chat's flood limit."""


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    files: dict[str, bytes] = field(default_factory=dict)
    filenames: dict[str, str] = field(default_factory=dict)
    """The name each uploaded file was sent with."""
    status: int = 0
    result: Any = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class _Failure:
    method: str | None
    status: int
    description: str
    retry_after: int | None = None
    network: str | None = None


class OfflineBotAPI(BaseRequest):
    """An in-memory Telegram for one bot."""

    def __init__(self, *, enforce_limits: bool = False) -> None:
        self.enforce_limits = enforce_limits
        self.calls: list[Call] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.started: set[int] = set()
        self.files: dict[str, bytes] = {}
        self.chat_admins: dict[int, set[int]] = defaultdict(set)
        """Administrators of each group (the bot too, when ``BOT_ID`` is in it: it may pin)."""
        self.rights: dict[tuple[int, int], dict[str, bool]] = {}
        """An administrator's rights in a group where they are not all granted (chat, user →
        right → granted): ``can_invite_users`` False keeps the bot from making invite links."""
        self.invite_links: dict[str, int] = {}
        """Every invite link the bot created, with its group."""
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        """Command menus as set: (scope as JSON, language code or "") → the commands."""
        self.too_many_answers = 0
        self.pinned: dict[int, int] = {}
        """The message pinned in each chat."""
        self.pins: list[dict[str, Any]] = []
        """The service messages "… pinned …" Telegram posted for the bot's pins in groups."""
        self.listeners: list[Callable[[Call], None]] = []
        """Called with every call once it was answered (benchmarks, crash drills)."""
        self._ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._failures: list[_Failure] = []
        self._per_chat: dict[int, deque[float]] = defaultdict(deque)
        self._overall: deque[float] = deque()
        self.clock: Callable[[], float] = time.monotonic
        """The time an outage is measured in (a test replaces it to play a long one fast)."""
        self._outage: tuple[float, int | None] | None = None
        self.pending: list[dict[str, Any]] = []
        """Updates for the bot's ``getUpdates``, kept until an offset past them confirms them."""
        self._update_ids = itertools.count(1)
        self._arrived: asyncio.Event | None = None

    # -- what a test or the demo sets up ------------------------------------------------------
    def add_chat(
        self, chat_id: int, chat_type: str, title: str | None = None, *, is_forum: bool = False,
        username: str | None = None,
    ) -> dict[str, Any]:
        """A chat the bot is in; a public group has a ``username`` (its link t.me/<username>)."""
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if title:
            chat["title"] = title
        if is_forum:
            chat["is_forum"] = True
        if username:
            chat["username"] = username
        self.chats[chat_id] = chat
        return chat

    def next_message_id(self, chat_id: int) -> int:
        return next(self._ids[chat_id])

    def remember(self, message: dict[str, Any]) -> None:
        """Keep a message a simulated person sent, so replies and edits can refer to it."""
        self.messages[(message["chat"]["id"], message["message_id"])] = message

    def fail_next(
        self,
        method: str | None,
        status: int = 400,
        description: str = "Bad Request",
        *,
        retry_after: int | None = None,
        network: str | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next call(s) of ``method`` (any method: ``None``) with an error."""
        for _ in range(times):
            self._failures.append(_Failure(method, status, description, retry_after, network))

    def outage(self, seconds: float, status: int | None = 502) -> None:
        """Be down for ``seconds`` of ``clock``: answer every call with ``status`` (a 5xx), or
        with ``None`` not at all (the request times out)."""
        self._outage = (self.clock() + seconds, status)

    def next_update_id(self) -> int:
        """Update ids are Telegram's: one sequence for everything this bot receives."""
        return next(self._update_ids)

    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """An update for the bot to fetch with ``getUpdates`` (numbered unless it has an id)."""
        update = {"update_id": self.next_update_id(), **payload}
        self.pending.append(update)
        if self._arrived is not None:
            self._arrived.set()
        return update

    # -- what tests ask afterwards ------------------------------------------------------------
    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        return [
            call
            for call in self.calls
            if (method is None or call.method == method)
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def texts(self, chat_id: int | None = None) -> list[str]:
        return [str(call.params.get("text", "")) for call in self.sent("sendMessage", chat_id)]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        return self.messages[(chat_id, message_id)]

    # -- BaseRequest ---------------------------------------------------------------------------
    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            return 200, self.files.get(url.rsplit("/", 1)[-1], b"")
        params = dict(request_data.parameters) if request_data else {}
        files: dict[str, bytes] = {}
        filenames: dict[str, str] = {}
        if request_data and request_data.multipart_data:
            for part, content in request_data.multipart_data.items():
                payload = content[1] if isinstance(content, tuple) else content
                files[part] = payload if isinstance(payload, bytes) else b""
                if isinstance(content, tuple) and isinstance(content[0], str):
                    filenames[part] = content[0]
        return await self.answer(url.rsplit("/", 1)[-1], params, files, filenames)

    async def answer(self, name: str, params: dict[str, Any], files: dict[str, bytes],
                     filenames: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Answer one Bot API method as Telegram would, and record the call."""
        call = Call(name, params, time.monotonic(), files, filenames or {})
        self.calls.append(call)
        status, body = await self._answer(name, params, files, call.at)
        call.status = status
        call.result = json.loads(body).get("result")
        for listener in self.listeners:
            listener(call)
        return status, body

    async def _answer(
        self, name: str, params: dict[str, Any], files: dict[str, bytes], now: float
    ) -> tuple[int, bytes]:
        if self._outage is not None and self.clock() < self._outage[0]:
            if self._outage[1] is None:
                raise TimedOut("Timed out (offline Bot API down)")
            return self._error(self._outage[1], HTTPStatus(self._outage[1]).phrase)
        failure = self._take_failure(name)
        if failure is not None:
            if failure.network == "timeout":
                raise TimedOut("Timed out (offline Bot API)")
            if failure.network:
                raise NetworkError(failure.network)
            return self._error(failure.status, failure.description, failure.retry_after)
        if name == "getUpdates":
            return self._ok(await self._get_updates(params))
        limited = self._flood_check(name, params, now)
        if limited is not None:
            return limited
        handler = getattr(self, f"_api_{name}", None)
        if handler is None:
            return self._ok(True)
        result: tuple[int, bytes] = handler(params, files)
        return result

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Telegram's long polling: an offset confirms every update below it (they are gone);
        with none waiting, wait up to the timeout (at most half a second) for one."""
        offset = int(params.get("offset") or 0)
        self.pending = [update for update in self.pending if update["update_id"] >= offset]
        if not self.pending:
            self._arrived = asyncio.Event()
            wait = min(float(params.get("timeout", 0) or 0), 0.5)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), wait)
            self._arrived = None
        return self.pending[: int(params.get("limit") or 100)]

    # -- the methods ---------------------------------------------------------------------------
    def _api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, bytes]:
        return self._ok(
            {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Werkstatt",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        )

    def _api_sendMessage(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        problem = (
            self._check_chat(chat_id) or self._check_text(params) or self._check_markup(params)
        )
        if problem:
            return problem
        message = self._new_message(chat_id, params)
        message["text"] = params["text"]
        return self._ok(message)

    def _api_sendDocument(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        problem = self._check_chat(chat_id)
        if problem:
            return problem
        content = next(iter(files.values()), b"")
        if len(content) > UPLOAD_LIMIT:
            return self._error(413, "Request Entity Too Large")
        message = self._new_message(chat_id, params)
        message["document"] = {
            "file_id": f"doc{len(self.calls)}",
            "file_unique_id": f"udoc{len(self.calls)}",
            "file_size": len(content),
        }
        if "caption" in params:
            message["caption"] = params["caption"]
        return self._ok(message)

    def _api_editMessageText(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        problem = self._check_text(params) or self._check_markup(params)
        if problem:
            return problem
        message = self.messages.get(key)
        if message is None or message.get("from", {}).get("id") != BOT_ID:
            return self._error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message.get("text") == params["text"] and message.get("reply_markup") == markup:
            return self._error(
                400,
                "Bad Request: message is not modified: specified new message content and reply"
                " markup are exactly the same as a current content and reply markup of the message",
            )
        message["text"] = params["text"]
        self._set_markup(message, markup)
        message["edit_date"] = int(time.time())
        return self._ok(message)

    def _api_editMessageReplyMarkup(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            return self._error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message.get("reply_markup") == markup:
            return self._error(400, "Bad Request: message is not modified")
        self._set_markup(message, markup)
        return self._ok(message)

    def _api_deleteMessage(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if self.messages.pop(key, None) is None:
            return self._error(400, "Bad Request: message to delete not found")
        return self._ok(True)

    def _api_setMessageReaction(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            return self._error(400, "Bad Request: message to react not found")
        self.messages[key]["reactions"] = params.get("reaction", [])
        return self._ok(True)

    def _api_sendChatAction(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        """"Typing…" for a moment; to someone who never started the bot, 403 like a message."""
        refused = self._check_chat(int(params["chat_id"]))
        return refused if refused is not None else self._ok(True)

    def _api_getChatMember(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = "administrator" if user_id in self.chat_admins[chat_id] else "member"
        user = ({"id": BOT_ID, "is_bot": True, "first_name": "Werkstatt", "username": BOT_USERNAME}
                if user_id == BOT_ID else
                {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"})
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "administrator":
            member.update(self.rights_of(chat_id, user_id))
        return self._ok(member)

    def rights_of(self, chat_id: int, user_id: int) -> dict[str, bool]:
        """An administrator's rights: all an administrator usually has, unless ``rights`` says
        otherwise for this chat and person."""
        granted = {
            "can_be_edited": False,
            "is_anonymous": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "can_manage_video_chats": True,
            "can_restrict_members": True,
            "can_promote_members": False,
            "can_change_info": True,
            "can_invite_users": True,
            "can_pin_messages": True,
            "can_post_stories": False,
            "can_edit_stories": False,
            "can_delete_stories": False,
        }
        granted.update(self.rights.get((chat_id, user_id), {}))
        return granted

    def _api_getChatAdministrators(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            return self._error(400, "Bad Request: chat not found")
        members = []
        for user_id in sorted(self.chat_admins[chat_id]):
            _, body = self._api_getChatMember({"chat_id": chat_id, "user_id": user_id}, files)
            members.append(json.loads(body)["result"])
        return self._ok(members)

    def _api_getChat(self, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, bytes]:
        """The chat as Telegram describes it (ChatFullInfo); a public group has its username."""
        chat_id = int(params["chat_id"])
        chat = self.chats.get(chat_id)
        if chat is None and chat_id not in self.started:
            return self._error(400, "Bad Request: chat not found")
        info: dict[str, Any] = dict(chat or {"id": chat_id, "type": "private",
                                             "first_name": "User"})
        info.update({"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": {
            "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
            "premium_subscription": False, "gifts_from_channels": False}})
        return self._ok(info)

    def _api_createChatInviteLink(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        """A new invite link, for an administrator bot with the right to invite users only."""
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            return self._error(400, "Bad Request: chat not found")
        if (BOT_ID not in self.chat_admins[chat_id]
                or not self.rights_of(chat_id, BOT_ID)["can_invite_users"]):
            return self._error(400, "Bad Request: not enough rights to manage chat invite link")
        link = f"https://t.me/+{len(self.invite_links) + 1:04d}{abs(chat_id) % 10_000:04d}inv"
        self.invite_links[link] = chat_id
        result: dict[str, Any] = {
            "invite_link": link,
            "creator": {"id": BOT_ID, "is_bot": True, "first_name": "Werkstatt",
                        "username": BOT_USERNAME},
            "creates_join_request": bool(params.get("creates_join_request", False)),
            "is_primary": False,
            "is_revoked": False,
        }
        if params.get("name"):
            result["name"] = str(params["name"])
        return self._ok(result)

    def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        problem = self._check_chat(chat_id)
        if problem:
            return problem
        content = next(iter(files.values()), b"")
        if len(content) > 10 * 1000 * 1000:  # Telegram's limit for photos
            return self._error(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        message = self._new_message(chat_id, params)
        unique = f"photo{len(self.calls)}"
        self.files[unique] = content
        message["photo"] = [{"file_id": unique, "file_unique_id": f"u{unique}", "width": 512,
                             "height": 512, "file_size": len(content)}]
        if "caption" in params:
            message["caption"] = params["caption"]
        return self._ok(message)

    def _api_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> tuple[int, bytes]:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            return self._error(400, "Bad Request: invalid file_id")
        return self._ok(
            {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}",
            }
        )

    def _api_setMyCommands(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        """Replace the menu of one scope and language, as Telegram does (an empty list clears)."""
        commands = params.get("commands") or []
        if isinstance(commands, str):
            commands = json.loads(commands)
        if len(commands) > 100:
            return self._error(400, "Bad Request: too many commands specified")
        problem = self._check_scope(params)
        if problem:
            return problem
        key = self._menu_key(params)
        if commands:
            self.commands[key] = list(commands)
        else:
            self.commands.pop(key, None)
        return self._ok(True)

    def _api_deleteMyCommands(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        """Drop one scope's menu, so the lower scopes show again."""
        problem = self._check_scope(params)
        if problem:
            return problem
        self.commands.pop(self._menu_key(params), None)
        return self._ok(True)

    def _api_getMyCommands(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        return self._ok(self.commands.get(self._menu_key(params), []))

    def _api_pinChatMessage(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        """Pin a message; in a group, like Telegram, a service message tells the chat so."""
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        problem = self._check_chat(chat_id)
        if problem:
            return problem
        if chat_id < 0 and BOT_ID not in self.chat_admins[chat_id]:
            return self._error(400, "Bad Request: not enough rights to manage pinned messages"
                                    " in the chat")
        pinned = self.messages.get((chat_id, message_id))
        if pinned is None:
            return self._error(400, "Bad Request: message to pin not found")
        self.pinned[chat_id] = message_id
        if chat_id < 0:
            notice = self._new_message(chat_id, {"message_thread_id": pinned.get(
                "message_thread_id")})
            notice["pinned_message"] = pinned
            self.pins.append(notice)
        return self._ok(True)

    def _api_unpinChatMessage(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> tuple[int, bytes]:
        chat_id = int(params["chat_id"])
        if chat_id < 0 and BOT_ID not in self.chat_admins[chat_id]:
            return self._error(400, "Bad Request: not enough rights to manage pinned messages"
                                    " in the chat")
        self.pinned.pop(chat_id, None)
        return self._ok(True)

    def _check_scope(self, params: dict[str, Any]) -> tuple[int, bytes] | None:
        """A chat or chat-member scope must name a chat the bot is in (and a member)."""
        scope = self._scope(params)
        if scope.get("type") in ("chat", "chat_administrators", "chat_member"):
            chat_id = int(scope.get("chat_id", 0))
            if chat_id < 0 and chat_id not in self.chats:
                return self._error(400, "Bad Request: chat not found")
            if chat_id > 0 and chat_id not in self.started:
                return self._error(400, "Bad Request: chat not found")
            if scope["type"] == "chat_member" and "user_id" not in scope:
                return self._error(400, "Bad Request: user not found")
        return None

    @staticmethod
    def _scope(params: dict[str, Any]) -> dict[str, Any]:
        scope = params.get("scope") or {"type": "default"}
        parsed: dict[str, Any] = json.loads(scope) if isinstance(scope, str) else dict(scope)
        return parsed

    def _menu_key(self, params: dict[str, Any]) -> tuple[str, str]:
        return json.dumps(self._scope(params), sort_keys=True), str(params.get("language_code")
                                                                    or "")

    def menu(self, scope: dict[str, Any], language: str | None = None) -> list[str]:
        """The command names a scope's menu shows in a language (tests ask this)."""
        return list(self.described(scope, language))

    def described(self, scope: dict[str, Any], language: str | None = None) -> dict[str, str]:
        """A scope's menu in a language: each command with its description."""
        key = json.dumps(scope, sort_keys=True), language or ""
        return {str(command["command"]): str(command["description"])
                for command in self.commands.get(key, [])}

    # -- checks --------------------------------------------------------------------------------
    def _check_chat(self, chat_id: int) -> tuple[int, bytes] | None:
        if chat_id > 0 and chat_id not in self.started:
            return self._error(403, "Forbidden: bot can't initiate conversation with a user")
        if chat_id < 0 and chat_id not in self.chats:
            return self._error(400, "Bad Request: chat not found")
        return None

    def _check_text(self, params: dict[str, Any]) -> tuple[int, bytes] | None:
        text = str(params.get("text", ""))
        if not text.strip():
            return self._error(400, "Bad Request: message text is empty")
        if len(text) > MAX_TEXT:
            return self._error(400, "Bad Request: message is too long")
        return None

    def _check_markup(self, params: dict[str, Any]) -> tuple[int, bytes] | None:
        markup = params.get("reply_markup")
        if not isinstance(markup, dict):
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                    return self._error(400, "Bad Request: BUTTON_DATA_INVALID")
        return None

    def _flood_check(
        self, name: str, params: dict[str, Any], now: float
    ) -> tuple[int, bytes] | None:
        if not self.enforce_limits or name not in SENDING:
            return None
        while self._overall and now - self._overall[0] >= 1.0:
            self._overall.popleft()
        chat_id = int(params.get("chat_id", 0))
        window = self._per_chat[chat_id]
        while window and now - window[0] >= 60.0:
            window.popleft()
        if len(self._overall) >= 30:
            self.too_many_answers += 1
            return self._error(429, "Too Many Requests: retry after 1", retry_after=1)
        if chat_id < 0 and len(window) >= 20:
            self.too_many_answers += 1
            wait = max(1, int(60 - (now - window[0])) + 1)
            return self._error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
        self._overall.append(now)
        window.append(now)
        return None

    # -- helpers -------------------------------------------------------------------------------
    def _take_failure(self, name: str) -> _Failure | None:
        for index, failure in enumerate(self._failures):
            if failure.method in (None, name):
                return self._failures.pop(index)
        return None

    def _new_message(self, chat_id: int, params: dict[str, Any]) -> dict[str, Any]:
        chat = self.chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "User"}
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": chat,
            "from": {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Werkstatt",
                "username": BOT_USERNAME,
            },
        }
        thread = params.get("message_thread_id")
        if thread is not None and chat.get("is_forum"):
            message["message_thread_id"] = int(thread)
            message["is_topic_message"] = True
        self._set_markup(message, params.get("reply_markup"))
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and (chat_id, reply.get("message_id")) in self.messages:
            message["reply_to_message"] = self.messages[(chat_id, int(reply["message_id"]))]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _set_markup(message: dict[str, Any], markup: Any) -> None:
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)

    @staticmethod
    def _ok(result: Any) -> tuple[int, bytes]:
        return 200, json.dumps({"ok": True, "result": result}).encode()

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> tuple[int, bytes]:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return status, json.dumps(body).encode()
