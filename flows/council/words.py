"""Round 2 of the council, the perspective change: restating another group's interest, rating it.

``may_restate`` and ``may_rate`` say whether a person may restate or rate an
interest before they write the words, so an adapter asks for a text only when it
would count; the moves themselves check the same first.
"""

from __future__ import annotations

from datetime import datetime

from flows.base import FlowError, Step
from flows.council.model import CouncilState, Interest, RateRestatement, Restate, Restatement
from flows.council.parse import clean_text
from flows.council.tables import find_interest, member_group, restated_by


def open_restatements(state: CouncilState, group: int) -> tuple[Interest, ...]:
    """The interests ``group`` restates that are not rated yet (it may still reword those)."""
    rated = {r.interest for r in state.restatements if r.rating is not None}
    return tuple(i for i in restated_by(state, group) if i.number not in rated)


def may_restate(state: CouncilState, actor: int, number: int) -> tuple[int, Interest]:
    """The actor's group and the interest, if the group may restate it now, whatever the words."""
    group = member_group(state, actor)
    interest = find_interest(state, number)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=number)
    if interest.group == group:
        raise FlowError("council.own_group")
    assigned = state.assignment[group]
    if interest.group != assigned:
        raise FlowError("council.not_assigned", group=state.groups[assigned].name)
    if any(r.interest == number and r.rating is not None for r in state.restatements):
        raise FlowError("council.restatement_rated")
    return group, interest


def restate(state: CouncilState, event: Restate, now: datetime) -> Step[CouncilState]:
    """The actor's group restates an interest of the group assigned to it, until it is rated."""
    group, interest = may_restate(state, event.actor, event.interest)
    text = clean_text(event.text, "council.restatement_empty")
    old = next((r for r in state.restatements if r.interest == interest.number), None)
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


def may_rate(state: CouncilState, actor: int, number: int) -> tuple[Interest, Restatement]:
    """The interest and its restatement, if the actor may rate it now, whatever the correction."""
    interest = find_interest(state, number)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=number)
    if actor not in state.groups[interest.group].members:
        raise FlowError("council.rate_not_your_group", group=state.groups[interest.group].name)
    old = next((r for r in state.restatements if r.interest == interest.number), None)
    if old is None:
        raise FlowError("council.no_restatement")
    return interest, old


def rate_restatement(
    state: CouncilState, event: RateRestatement, now: datetime
) -> Step[CouncilState]:
    """A member of the original group rates how well it was understood (may change it)."""
    interest, old = may_rate(state, event.actor, event.interest)
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
