"""Round 2 of the council, the perspective change: restating another group's interest, rating it."""

from __future__ import annotations

from datetime import datetime

from flows.base import FlowError, Step
from flows.council_models import CouncilState, RateRestatement, Restate, Restatement
from flows.council_parse import clean_text
from flows.council_tables import find_interest, member_group


def restate(state: CouncilState, event: Restate, now: datetime) -> Step[CouncilState]:
    """The actor's group restates an interest of the group assigned to it, until it is rated."""
    group = member_group(state, event.actor)
    interest = find_interest(state, event.interest)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=event.interest)
    if interest.group == group:
        raise FlowError("council.own_group")
    assigned = state.assignment[group]
    if interest.group != assigned:
        raise FlowError("council.not_assigned", group=state.groups[assigned].name)
    text = clean_text(event.text, "council.restatement_empty")
    old = next((r for r in state.restatements if r.interest == interest.number), None)
    if old is not None and old.rating is not None:
        raise FlowError("council.restatement_rated")
    if old is not None and old.text == text:
        raise FlowError("council.restatement_unchanged")
    new = Restatement(
        interest=interest.number,
        by_group=group,
        text=text,
        author=event.actor,
        at=now,
        source=event.source,
    )
    others = tuple(r for r in state.restatements if r.interest != interest.number)
    return Step(state=state.model_copy(update={"restatements": (*others, new)}))


def rate_restatement(
    state: CouncilState, event: RateRestatement, now: datetime
) -> Step[CouncilState]:
    """A member of the original group rates how well it was understood (may change it)."""
    interest = find_interest(state, event.interest)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=event.interest)
    if event.actor not in state.groups[interest.group].members:
        raise FlowError("council.rate_not_your_group", group=state.groups[interest.group].name)
    old = next((r for r in state.restatements if r.interest == interest.number), None)
    if old is None:
        raise FlowError("council.no_restatement")
    correction = None
    if event.correction is not None and event.correction.strip():
        correction = clean_text(event.correction, "council.restatement_empty")
    if (old.rating, old.correction) == (event.rating, correction):
        raise FlowError("council.rating_unchanged")
    rated = old.model_copy(
        update={
            "rating": event.rating,
            "correction": correction,
            "rated_by": event.actor,
            "rated_at": now,
        }
    )
    restatements = tuple(rated if r.interest == interest.number else r for r in state.restatements)
    return Step(state=state.model_copy(update={"restatements": restatements}))
