"""People, events, roles and sessions."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from storage.db import Tx
from storage.records import (
    Event,
    Person,
    Session,
    iso,
    row_to_event,
    row_to_person,
    row_to_session,
    utcnow,
)

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SEEN_REFRESH = timedelta(hours=12)
"""How stale a person's last sighting (``seen_at``) may get before it is written again."""


@dataclass(frozen=True)
class Sender:
    """What is stored about a person sending in a session: profile, roles, membership."""

    person: Person | None
    """``None``: never seen before."""
    seen_at: str
    held: frozenset[str]
    member: bool

    def needs_sighting(self, telegram_name: str, username: str | None) -> bool:
        """Whether ``see_person`` would write: new, renamed, or not seen for a while."""
        return sighting_due(self.person, self.seen_at, telegram_name, username)


def sighting_due(person: Person | None, seen_at: str, telegram_name: str,
                 username: str | None) -> bool:
    """Whether Telegram shows the person anew: never seen, renamed, or not for a while."""
    return (
        person is None
        or person.telegram_name != telegram_name
        or person.username != (username.lower() if username else None)
        or seen_at < iso(utcnow() - SEEN_REFRESH)
    )


def newcomer(user_id: int, telegram_name: str, username: str | None, language: str) -> Person:
    """A person as ``see_person`` first stores them: only what Telegram shows."""
    return Person(user_id=user_id, telegram_name=telegram_name,
                  username=username.lower() if username else None, language=language,
                  display_name=None, sector=None, consent_name=False, registered=False)


async def sender(tx: Tx, user_id: int, session_id: int | None, event_id: int | None) -> Sender:
    """A person, their roles in the event and whether they are a member, in one query."""
    key = (user_id, session_id, event_id)
    return (await senders(tx, [key]))[key]


Asked = tuple[int, int | None, int | None]
"""A sender asked for: the person, the session and the event they send in (or ``None``)."""
SENDERS_AT_ONCE = 200
"""Senders read in one statement (three parameters each)."""


async def senders(tx: Tx, asked: Sequence[Asked]) -> dict[Asked, Sender]:
    """``sender`` for many at once (person, session, event): one query per
    ``SENDERS_AT_ONCE``, so that the senders of updates arriving together cost one read."""
    found: dict[Asked, Sender] = {}
    wanted = list(dict.fromkeys(asked))
    for start in range(0, len(wanted), SENDERS_AT_ONCE):
        part = wanted[start:start + SENDERS_AT_ONCE]
        rows = await tx.all(
            _SENDERS.format(asked=", ".join(["(CAST(? AS BIGINT), CAST(? AS BIGINT),"
                                             " CAST(? AS BIGINT))"] * len(part))),
            [value for key in part for value in key])
        for row in rows:
            known = row["user_id"] is not None
            found[(int(row["asked_user"]), _id_or_none(row["asked_session"]),
                   _id_or_none(row["asked_event"]))] = Sender(
                person=row_to_person(row) if known else None,
                seen_at=row["seen_at"] if known else "",
                held=frozenset(role for role in ROLES if row[f"is_{role}"]),
                member=bool(row["member"]),
            )
    return found


def _id_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


ROLES = ("organizer", "facilitator", "notetaker")
"""The roles a person can hold in an event (the ``roles`` table's check)."""
_SENDERS = (
    "WITH asked (user_id, session_id, event_id) AS (VALUES {asked})"
    " SELECT asked.user_id AS asked_user, asked.session_id AS asked_session,"
    " asked.event_id AS asked_event, "
    + "".join(f"EXISTS (SELECT 1 FROM roles r WHERE r.event_id = asked.event_id"
              f" AND r.user_id = asked.user_id AND r.role = '{role}') AS is_{role}, "
              for role in ROLES)
    + "EXISTS (SELECT 1 FROM session_members m WHERE m.session_id = asked.session_id"
    " AND m.user_id = asked.user_id) AS member,"
    " p.* FROM asked LEFT JOIN people p ON p.user_id = asked.user_id"
)


async def see_person(
    tx: Tx, user_id: int, telegram_name: str, username: str | None, language: str
) -> Person:
    """Create or refresh what Telegram tells about a person; the person's own answers stay.

    Writes only when Telegram shows a new name or username, or the last
    sighting is older than ``SEEN_REFRESH``.
    """
    row = await tx.one("SELECT * FROM people WHERE user_id = ?", (user_id,))
    if row is not None and not sighting_due(row_to_person(row), row["seen_at"], telegram_name,
                                            username):
        return row_to_person(row)
    row = await tx.one(
        f"{_SEE} VALUES (?, ?, ?, ?, ?){_SEE_AGAIN} RETURNING *",
        (user_id, telegram_name, username.lower() if username else None, language,
         iso(utcnow())),
    )
    assert row is not None
    return row_to_person(row)


