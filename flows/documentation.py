"""Documentation moves: marking quotes, adding photos, exporting; and the rules they follow.

Anyone taking part may mark a message as a quote (its author decides later,
privately, whether and how it appears); a quote is a reply to a person's
message with words in it (not to the bot, not to a topic's opening), at most
2,000 characters. Photos for the draft (graphic
recordings, paper pinboards) are added by those who record: facilitators,
note-takers, organizers; a photo counts when its caption starts with ``#doku``
or someone answers it with ``/photo``, and a draft prints it only once whoever
added it confirmed that the people shown agreed (or that nobody is
recognizable). A caption may end with its credit ("… | Foto: Anna").
Only organizers export. Ending a
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
_CREDIT = re.compile(
    r"[\s|(–-]*\b(?:Foto|Photo|Bild)\s*:\s*(?P<who>[^)]+?)\)?\s*$|\s*©\s*(?P<c>.+)$",
    re.IGNORECASE)
Subjects = Literal["agreed", "nobody", "declined"]
SUBJECT_ANSWERS: tuple[Subjects, ...] = ("agreed", "nobody", "declined")


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


def split_credit(caption: str | None) -> tuple[str | None, str | None]:
    """A caption's text and its credit line: "Pinnwand WS 2 | Foto: Anna" gives both parts,
    as does "… (Foto: Anna)" or "… © Anna"; without one the credit is ``None``."""
    match = _CREDIT.search(caption or "")
    if match is None:
        return (caption or None), None
    who = (match.group("who") or match.group("c") or "").strip()
    rest = (caption or "")[: match.start()].strip(" |–-") or None
    return rest, who or None


def parse_subjects(value: str) -> Subjects:
    """The answer to "did the people shown agree?" from a button; anything else is refused."""
    for answer in SUBJECT_ANSWERS:
        if value == answer:
            return answer
    raise FlowError("docx.photo_gone")


def parse_answer(value: str) -> Answer:
    """An author's answer from a button; anything else is refused."""
    for answer in ANSWERS:
        if value == answer:
            return answer
    raise FlowError("documentation.quote_gone")


MAX_IMPRESSUM = {"thanks": 2000}
MAX_IMPRESSUM_LINE = 300


def impressum_value(field: str, text: str) -> str | None:
    """An organizer's answer for one Impressum field: ``None`` for a single minus (empty it),
    else the text trimmed; too long is refused."""
    value = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if value in {"-", "–", ""}:
        return None
    limit = MAX_IMPRESSUM.get(field, MAX_IMPRESSUM_LINE)
    if len(value) > limit:
        raise FlowError("docx.impressum_too_long", max=limit)
    return value
