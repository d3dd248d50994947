"""Documentation moves: marking quotes, adding photos, exporting; and the rules they follow.

Anyone taking part may mark a message as a quote (its author decides later,
privately, whether and how it appears); a quote is a reply to a person's
message with words in it (not to the bot, not to a topic's opening), at most
2,000 characters. Photos for the draft (graphic
recordings, paper pinboards) are added by those who record: facilitators,
note-takers, organizers; a photo counts when its caption starts with ``#doku``
or someone answers it with ``/photo``. Only organizers export. Ending a
session with its draft is ``flows.session.EndSession`` (facilitators and
organizers).
"""

from __future__ import annotations

import re
from typing import Literal

from flows.access import ORGANIZE, RECORD, TAKE_PART, Matrix, Role, check
from flows.base import Event, FlowError, has_visible_text

DOKU_TAG = "#doku"
MAX_QUOTE = 2000
Answer = Literal["named", "anonymous", "declined"]
ANSWERS: tuple[Answer, ...] = ("named", "anonymous", "declined")
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?\s*")
_TAG = re.compile(rf"^\s*{DOKU_TAG}\b[\s:–-]*", re.IGNORECASE)


class MarkQuote(Event):
    """Mark someone's message as a quote for the documentation."""

    author: int


class AddPhoto(Event):
    pass


class Export(Event):
    event_id: int


PERMISSIONS: Matrix = {
    MarkQuote: TAKE_PART,
    AddPhoto: RECORD,
    Export: ORGANIZE,
}
"""Who may mark quotes, add photos and export, for the role matrix (``flows.roles``)."""


def quote_text(text: str | None) -> str:
    """The words to quote: the message without a leading bot command, trimmed."""
    words = _COMMAND.sub("", (text or "").strip()).strip()
    if not has_visible_text(words):
        raise FlowError("documentation.quote_no_text")
    if len(words) > MAX_QUOTE:
        raise FlowError("documentation.quote_too_long", max=MAX_QUOTE)
    return words


def quote_words(role: Role, author: int | None, author_is_bot: bool, text: str | None) -> str:
    """The words of a message someone marks as a quote, if it may be one.

    ``author`` is ``None`` when the command answered no person's message.
    """
    if author is None:
        raise FlowError("documentation.quote_how")
    if author_is_bot:
        raise FlowError("documentation.quote_bot")
    check(PERMISSIONS, MarkQuote, role)
    return quote_text(text)


def is_doku_caption(caption: str | None) -> bool:
    """Whether a photo's caption marks it for the documentation (``#doku …``)."""
    return bool(caption and _TAG.match(caption))


def photo_caption(caption: str | None) -> str | None:
    """The caption for the draft: without the ``#doku`` tag, ``None`` when nothing is left."""
    text = _TAG.sub("", caption or "", count=1).strip()
    return text or None


def parse_answer(value: str) -> Answer:
    """An author's answer from a button; anything else is refused."""
    for answer in ANSWERS:
        if value == answer:
            return answer
    raise FlowError("documentation.quote_gone")
