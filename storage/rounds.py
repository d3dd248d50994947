"""Rounds: each format's frozen state, its log of events, and its deadline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from flows.base import Event as FlowEvent
from flows.base import Value
from storage.db import Tx
from storage.errors import INTEGRITY_ERRORS, DuplicateSource, breaks_unique
from storage.people import get_session
from storage.records import RoundRecord, Session, iso, iso_or_none, row_to_round, utcnow


async def create_round(
    tx: Tx, session_id: int, kind: str, state: Value, deadline: datetime | None
) -> RoundRecord:
    round_id = await tx.execute(
        "INSERT INTO rounds (session_id, kind, state, deadline, created_at) VALUES (?, ?, ?, ?, ?)",
        (session_id, kind, state.model_dump_json(), iso_or_none(deadline), iso(utcnow())),
    )
    record = await get_round(tx, round_id)
    assert record is not None
    return record


async def get_round(tx: Tx, round_id: int) -> RoundRecord | None:
    row = await tx.one("SELECT * FROM rounds WHERE id = ?", (round_id,))
    return row_to_round(row) if row else None


async def get_round_and_session(
    tx: Tx, round_id: int
) -> tuple[RoundRecord | None, Session | None]:
    """A round and the session it runs in (the session is ``None`` when the round is)."""
    record = await get_round(tx, round_id)
    session = await get_session(tx, record.session_id) if record else None
    return record, session


async def open_round(tx: Tx, session_id: int) -> RoundRecord | None:
    """The session's open round: one at a time per session."""
    row = await tx.one(
        "SELECT * FROM rounds WHERE session_id = ? AND is_open = 1 ORDER BY id DESC LIMIT 1",
        (session_id,),
    )
    return row_to_round(row) if row else None


async def last_round(tx: Tx, session_id: int, kind: str) -> RoundRecord | None:
    row = await tx.one(
        "SELECT * FROM rounds WHERE session_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        (session_id, kind),
    )
    return row_to_round(row) if row else None


async def rounds_of_session(tx: Tx, session_id: int) -> list[RoundRecord]:
    rows = await tx.all("SELECT * FROM rounds WHERE session_id = ? ORDER BY id", (session_id,))
    return [row_to_round(row) for row in rows]


async def all_open_rounds(tx: Tx) -> list[RoundRecord]:
    rows = await tx.all("SELECT * FROM rounds WHERE is_open = 1 ORDER BY id")
    return [row_to_round(row) for row in rows]


async def open_rounds_due(tx: Tx, by: datetime) -> list[RoundRecord]:
    """The open rounds whose deadline comes by then (or passed)."""
    rows = await tx.all(
        "SELECT * FROM rounds WHERE is_open = 1 AND deadline IS NOT NULL AND deadline <= ?"
        " ORDER BY id", (iso(by),))
    return [row_to_round(row) for row in rows]


async def open_rounds_of(tx: Tx, kinds: Sequence[str]) -> list[RoundRecord]:
    """The open rounds of these formats."""
    if not kinds:
        return []
    marks = ", ".join("?" * len(kinds))
    rows = await tx.all(
        f"SELECT * FROM rounds WHERE is_open = 1 AND kind IN ({marks}) ORDER BY id", kinds)
    return [row_to_round(row) for row in rows]


async def source_seen(tx: Tx, round_id: int, source: str) -> bool:
    row = await tx.one(
        "SELECT 1 FROM round_log WHERE round_id = ? AND source = ?", (round_id, source)
    )
    return row is not None


async def source_seen_in_session(tx: Tx, session_id: int, source: str) -> bool:
    """Whether any round of the session, open or closed, logged an event from ``source``."""
    row = await tx.one(
        "SELECT 1 FROM round_log l JOIN rounds r ON r.id = l.round_id"
        " WHERE r.session_id = ? AND l.source = ? LIMIT 1", (session_id, source)
    )
    return row is not None


