"""Callback data that can't be forged: short, signed, and at most 64 bytes.

A button's data is ``<action>|<arg>|<arg>…|<tag>``; the tag is an HMAC of the
rest and the chat it was sent to, keyed with a secret kept in the database.
A press whose tag does not match (made up, or copied to another chat) is
refused before any handler sees it. Whether the press is still current
(round open, phase right) is for the flow to decide.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from telegram import InlineKeyboardButton

MAX_BYTES = 64
_TAG_BYTES = 6


class ButtonSigner:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def _tag(self, body: str, chat_id: int) -> str:
        digest = hmac.new(self._key, f"{chat_id}|{body}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).decode().rstrip("=")

    def pack(self, chat_id: int, action: str, *args: object) -> str:
        body = "|".join([action, *(str(arg) for arg in args)])
        data = f"{body}|{self._tag(body, chat_id)}"
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data too long: {data!r}")
        return data

    def unpack(self, chat_id: int, data: str) -> tuple[str, list[str]] | None:
        """The action and its arguments, or ``None`` for data this bot did not sign for the chat."""
        body, _, tag = data.rpartition("|")
        if not body or not hmac.compare_digest(tag, self._tag(body, chat_id)):
            return None
        action, *args = body.split("|")
        return action, args

    def button(self, chat_id: int, label: str, action: str, *args: object) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=self.pack(chat_id, action, *args))
