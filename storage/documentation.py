"""Quotes and photos marked for the documentation, and a session's texts for the draft.

A quote is stored the moment it is marked, with consent ``pending``; only its
author can change that, and only ``named`` or ``anonymous`` quotes reach a
draft. Photos are stored with their bytes, so a draft can be compiled long
after Telegram has forgotten the file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from flows.base import Value
from storage.db import Tx
from storage.records import iso, parse_iso, utcnow

ConsentValue = Literal["pending", "named", "anonymous", "declined"]
CONSENTS: tuple[ConsentValue, ...] = ("pending", "named", "anonymous", "declined")
SubjectsValue = Literal["pending", "agreed", "nobody", "declined"]
SUBJECTS: tuple[SubjectsValue, ...] = ("pending", "agreed", "nobody", "declined")
"""Whether the people a photo shows agreed: not yet asked, agreed, nobody recognizable, no."""
PUBLISHABLE = frozenset({"agreed", "nobody"})


class QuoteRecord(Value):
    id: int
    session_id: int
    chat_id: int
    message_id: int
    author_id: int
    text: str
    marked_by: int
    consent: ConsentValue


class PhotoRecord(Value):
    id: int
    session_id: int
    chat_id: int
    message_id: int
    file_id: str
    caption: str | None
    data: bytes
    uploader_id: int | None = None
    added_by: int | None = None
    credit: str | None = None
    subjects: SubjectsValue = "pending"


class SessionTexts(Value):
    """What the draft shows under a session's title; ``None`` leaves a placeholder."""

    question: str | None = None
    impulse: str | None = None
    moderation: str | None = None


def _quote(row: Any) -> QuoteRecord:
    return QuoteRecord(
        id=row["id"], session_id=row["session_id"], chat_id=row["chat_id"],
        message_id=row["message_id"], author_id=row["author_id"], text=row["text"],
        marked_by=row["marked_by"], consent=row["consent"],
    )


def _photo(row: Any) -> PhotoRecord:
    return PhotoRecord(
        id=row["id"], session_id=row["session_id"], chat_id=row["chat_id"],
        message_id=row["message_id"], file_id=row["file_id"], caption=row["caption"],
        data=bytes(row["data"]), uploader_id=row["uploader_id"], added_by=row["added_by"],
        credit=row["credit"], subjects=row["subjects"],
    )


async def mark_quote(
    tx: Tx, session_id: int, chat_id: int, message_id: int, author_id: int, text: str,
    marked_by: int,
) -> tuple[QuoteRecord, bool]:
    """Store a message as a quote (consent pending); ``False`` if it was marked before."""
    changed = await tx.changes(
        "INSERT INTO quotes (session_id, chat_id, message_id, author_id, text,"
        " marked_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (session_id, chat_id, message_id, author_id, text, marked_by, iso(utcnow())),
    )
    row = await tx.one(
        "SELECT * FROM quotes WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
    )
    assert row is not None
    return _quote(row), changed > 0


async def get_quote(tx: Tx, quote_id: int) -> QuoteRecord | None:
    row = await tx.one("SELECT * FROM quotes WHERE id = ?", (quote_id,))
    return _quote(row) if row else None


async def set_quote_consent(
    tx: Tx, quote_id: int, author_id: int, consent: ConsentValue
) -> bool:
    """The author's answer; ``False`` if the quote is gone or belongs to someone else."""
    if consent not in CONSENTS:
        raise ValueError(f"unknown consent {consent!r}")
    changed = await tx.changes(
        "UPDATE quotes SET consent = ? WHERE id = ? AND author_id = ?",
        (consent, quote_id, author_id),
    )
    return changed > 0


async def quotes_of_session(tx: Tx, session_id: int) -> list[QuoteRecord]:
    rows = await tx.all("SELECT * FROM quotes WHERE session_id = ? ORDER BY id", (session_id,))
    return [_quote(row) for row in rows]


async def add_photo(
    tx: Tx, session_id: int, chat_id: int, message_id: int, file_id: str,
    caption: str | None, data: bytes, *, uploader_id: int | None = None,
    added_by: int | None = None, credit: str | None = None,
) -> tuple[PhotoRecord, bool]:
    """Store a photo for the draft, its people's agreement pending; ``False`` if this
    message's photo was stored before."""
    changed = await tx.changes(
        "INSERT INTO photos (session_id, chat_id, message_id, file_id, caption, data,"
        " created_at, uploader_id, added_by, credit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (session_id, chat_id, message_id, file_id, caption, data, iso(utcnow()), uploader_id,
         added_by, credit),
    )
    row = await tx.one(
        "SELECT * FROM photos WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
    )
    assert row is not None
    return _photo(row), changed > 0


async def photo_stored(tx: Tx, chat_id: int, message_id: int) -> bool:
    row = await tx.one(
        "SELECT 1 FROM photos WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
    )
    return row is not None


async def get_photo(tx: Tx, photo_id: int) -> PhotoRecord | None:
    row = await tx.one("SELECT * FROM photos WHERE id = ?", (photo_id,))
    return _photo(row) if row else None


async def photo_of_message(tx: Tx, chat_id: int, message_id: int) -> PhotoRecord | None:
    row = await tx.one(
        "SELECT * FROM photos WHERE chat_id = ? AND message_id = ?", (chat_id, message_id)
    )
    return _photo(row) if row else None


async def set_photo_subjects(
    tx: Tx, photo_id: int, person: int, subjects: SubjectsValue
) -> bool:
    """The answer of whoever added the photo; ``False`` if it is gone or someone else's."""
    if subjects not in SUBJECTS:
        raise ValueError(f"unknown answer {subjects!r}")
    changed = await tx.changes(
        "UPDATE photos SET subjects = ? WHERE id = ? AND added_by = ?",
        (subjects, photo_id, person),
    )
    return changed > 0


async def photos_of_session(tx: Tx, session_id: int) -> list[PhotoRecord]:
    rows = await tx.all("SELECT * FROM photos WHERE session_id = ? ORDER BY id", (session_id,))
    return [_photo(row) for row in rows]


async def session_texts(tx: Tx, session_id: int) -> SessionTexts:
    row = await tx.one(
        "SELECT question, impulse, moderation FROM sessions WHERE id = ?", (session_id,)
    )
    if row is None:
        return SessionTexts()
    return SessionTexts(question=row["question"], impulse=row["impulse"],
                        moderation=row["moderation"])


async def set_session_texts(tx: Tx, session_id: int, texts: SessionTexts) -> None:
    """Replace the session's question, impulse and moderation (``None`` clears one)."""
    await tx.execute(
        "UPDATE sessions SET question = ?, impulse = ?, moderation = ? WHERE id = ?",
        (texts.question, texts.impulse, texts.moderation, session_id),
    )


async def rounds_with_end(tx: Tx, session_id: int) -> list[tuple[str, str, datetime | None]]:
    """The session's rounds in the order they were opened: kind, state JSON, when they closed."""
    rows = await tx.all(
        "SELECT kind, state, closed_at FROM rounds WHERE session_id = ? ORDER BY id",
        (session_id,),
    )
    return [(row["kind"], row["state"], parse_iso(row["closed_at"])) for row in rows]

