"""An event's settings for its draft: whether note authors are named, and where the
composition's numbers come from (with the counts an organizer imported or typed in)."""

from __future__ import annotations

from collections.abc import Sequence

from flows.composition import Source
from storage.db import Tx


async def set_note_authors(tx: Tx, event_id: int, on: bool) -> None:
    """Whether the event's draft names the authors of pinboard notes from now on."""
    await tx.execute("UPDATE events SET note_authors = ? WHERE id = ?", (int(on), event_id))


async def set_composition(tx: Tx, event_id: int, source: Source, label: str | None = None,
                          counts: Sequence[tuple[str, int]] = ()) -> None:
    """Count the composition from ``source``; an import or typed counts bring their rows
    (sector key, own label or ``""``, with the count), which replace those before."""
    await tx.execute(
        "UPDATE events SET composition_source = ?, composition_label = ? WHERE id = ?",
        (source, label, event_id),
    )
    if source == "participants":
        return
    await tx.execute("DELETE FROM composition_counts WHERE event_id = ?", (event_id,))
    if counts:
        await tx.insert_rows(
            "INSERT INTO composition_counts (event_id, position, sector, count)",
            [(event_id, position, sector, count)
             for position, (sector, count) in enumerate(counts)],
        )


async def composition_counts(tx: Tx, event_id: int) -> list[tuple[str, int]]:
    """The counts last imported or typed in for the event, in their order."""
    rows = await tx.all(
        "SELECT sector, count FROM composition_counts WHERE event_id = ? ORDER BY position",
        (event_id,),
    )
    return [(str(row["sector"]), int(row["count"])) for row in rows]
