"""An event's topic survey: the flow's state (``flows.survey``) as JSON, one survey an event."""

from __future__ import annotations

from typing import Any

from flows.survey import Phase, SurveyState, forget
from storage.db import Tx
from storage.records import Record, iso, utcnow


class SurveyRecord(Record):
    id: int
    event_id: int
    state: SurveyState


def _record(row: Any) -> SurveyRecord:
    return SurveyRecord(id=row["id"], event_id=row["event_id"],
                        state=SurveyState.model_validate_json(row["state"]))


async def create_survey(tx: Tx, event_id: int, state: SurveyState) -> SurveyRecord | None:
    """Store the event's survey; ``None`` if the event has one already."""
    row = await tx.one(
        "INSERT INTO surveys (event_id, state, is_open, created_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(event_id) DO NOTHING RETURNING *",
        (event_id, state.model_dump_json(), int(state.phase is Phase.OPEN), iso(utcnow())),
    )
    return _record(row) if row else None


async def survey_of(tx: Tx, event_id: int) -> SurveyRecord | None:
    row = await tx.one("SELECT * FROM surveys WHERE event_id = ?", (event_id,))
    return _record(row) if row else None


async def get_survey(tx: Tx, survey_id: int) -> SurveyRecord | None:
    row = await tx.one("SELECT * FROM surveys WHERE id = ?", (survey_id,))
    return _record(row) if row else None


async def save_survey(tx: Tx, survey_id: int, state: SurveyState) -> None:
    await tx.execute("UPDATE surveys SET state = ?, is_open = ? WHERE id = ?",
                     (state.model_dump_json(), int(state.phase is Phase.OPEN), survey_id))


async def forget_in_surveys(tx: Tx, user_id: int, erase: bool) -> int:
    """Erase (or anonymize) a person's answers in every survey; return the surveys changed."""
    changed = 0
    for row in await tx.all("SELECT * FROM surveys WHERE state LIKE ?", (f"%{user_id}%",)):
        record = _record(row)
        cleaned = forget(record.state, user_id, erase)
        if cleaned != record.state:
            await save_survey(tx, record.id, cleaned)
            changed += 1
    return changed