async def see_people(tx: Tx, rows: Sequence[tuple[int, str, str | None, str, str]]) -> None:
    """``see_person`` for many at once, as (user id, Telegram name, username in lower case,
    language, time), without reading them first."""
    await tx.write_rows(_SEE, rows, tail=_SEE_AGAIN)


_SEE = "INSERT INTO people (user_id, telegram_name, username, language, seen_at)"
_SEE_AGAIN = (" ON CONFLICT(user_id) DO UPDATE SET telegram_name = excluded.telegram_name,"
              " username = excluded.username, seen_at = excluded.seen_at")
"""A person seen again: what Telegram shows is refreshed, the person's own answers stay."""


async def get_person(tx: Tx, user_id: int) -> Person | None:
    row = await tx.one("SELECT * FROM people WHERE user_id = ?", (user_id,))
    return row_to_person(row) if row else None


async def people_by_id(tx: Tx, user_ids: Sequence[int]) -> dict[int, Person]:
    if not user_ids:
        return {}
    marks = ",".join("?" * len(user_ids))
    rows = await tx.all(f"SELECT * FROM people WHERE user_id IN ({marks})", user_ids)
    return {row["user_id"]: row_to_person(row) for row in rows}


async def find_by_username(tx: Tx, username: str) -> Person | None:
    row = await tx.one("SELECT * FROM people WHERE username = ?", (username.lstrip("@").lower(),))
    return row_to_person(row) if row else None


async def update_profile(
    tx: Tx,
    user_id: int,
    *,
    display_name: str | None = None,
    sector: str | None = None,
    consent_name: bool | None = None,
    language: str | None = None,
    registered: bool = False,
    organization: str | None = None,
    function: str | None = None,
) -> None:
    """Change the answers given; ``None`` leaves an answer as it was, and an empty
    organization or function removes it."""
    fields = {
        "display_name": display_name,
        "sector": sector,
        "consent_name": None if consent_name is None else int(consent_name),
        "language": language,
        "organization": organization,
        "function": function,
    }
    for column, value in fields.items():
        if value is not None:
            await tx.execute(f"UPDATE people SET {column} = ? WHERE user_id = ?",
                             (value if value != "" else None, user_id))
    if registered:
        await tx.execute(
            "UPDATE people SET registered_at = COALESCE(registered_at, ?) WHERE user_id = ?",
            (iso(utcnow()), user_id),
        )


async def create_event(
    tx: Tx, title: str, dates: str, place: str, language: str, organizer: int,
    address: str = "sie",
) -> Event:
    """A new event with a short unique code; its creator becomes its organizer."""
    while True:
        code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
        if await tx.one("SELECT 1 FROM events WHERE code = ?", (code,)) is None:
            break
    event_id = await tx.execute(
        "INSERT INTO events (code, title, dates, place, language, address, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (code, title, dates, place, language, address, organizer, iso(utcnow())),
    )
    await grant_role(tx, event_id, organizer, "organizer")
    event = await get_event(tx, event_id)
    assert event is not None
    return event


async def get_event(tx: Tx, event_id: int) -> Event | None:
    row = await tx.one("SELECT * FROM events WHERE id = ?", (event_id,))
    return row_to_event(row) if row else None


async def event_by_code(tx: Tx, code: str) -> Event | None:
    row = await tx.one("SELECT * FROM events WHERE code = ?", (code.strip().upper(),))
    return row_to_event(row) if row else None


async def events_organized_by(tx: Tx, user_id: int) -> list[Event]:
    rows = await tx.all(
        "SELECT e.* FROM events e JOIN roles r ON r.event_id = e.id"
        " WHERE r.user_id = ? AND r.role = 'organizer' ORDER BY e.created_at DESC",
        (user_id,),
    )
    return [row_to_event(row) for row in rows]


async def set_sectors(tx: Tx, event_id: int, sectors: Sequence[str] | None) -> None:
    value = json.dumps(list(sectors), ensure_ascii=False) if sectors else None
    await tx.execute("UPDATE events SET sectors = ? WHERE id = ?", (value, event_id))


async def set_address(tx: Tx, event_id: int, address: str) -> None:
    """How the event's German texts address people from now on: "sie" or "du"."""
    await tx.execute("UPDATE events SET address = ? WHERE id = ?", (address, event_id))


async def grant_role(tx: Tx, event_id: int, user_id: int, role: str) -> bool:
    """Give a role; ``False`` if the person had it already."""
    changed = await tx.changes(
        "INSERT INTO roles (event_id, user_id, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (event_id, user_id, role),
    )
    return changed > 0


async def roles_of(tx: Tx, event_id: int, user_id: int) -> set[str]:
    rows = await tx.all(
        "SELECT role FROM roles WHERE event_id = ? AND user_id = ?", (event_id, user_id)
    )
    return {row["role"] for row in rows}


