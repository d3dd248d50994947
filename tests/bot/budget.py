"""Counting what the bot adds to a group: every new message, as the people there see them.

A new message is anything that appears in the chat's history: a sent text,
document or photo, a copied or forwarded message, and the service message
Telegram posts when the bot pins something. A message deleted later still
counted (people saw it arrive); edits and reactions are not new messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from bot.offline import Call, OfflineBotAPI

NEW_MESSAGE = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage",
                         "forwardMessage"})


def new_messages(call: Call) -> int:
    """How many messages one answered call added to its chat."""
    if call.status != 200:
        return 0
    if call.method in NEW_MESSAGE:
        return 1
    if call.method == "sendMediaGroup":
        return len(call.result or [])
    if call.method == "pinChatMessage":
        return 1 if (call.chat_id or 0) < 0 else 0
    return 0


def group_posts(api: OfflineBotAPI, chat_id: int, since: int = 0) -> list[Call]:
    """The calls from ``since`` on that put a new message into the group ``chat_id``."""
    return [call for call in api.calls[since:]
            if call.chat_id == chat_id and new_messages(call) > 0]


def count_new(api: OfflineBotAPI, chat_id: int, since: int = 0) -> int:
    return sum(new_messages(call) for call in group_posts(api, chat_id, since))


@dataclass
class Budget:
    """New group messages allowed for a stretch of a session, with what was spent."""

    api: OfflineBotAPI
    chat_id: int
    limit: int
    since: int = field(default=0)

    @property
    def spent(self) -> int:
        return count_new(self.api, self.chat_id, self.since)

    def check(self, what: str) -> None:
        """Fail, naming every post, when the group got more than the budget."""
        posts = group_posts(self.api, self.chat_id, self.since)
        listed = "\n".join(f"  {call.method}: {str(call.params.get('text', ''))[:80]!r}"
                           for call in posts)
        assert self.spent <= self.limit, (
            f"{what} cost the group {self.spent} new messages (budget {self.limit}):\n{listed}")


@contextmanager
def budget(api: OfflineBotAPI, chat_id: int, limit: int, what: str) -> Iterator[Budget]:
    """Run a stretch of a session and fail if it added more than ``limit`` group messages."""
    spent = Budget(api, chat_id, limit, len(api.calls))
    yield spent
    spent.check(what)
