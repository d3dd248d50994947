"""The Impressum of an event's drafts: publisher, address, contact, who is responsible, thanks.

Filled once per event by its organizers, one field at a time; a field never
filled (or emptied) is ``None`` and leaves a placeholder in the draft.
"""

from __future__ import annotations

from typing import Literal

from flows.base import Value
from storage.db import Tx
from storage.records import iso, utcnow

Field = Literal["publisher", "address", "contact", "responsible", "thanks"]
FIELDS: tuple[Field, ...] = ("publisher", "address", "contact", "responsible", "thanks")


class Impressum(Value):
    publisher: str | None = None
    address: str | None = None
    contact: str | None = None
    responsible: str | None = None
    thanks: str | None = None


async def impressum_of(tx: Tx, event_id: int) -> Impressum:
    """The event's Impressum; every field ``None`` when nothing was filled in."""
    row = await tx.one("SELECT * FROM impressum WHERE event_id = ?", (event_id,))
    if row is None:
        return Impressum()
    return Impressum(**{field: row[field] for field in FIELDS})


async def set_impressum_field(tx: Tx, event_id: int, field: Field, value: str | None) -> None:
    """Fill (or with ``None`` empty) one field of the event's Impressum."""
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}")
    await tx.execute(
        f"INSERT INTO impressum (event_id, {field}, updated_at) VALUES (?, ?, ?)"
        f" ON CONFLICT (event_id) DO UPDATE SET {field} = excluded.{field},"
        " updated_at = excluded.updated_at",
        (event_id, value, iso(utcnow())),
    )