async def people_with_role(tx: Tx, event_id: int, role: str) -> list[int]:
    rows = await tx.all(
        "SELECT user_id FROM roles WHERE event_id = ? AND role = ? ORDER BY user_id",
        (event_id, role),
    )
    return [row["user_id"] for row in rows]


async def role_chats(tx: Tx, user_id: int) -> list[int]:
    """The chats of every session of the events where the person holds a role (where their own
    command menus are set), each once."""
    rows = await tx.all(
        "SELECT DISTINCT s.chat_id FROM sessions s JOIN roles r ON r.event_id = s.event_id"
        " WHERE r.user_id = ? ORDER BY s.chat_id",
        (user_id,),
    )
    return [int(row["chat_id"]) for row in rows]


async def link_session(
    tx: Tx, event_id: int, chat_id: int, thread_id: int, chat_title: str, title: str
) -> tuple[Session, bool]:
    """Make a chat (or forum topic) a session of the event; ``True`` if it is new."""
    existing = await session_at(tx, chat_id, thread_id)
    if existing is not None:
        return existing, False
    session_id = await tx.execute(
        "INSERT INTO sessions (event_id, chat_id, thread_id, chat_title, title, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (event_id, chat_id, thread_id, chat_title, title, iso(utcnow())),
    )
    session = await get_session(tx, session_id)
    assert session is not None
    return session, True


async def rename_session(tx: Tx, session_id: int, title: str) -> None:
    await tx.execute("UPDATE sessions SET title = ? WHERE id = ?", (title, session_id))


async def get_session(tx: Tx, session_id: int) -> Session | None:
    row = await tx.one("SELECT * FROM sessions WHERE id = ?", (session_id,))
    return row_to_session(row) if row else None


async def session_at(tx: Tx, chat_id: int, thread_id: int) -> Session | None:
    row = await tx.one(
        "SELECT * FROM sessions WHERE chat_id = ? AND thread_id = ?", (chat_id, thread_id)
    )
    return row_to_session(row) if row else None


async def sessions_of(tx: Tx, event_id: int) -> list[Session]:
    rows = await tx.all(
        "SELECT * FROM sessions WHERE event_id = ? ORDER BY created_at, id", (event_id,)
    )
    return [row_to_session(row) for row in rows]


async def end_session(tx: Tx, session_id: int) -> None:
    await tx.execute(
        "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?",
        (iso(utcnow()), session_id),
    )


async def add_member(tx: Tx, session_id: int, user_id: int) -> None:
    await add_members(tx, [(session_id, user_id, iso(utcnow()))])


async def add_members(tx: Tx, rows: Sequence[tuple[int, int, str]]) -> None:
    """New members as (session, user, first seen); those already members stay as they were."""
    if rows:
        await tx.write_rows("INSERT INTO session_members (session_id, user_id, first_seen)",
                            rows, tail=" ON CONFLICT DO NOTHING")


async def is_member_of_event(tx: Tx, event_id: int, user_id: int) -> bool:
    row = await tx.one(
        "SELECT 1 FROM session_members m JOIN sessions s ON s.id = m.session_id"
        " WHERE s.event_id = ? AND m.user_id = ? LIMIT 1",
        (event_id, user_id),
    )
    return row is not None


async def is_member(tx: Tx, session_id: int, user_id: int) -> bool:
    row = await tx.one(
        "SELECT 1 FROM session_members WHERE session_id = ? AND user_id = ?",
        (session_id, user_id),
    )
    return row is not None


async def recent_event_of(tx: Tx, user_id: int) -> Event | None:
    """The event a person belongs to now: of the session they joined most recently or of
    the event they hold a role in (organize, facilitate, take notes), whichever is newer
    (a role counts from the event's creation)."""
    row = await tx.one(
        "SELECT e.* FROM events e JOIN ("
        " SELECT s.event_id AS event_id, m.first_seen AS since"
        " FROM session_members m JOIN sessions s ON s.id = m.session_id WHERE m.user_id = ?"
        " UNION ALL SELECT r.event_id, e2.created_at FROM roles r"
        " JOIN events e2 ON e2.id = r.event_id WHERE r.user_id = ?"
        ") AS mine ON mine.event_id = e.id ORDER BY mine.since DESC, e.id DESC LIMIT 1",
        (user_id, user_id),
    )
    return row_to_event(row) if row else None


async def latest_event_of(tx: Tx, user_id: int) -> Event | None:
    """The event the person most recently took part in or organized."""
    row = await tx.one(
        "SELECT e.* FROM events e WHERE e.id IN ("
        " SELECT s.event_id FROM sessions s JOIN session_members m ON m.session_id = s.id"
        " WHERE m.user_id = ? UNION SELECT event_id FROM roles WHERE user_id = ?)"
        " ORDER BY e.created_at DESC, e.id DESC LIMIT 1",
        (user_id, user_id),
    )
    return row_to_event(row) if row else None
