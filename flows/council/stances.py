"""Rounds 3 and 4 of the council: proposals, the interests they address, stances, amendments."""

from __future__ import annotations

from datetime import datetime

from flows.base import Announce, FlowError, Step
from flows.council.model import (
    Amend,
    CouncilState,
    MarkInterest,
    Phase,
    Proposal,
    ProposalVersion,
    Propose,
    Stance,
    StanceKind,
    TakeStance,
)
from flows.council.parse import clean_text
from flows.council.tables import find_interest, find_proposal, has_objection, member_group

REASON_KEYS = {
    StanceKind.CONCERNS: "council.concern_needs_reason",
    StanceKind.OBJECT: "council.objection_needs_reason",
}


def known_proposal(state: CouncilState, number: int) -> Proposal:
    """The proposal, or a clear answer for a stale button or a wrong number."""
    proposal = find_proposal(state, number)
    if proposal is None:
        raise FlowError("council.unknown_proposal", proposal=number)
    return proposal


def check_interests(state: CouncilState, numbers: tuple[int, ...]) -> tuple[int, ...]:
    """The interest numbers, sorted and without repeats; unknown ones are refused."""
    for number in numbers:
        if find_interest(state, number) is None:
            raise FlowError("council.unknown_interest", interest=number)
    return tuple(sorted(set(numbers)))


def replace_proposal(state: CouncilState, proposal: Proposal) -> CouncilState:
    """The state with ``proposal`` in place of the one with the same number."""
    proposals = tuple(proposal if p.number == proposal.number else p for p in state.proposals)
    return state.model_copy(update={"proposals": proposals})


def propose(state: CouncilState, event: Propose, now: datetime) -> Step[CouncilState]:
    """Anyone proposes a solution; it gets the next number."""
    text = clean_text(event.text, "council.proposal_empty")
    version = ProposalVersion(
        version=1,
        text=text,
        author=event.actor,
        at=now,
        addresses=check_interests(state, event.addresses),
        source=event.source,
    )
    proposal = Proposal(number=state.next_proposal, versions=(version,))
    new = state.model_copy(
        update={"proposals": (*state.proposals, proposal), "next_proposal": proposal.number + 1}
    )
    said = Announce(key="council.proposed", params={"proposal": proposal.number, "text": text})
    return Step(state=new, effects=(said,))


def mark_interest(state: CouncilState, event: MarkInterest, now: datetime) -> Step[CouncilState]:
    """The author of the proposal's current version marks an interest it addresses (or not)."""
    proposal = known_proposal(state, event.proposal)
    current = proposal.current
    if current.author != event.actor:
        raise FlowError("council.not_your_proposal", proposal=proposal.number)
    (interest,) = check_interests(state, (event.interest,))
    if (interest in current.addresses) == event.addressed:
        raise FlowError("council.mark_unchanged")
    rest = tuple(n for n in current.addresses if n != interest)
    addresses = tuple(sorted((*rest, interest))) if event.addressed else rest
    version = current.model_copy(update={"addresses": addresses})
    updated = proposal.model_copy(update={"versions": (*proposal.versions[:-1], version)})
    return Step(state=replace_proposal(state, updated))


def may_take_stance(
    state: CouncilState, actor: int, number: int, version: int | None
) -> tuple[Proposal, int]:
    """The proposal and the actor's group, if they may take a stance on it now, whatever the reason.

    A ``version`` other than the current one was shown before an amendment: refused.
    """
    proposal = known_proposal(state, number)
    if version is not None and version != proposal.current.version:
        raise FlowError(
            "council.version_changed", proposal=proposal.number, version=proposal.current.version
        )
    return proposal, member_group(state, actor)


def take_stance(state: CouncilState, event: TakeStance, now: datetime) -> Step[CouncilState]:
    """A group member's stance on the current version; concerns and objections need a reason."""
    proposal, group = may_take_stance(state, event.actor, event.proposal, event.version)
    reason = None
    if event.kind in REASON_KEYS:
        reason = clean_text(event.reason, REASON_KEYS[event.kind])
    version = proposal.current.version
    mine = (proposal.number, version, event.actor)
    old = next((s for s in state.stances if (s.proposal, s.version, s.member) == mine), None)
    if old is not None and (old.kind, old.reason, old.group) == (event.kind, reason, group):
        raise FlowError("council.stance_unchanged")
    stance = Stance(
        proposal=proposal.number,
        version=version,
        member=event.actor,
        group=group,
        kind=event.kind,
        reason=reason,
        at=now,
        source=event.source,
    )
    others = tuple(s for s in state.stances if (s.proposal, s.version, s.member) != mine)
    return Step(state=state.model_copy(update={"stances": (*others, stance)}))


def amend(state: CouncilState, event: Amend, now: datetime) -> Step[CouncilState]:
    """A new version of a proposal, put to the groups again; in round 4 only after an objection."""
    proposal = known_proposal(state, event.proposal)
    if state.phase is Phase.STANCES and not has_objection(state, proposal.number):
        raise FlowError("council.amend_needs_objection", proposal=proposal.number)
    text = clean_text(event.text, "council.amend_usage")
    if text == proposal.current.text:
        raise FlowError("council.amend_unchanged")
    version = ProposalVersion(
        version=proposal.current.version + 1,
        text=text,
        author=event.actor,
        at=now,
        addresses=proposal.current.addresses,
        source=event.source,
    )
    updated = proposal.model_copy(update={"versions": (*proposal.versions, version)})
    said = Announce(
        key="council.amended",
        params={"proposal": proposal.number, "version": version.version, "text": text},
    )
    return Step(state=replace_proposal(state, updated), effects=(said,))
