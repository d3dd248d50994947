"""What a documentation draft reads that the other storage modules do not: who took part in
an event, and who acted in its rounds (also from a private chat, where no membership is
recorded)."""

from __future__ import annotations

from flows.base import FORGOTTEN, SYSTEM
from storage.db import Tx


async def participants(tx: Tx, event_id: int) -> set[int]:
    """Who took part in the event: everyone seen in one of its sessions or who contributed to
    one (a move in a round, a quote, the minutes, a part as speaker). The one definition the
    draft's composition and every count of participants use; the system and forgotten
    people (ids 0 and -1) are left out, guests from a browser (ids below ``-GUEST_BASE``)
    count like everyone."""
    rows = await tx.all(
        "SELECT m.user_id AS who FROM session_members m JOIN sessions s ON s.id = m.session_id"
        " WHERE s.event_id = ?1"
        " UNION SELECT l.actor FROM round_log l JOIN rounds r ON r.id = l.round_id"
        " JOIN sessions s ON s.id = r.session_id WHERE s.event_id = ?1"
        " UNION SELECT q.author_id FROM quotes q JOIN sessions s ON s.id = q.session_id"
        " WHERE s.event_id = ?1"
        " UNION SELECT a.user_id FROM minutes_authors a JOIN sessions s ON s.id = a.session_id"
        " WHERE s.event_id = ?1"
        " UNION SELECT c.user_id FROM contributors c JOIN sessions s ON s.id = c.session_id"
        " WHERE s.event_id = ?1 AND c.user_id IS NOT NULL",
        (event_id,),
    )
    return {int(row["who"]) for row in rows if int(row["who"]) not in (SYSTEM, FORGOTTEN)}


async def round_actors(tx: Tx, event_id: int) -> set[int]:
    """Everyone who did something in a round of the event; the system and forgotten people
    (ids 0 and -1) are left out."""
    rows = await tx.all(
        "SELECT DISTINCT l.actor FROM round_log l JOIN rounds r ON r.id = l.round_id"
        " JOIN sessions s ON s.id = r.session_id WHERE s.event_id = ? AND l.actor NOT IN (?, ?)",
        (event_id, SYSTEM, FORGOTTEN),
    )
    return {int(row["actor"]) for row in rows}
