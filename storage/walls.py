"""The web side's links: per session one current token of each kind, revoked on request.

``wall``: the projector's read-only live wall; ``join``: taking part from a browser.
"""

from __future__ import annotations

from typing import Literal

from storage.db import Tx
from storage.records import (
    Record,
    RoundRecord,
    Session,
    iso,
    row_to_round,
    row_to_session,
    utcnow,
)

Kind = Literal["wall", "join"]


class Wall(Record):
    """A session's current link of one kind (its token) and the group's join link, if known."""

    token: str
    session_id: int
    kind: str = "wall"
    join_url: str | None


async def current_wall(tx: Tx, session_id: int, kind: Kind = "wall") -> Wall | None:
    """The session's link of ``kind`` that is not revoked, if it has one."""
    row = await tx.one(
        "SELECT token, session_id, kind, join_url FROM walls WHERE session_id = ? AND kind = ?"
        " AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1",
        (session_id, kind),
    )
    return Wall(token=row["token"], session_id=row["session_id"], kind=row["kind"],
                join_url=row["join_url"]) if row else None


async def new_wall(tx: Tx, session_id: int, token: str, created_by: int,
                   join_url: str | None, kind: Kind = "wall") -> Wall:
    """Revoke the session's link of ``kind`` (if any) and keep ``token`` as its new one."""
    now = iso(utcnow())
    await tx.execute(
        "UPDATE walls SET revoked_at = ? WHERE session_id = ? AND kind = ?"
        " AND revoked_at IS NULL",
        (now, session_id, kind),
    )
    await tx.execute(
        "INSERT INTO walls (token, session_id, kind, created_by, created_at, join_url)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (token, session_id, kind, created_by, now, join_url),
    )
    return Wall(token=token, session_id=session_id, kind=kind, join_url=join_url)


async def set_join_url(tx: Tx, session_id: int, join_url: str | None) -> None:
    """Keep the group's join link with the session's current links (Telegram may change it)."""
    await tx.execute(
        "UPDATE walls SET join_url = ? WHERE session_id = ? AND revoked_at IS NULL",
        (join_url, session_id),
    )


async def wall_session(tx: Tx, token: str, kind: Kind = "wall") -> tuple[Session, Wall] | None:
    """The session a token of ``kind`` shows and its link; ``None`` for an unknown or revoked
    token, or one of the other kind."""
    row = await tx.one(
        "SELECT s.*, w.token AS wall_token, w.kind AS wall_kind, w.join_url AS wall_join_url"
        " FROM walls w JOIN sessions s ON s.id = w.session_id"
        " WHERE w.token = ? AND w.kind = ? AND w.revoked_at IS NULL",
        (token, kind),
    )
    if row is None:
        return None
    wall = Wall(token=row["wall_token"], session_id=row["id"], kind=row["wall_kind"],
                join_url=row["wall_join_url"])
    return row_to_session(row), wall


async def shown_round(tx: Tx, session_id: int) -> RoundRecord | None:
    """The round a wall shows: the session's open round, else its latest (closed) one."""
    row = await tx.one(
        "SELECT * FROM rounds WHERE session_id = ? ORDER BY is_open DESC, id DESC LIMIT 1",
        (session_id,),
    )
    return row_to_round(row) if row else None
