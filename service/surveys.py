"""Carries out a move on an event's topic survey from plain values: role, apply, store.

A survey belongs to an event, not to a session: people answer it privately
before any group exists. Each move is one transaction (the database serializes
them), which reads the survey, resolves the actor's role in the event
(organizers from their role; people registered for the event, or seen in one
of its sessions, take part), checks it against the one role matrix, applies
the flow and stores the new state. Turning the top topics into sessions
stores the sessions waiting for a group in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows import roles
from flows import survey as sv
from flows.base import Event, FlowError, Step
from storage import kit, people
from storage import surveys as stored
from storage.db import Database, Tx
from storage.kit import Waiting
from storage.surveys import SurveyRecord


@dataclass(frozen=True)
class SurveyStep:
    """A stored step: the survey as it is now, its state before, the flow's step, and the
    sessions the step planned (``PlanSessions`` only)."""

    survey: SurveyRecord
    before: sv.SurveyState | None
    step: Step[sv.SurveyState]
    planned: tuple[Waiting, ...] = ()


async def event_role(tx: Tx, event_id: int, user_id: int) -> roles.Role:
    """The person's role for the event's survey: organizers and appointed roles as stored;
    registered for the event or seen in one of its sessions, a participant."""
    held = await people.roles_of(tx, event_id, user_id)
    member = (await kit.is_registered(tx, event_id, user_id)
              or await people.is_member_of_event(tx, event_id, user_id))
    return roles.resolve(held, False, member=member)


async def open_survey(db: Database, event_id: int, event: sv.OpenSurvey,
                      now: datetime) -> SurveyStep:
    """The event's survey, opened; one an event."""
    async with db.transaction() as tx:
        roles.require(event, await event_role(tx, event_id, event.actor))
        if await stored.survey_of(tx, event_id) is not None:
            raise FlowError("survey.exists")
        step = sv.apply(None, event, now)
        record = await stored.create_survey(tx, event_id, step.state)
        if record is None:
            raise FlowError("survey.exists")
    return SurveyStep(record, None, step)


async def act(db: Database, survey_id: int, event: Event, now: datetime) -> SurveyStep:
    """Apply one event to the survey and store it; a ``PlanSessions`` also stores the new
    sessions waiting for a group, one per topic it planned."""
    async with db.transaction() as tx:
        record = await stored.get_survey(tx, survey_id)
        if record is None:
            raise FlowError("survey.none")
        roles.require(event, await event_role(tx, record.event_id, event.actor))
        step = sv.apply(record.state, event, now)
        if step.state == record.state:
            return SurveyStep(record, record.state, step)
        await stored.save_survey(tx, survey_id, step.state)
        planned = tuple([
            await kit.add_waiting_session(tx, record.event_id, step.state.topics[topic - 1])
            for topic in step.state.planned[len(record.state.planned):]
        ])
    return SurveyStep(record.model_copy(update={"state": step.state}), record.state, step,
                      planned)