async def save_step(
    tx: Tx,
    round_id: int,
    state: Value,
    event: FlowEvent,
    *,
    source: str | None,
    is_open: bool,
    deadline: datetime | None,
    state_json: str | None = None,
) -> str:
    """Store a round's new state together with the event that led to it; return the JSON.

    ``state_json`` is the state already serialized (see ``storage.dumping``).
    Raises ``DuplicateSource`` when the round's log has an event from ``source``.
    """
    stored_state = state.model_dump_json() if state_json is None else state_json
    at = iso(utcnow())
    await log_events(tx, [(round_id, event.actor, log_text(event), source, at)])
    await store_state(tx, round_id, stored_state, is_open=is_open,
                      deadline=iso_or_none(deadline), at=at)
    return stored_state


async def log_events(tx: Tx, rows: Sequence[tuple[int, int, str, str | None, str]], *,
                     later: bool = False) -> None:
    """Round log rows: (round, actor, ``log_text`` of the event, source, time).

    Raises ``DuplicateSource`` when a round's log has an event from one of the sources;
    ``later``: as a ``Tx.write``, at the transaction's next statement or its commit.
    """
    head = "INSERT INTO round_log (round_id, actor, event, source, at)"
    if later:
        await tx.write_rows(head, rows, failure=partial(_as_duplicate, rows))
        return
    try:
        await tx.insert_rows(head, rows)
    except INTEGRITY_ERRORS as error:
        raise _as_duplicate(rows, error) from error


def _as_duplicate(rows: Sequence[tuple[int, int, str, str | None, str]],
                  error: Exception) -> Exception:
    """A broken unique source is ``DuplicateSource``; anything else (a round that is gone)
    stays as it was."""
    if not isinstance(error, INTEGRITY_ERRORS) or not breaks_unique(error, "round_log"):
        return error
    rounds = {row[0] for row in rows}
    return DuplicateSource(next(iter(rounds)) if len(rounds) == 1 else None, str(error))


async def store_state(tx: Tx, round_id: int, state_json: str, *, is_open: bool,
                      deadline: str | None, at: str, steps: int = 1,
                      expected: int | None = None, later: bool = False) -> bool:
    """A round's state as it is now, ``steps`` events on; closing it notes when (``at``),
    once. Its version moves on by ``steps``. With ``expected``, only if the round is still
    at that version (no other process stored a step meanwhile); whether it was stored.
    ``later`` (without ``expected``): as a ``Tx.write``, and ``True``."""
    check = "" if expected is None else " AND version = ?"
    sql = ("UPDATE rounds SET state = ?, is_open = ?, deadline = ?, version = version + ?,"
           " closed_at = CASE WHEN ? = 1 THEN closed_at ELSE COALESCE(closed_at, ?) END"
           f" WHERE id = ?{check}")
    values = (state_json, int(is_open), deadline, steps, int(is_open), at, round_id,
              *(() if expected is None else (expected,)))
    if later and expected is None:
        await tx.write(sql, values)
        return True
    return bool(await tx.changes(sql, values))


async def set_live_message(
    tx: Tx, round_id: int, message_id: int | None, text: str | None
) -> None:
    await tx.execute(
        "UPDATE rounds SET live_message_id = ?, live_text = ? WHERE id = ?",
        (message_id, text, round_id),
    )


def log_text(event: FlowEvent) -> str:
    """How the round log keeps an event: its type's name and its JSON."""
    return f"{type(event).__name__} {event.model_dump_json()}"


async def rounds_mentioning(tx: Tx, user_id: int) -> list[RoundRecord]:
    """Rounds whose state may name the person (a cheap text filter; the flow decides)."""
    rows = await tx.all("SELECT * FROM rounds WHERE state LIKE ?", (f"%{user_id}%",))
    return [row_to_round(row) for row in rows]


async def replace_state(tx: Tx, round_id: int, state: Value) -> None:
    """Store a state rewritten outside the flow's events (a person asked to be forgotten)."""
    await tx.execute(
        "UPDATE rounds SET state = ?, live_text = NULL, version = version + 1 WHERE id = ?",
        (state.model_dump_json(), round_id),
    )
