"""People who take part from a browser, without Telegram: a person id of their own per session.

A guest is a person like any other (``people``, a member of the session), so
their notes, dots and queue places count in results, composition and drafts;
their id is negative and below ``-GUEST_BASE``, which no Telegram user has.
"""

from __future__ import annotations

from storage.db import Tx
from storage.records import Person, iso, row_to_person, utcnow

GUEST_BASE = 1_000_000_000


def is_guest(user_id: int) -> bool:
    """Whether a person id is a guest's (no Telegram chat to write to)."""
    return user_id < -GUEST_BASE


async def new_guest(tx: Tx, session_id: int, name: str, language: str, sector: str | None,
                    consent: bool) -> Person:
    """A person who joined the session from a browser, registered with what they gave."""
    now = iso(utcnow())
    number = await tx.execute("INSERT INTO guests (session_id, created_at) VALUES (?, ?)",
                              (session_id, now))
    user_id = -(GUEST_BASE + number)
    await tx.execute(
        "INSERT INTO people (user_id, telegram_name, language, display_name, sector,"
        " consent_name, registered_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (user_id, name, language, name, sector, int(consent), now, now),
    )
    await tx.execute(
        "INSERT INTO session_members (session_id, user_id, first_seen) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (session_id, user_id, now),
    )
    row = await tx.one("SELECT * FROM people WHERE user_id = ?", (user_id,))
    assert row is not None
    return row_to_person(row)


async def guest_of(tx: Tx, session_id: int, user_id: int) -> Person | None:
    """The guest ``user_id`` if they joined this session and were not forgotten since."""
    if not is_guest(user_id):
        return None
    row = await tx.one(
        "SELECT p.* FROM guests g JOIN people p ON p.user_id = ?"
        " WHERE g.id = ? AND g.session_id = ?",
        (user_id, -user_id - GUEST_BASE, session_id),
    )
    return row_to_person(row) if row else None
