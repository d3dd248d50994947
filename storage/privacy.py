"""Deleting what people and organizers ask us to delete, and what is past its retention."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flows.base import FORGOTTEN
from storage.db import Tx
from storage.kit import forget_in_kit
from storage.records import iso, utcnow
from storage.surveys import forget_in_surveys


async def table_exists(tx: Tx, name: str) -> bool:
    if tx.dialect == "postgresql":
        row = await tx.one("SELECT to_regclass(?) IS NOT NULL AS found", (name,))
        return bool(row and row["found"])
    row = await tx.one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return row is not None


async def redact_log(tx: Tx, user_id: int) -> int:
    """Strip a person from the round log: their events and events naming them lose their body.

    Group sources stay, so a redelivered Telegram update still finds it already
    handled; sources from the person's private chat name them and are replaced.
    """
    mention = re.compile(rf"(?<![0-9]){user_id}(?![0-9])")
    rows = await tx.all(
        "SELECT id, actor, event FROM round_log WHERE actor = ? OR event LIKE ?",
        (user_id, f"%{user_id}%"),
    )
    await tx.execute(  # private-chat sources are "<user id>:<message>"
        "UPDATE round_log SET source = 'forgotten:' || id WHERE source LIKE ?",
        (f"{user_id}:%",),
    )
    changed = 0
    for row in rows:
        if row["actor"] != user_id and not mention.search(row["event"]):
            continue
        name = str(row["event"]).split(" ", 1)[0]
        actor = FORGOTTEN if row["actor"] == user_id else row["actor"]
        await tx.execute(
            "UPDATE round_log SET actor = ?, event = ? WHERE id = ?",
            (actor, f"{name} {{}}", row["id"]),
        )
        changed += 1
    return changed


async def forget_person(tx: Tx, user_id: int, erase: bool) -> None:
    """Delete the profile, roles, memberships, registrations, dialogues, the panel, the parts as
    speaker and the authorship of minutes; quotes by them, and (``erase``) minutes only they
    wrote; their survey answers go (``erase``) or stay without them."""
    for table in ("roles", "session_members", "dialogs", "panels"):
        await tx.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
    if await table_exists(tx, "minutes"):
        await forget_in_minutes(tx, user_id, erase)
    if await table_exists(tx, "quotes"):
        if erase:
            await tx.execute("DELETE FROM quotes WHERE author_id = ?", (user_id,))
        else:
            await tx.execute(
                "UPDATE quotes SET author_id = ?, consent = CASE consent WHEN 'named'"
                " THEN 'anonymous' ELSE consent END WHERE author_id = ?",
                (FORGOTTEN, user_id),
            )
    if await table_exists(tx, "impressum"):  # photos have their sender since migration 10
        if erase:
            await tx.execute("DELETE FROM photos WHERE uploader_id = ?", (user_id,))
        for column in ("uploader_id", "added_by"):
            await tx.execute(f"UPDATE photos SET {column} = ? WHERE {column} = ?",
                             (FORGOTTEN, user_id))
    if await table_exists(tx, "surveys"):  # the organizer's kit, since migration 12
        await forget_in_surveys(tx, user_id, erase)
        await forget_in_kit(tx, user_id)
    await tx.execute("DELETE FROM people WHERE user_id = ?", (user_id,))


async def forget_in_minutes(tx: Tx, user_id: int, erase: bool) -> None:
    """No longer a speaker or a reporter; with ``erase``, a summary they alone wrote goes too
    (one written with others stays: it is the others' text as well)."""
    await tx.execute("DELETE FROM contributors WHERE user_id = ?", (user_id,))
    if erase:
        await tx.execute(
            "DELETE FROM minutes WHERE session_id IN (SELECT session_id FROM minutes_authors a"
            " WHERE a.user_id = ? AND NOT EXISTS (SELECT 1 FROM minutes_authors o"
            " WHERE o.session_id = a.session_id AND o.user_id != a.user_id))",
            (user_id,),
        )
    await tx.execute("DELETE FROM minutes_authors WHERE user_id = ?", (user_id,))


async def delete_event(tx: Tx, event_id: int) -> None:
    """An event with everything in it (sessions, rounds, logs, roles cascade)."""
    await tx.execute("DELETE FROM events WHERE id = ?", (event_id,))


async def expired_events(tx: Tx, days: int, now: datetime | None = None) -> list[int]:
    cutoff = (now or utcnow()) - timedelta(days=days)
    rows = await tx.all("SELECT id FROM events WHERE created_at < ?", (iso(cutoff),))
    return [row["id"] for row in rows]
