"""A session's impulse speakers, moderators and podium guests, and whether each may be named.

A person chosen from Telegram answers privately whether they may appear by name in
this part (``pending`` until then); a guest without Telegram is stored only once an
organizer confirmed the guest agreed, so a guest's row is ``named`` from the start.
"""

from __future__ import annotations

from typing import Any

from flows.base import Value
from flows.people import ContributorRole, Guest, SpeakerConsent
from storage.db import Tx
from storage.records import iso, utcnow


class ContributorRecord(Value):
    id: int
    session_id: int
    role: ContributorRole
    user_id: int | None
    """``None`` for a guest typed in."""
    name: str | None
    organization: str | None
    function: str | None
    consent: SpeakerConsent


def _record(row: Any) -> ContributorRecord:
    return ContributorRecord(
        id=row["id"], session_id=row["session_id"], role=row["role"], user_id=row["user_id"],
        name=row["name"], organization=row["organization"], function=row["function"],
        consent=row["consent"],
    )


async def add_contributor(tx: Tx, session_id: int, role: ContributorRole, user_id: int,
                          added_by: int) -> tuple[ContributorRecord, bool]:
    """Name a person for a part of the session; ``False`` if they were named for it before."""
    changed = await tx.changes(
        "INSERT INTO contributors (session_id, role, user_id, added_by, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (session_id, role, user_id, added_by, iso(utcnow())),
    )
    row = await tx.one(
        "SELECT * FROM contributors WHERE session_id = ? AND role = ? AND user_id = ?",
        (session_id, role, user_id),
    )
    assert row is not None
    return _record(row), changed > 0


async def add_guest(tx: Tx, session_id: int, role: ContributorRole, guest: Guest,
                    added_by: int) -> ContributorRecord:
    """A guest without Telegram, whose consent the organizer confirmed."""
    row = await tx.one(
        "INSERT INTO contributors (session_id, role, name, organization, function, consent,"
        " added_by, created_at) VALUES (?, ?, ?, ?, ?, 'named', ?, ?) RETURNING *",
        (session_id, role, guest.name, guest.organization, guest.function, added_by,
         iso(utcnow())),
    )
    assert row is not None
    return _record(row)


async def get_contributor(tx: Tx, contributor_id: int) -> ContributorRecord | None:
    row = await tx.one("SELECT * FROM contributors WHERE id = ?", (contributor_id,))
    return _record(row) if row else None


async def contributors_of(tx: Tx, session_id: int) -> list[ContributorRecord]:
    """The session's contributors by part (impulse, moderation, podium), each in the order
    they were named."""
    rows = await tx.all(
        "SELECT * FROM contributors WHERE session_id = ? ORDER BY CASE role"
        " WHEN 'impulse' THEN 0 WHEN 'moderation' THEN 1 ELSE 2 END, id",
        (session_id,),
    )
    return [_record(row) for row in rows]


async def set_contributor_consent(tx: Tx, contributor_id: int, user_id: int,
                                  consent: SpeakerConsent) -> bool:
    """The named person's answer; ``False`` if the row is gone or names someone else."""
    changed = await tx.changes(
        "UPDATE contributors SET consent = ? WHERE id = ? AND user_id = ?",
        (consent, contributor_id, user_id),
    )
    return changed > 0


async def remove_contributor(tx: Tx, contributor_id: int) -> bool:
    changed = await tx.changes("DELETE FROM contributors WHERE id = ?", (contributor_id,))
    return changed > 0
