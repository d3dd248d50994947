"""What a documentation draft reads that the other storage modules do not: who took part
through a round (a note, a vote, a turn), also from a private chat where no membership
is recorded."""

from __future__ import annotations

from storage.db import Tx


async def round_actors(tx: Tx, event_id: int) -> set[int]:
    """Everyone who did something in a round of the event; the system and forgotten people
    (ids below 1) are left out."""
    rows = await tx.all(
        "SELECT DISTINCT l.actor FROM round_log l JOIN rounds r ON r.id = l.round_id"
        " JOIN sessions s ON s.id = r.session_id WHERE s.event_id = ? AND l.actor > 0",
        (event_id,),
    )
    return {int(row["actor"]) for row in rows}
