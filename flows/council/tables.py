"""Pure views of a council for the live message and the draft: who restates whom, stances, tables.

No rendering and no translation here: rows carry ids, names and enum values;
``drafts/`` and ``bot/`` turn them into words.
"""

from __future__ import annotations

from collections import Counter

from flows.base import FlowError, Value
from flows.council.model import (
    CRITICALITY,
    CouncilState,
    Interest,
    Phase,
    Proposal,
    Rating,
    Stance,
    StanceKind,
)


def assign_restatements(n_groups: int) -> tuple[int, ...]:
    """Whose interests each group restates: ``result[g]`` is the group that ``g`` restates.

    A cyclic shift by one: a permutation without fixed points for two or more
    groups, so no group restates itself and every group is restated exactly
    once; with two groups they swap. Deterministic, so a replay gives the same.
    """
    if n_groups < 2:
        return ()
    return tuple((g + 1) % n_groups for g in range(n_groups))


def restater_of(state: CouncilState, group: int) -> int | None:
    """The group that restates ``group``'s interests, once round 2 has assigned it."""
    for restater, original in enumerate(state.assignment):
        if original == group:
            return restater
    return None


def find_interest(state: CouncilState, number: int) -> Interest | None:
    """The interest with this number, if it (still) exists."""
    return next((i for i in state.interests if i.number == number), None)


def restated_by(state: CouncilState, group: int) -> tuple[Interest, ...]:
    """The interests ``group`` restates in round 2 (those of the group assigned to it)."""
    if not 0 <= group < len(state.assignment):
        return ()
    original = state.assignment[group]
    return tuple(i for i in state.interests if i.group == original)


def interest_from(state: CouncilState, source: str) -> Interest | None:
    """The interest a message (``source``) stated, so that editing the message edits it."""
    return next((i for i in state.interests if i.source == source), None)


def find_proposal(state: CouncilState, number: int) -> Proposal | None:
    """The proposal with this number, if it (still) exists."""
    return next((p for p in state.proposals if p.number == number), None)


def group_of(state: CouncilState, user: int) -> int | None:
    """The index of the group ``user`` belongs to, or None."""
    return next((g for g, group in enumerate(state.groups) if user in group.members), None)


def current_stances(state: CouncilState, proposal: int) -> tuple[Stance, ...]:
    """The members' stances on the current version of ``proposal``."""
    found = find_proposal(state, proposal)
    if found is None:
        return ()
    version = found.current.version
    return tuple(s for s in state.stances if s.proposal == proposal and s.version == version)


def majority(kinds: list[StanceKind]) -> StanceKind | None:
    """The most frequent stance; a tie counts as the more critical stance."""
    if not kinds:
        return None
    counts = Counter(kinds)
    return max(counts, key=lambda kind: (counts[kind], CRITICALITY[kind]))


def group_stance(state: CouncilState, group: int, proposal: int) -> StanceKind | None:
    """A group's stance: its speaker's if it named one, otherwise its members' majority."""
    stances = [s for s in current_stances(state, proposal) if s.group == group]
    speaker = state.groups[group].speaker
    if speaker is not None:
        return next((s.kind for s in stances if s.member == speaker), None)
    return majority([s.kind for s in stances])


def is_agreed(state: CouncilState, proposal: int) -> bool:
    """Agreed: every group with members took a stance on the current version, none objects."""
    active = [g for g, group in enumerate(state.groups) if group.members]
    stances = [group_stance(state, g, proposal) for g in active]
    return (
        bool(active)
        and all(stance is not None for stance in stances)
        and StanceKind.OBJECT not in stances
    )


def has_objection(state: CouncilState, proposal: int) -> bool:
    """Whether some group objects to the current version of ``proposal``."""
    return any(
        group_stance(state, g, proposal) is StanceKind.OBJECT for g in range(len(state.groups))
    )


def agreed_proposals(state: CouncilState) -> tuple[Proposal, ...]:
    """The proposals whose current version no group objects to."""
    return tuple(p for p in state.proposals if is_agreed(state, p.number))


class ConflictRow(Value):
    """One line of the conflict map."""

    group: str
    interest: int
    text: str
    reason: str


def conflict_map(state: CouncilState) -> tuple[ConflictRow, ...]:
    """Group, interest and reason, in the order the groups were listed at open."""
    rows = [
        ConflictRow(
            group=state.groups[i.group].name, interest=i.number, text=i.text, reason=i.reason
        )
        for i in state.interests
    ]
    order = {g.name: n for n, g in enumerate(state.groups)}
    return tuple(sorted(rows, key=lambda r: (order[r.group], r.interest)))


class RestatementRow(Value):
    """Who restated whose interest, how, and how the original group rated it."""

    interest: int
    original_group: str
    restating_group: str | None
    interest_text: str
    restatement: str | None = None
    rating: Rating | None = None
    correction: str | None = None


def restatement_table(state: CouncilState) -> tuple[RestatementRow, ...]:
    """One row per interest; restatement and rating are None while missing."""
    by_interest = {r.interest: r for r in state.restatements}
    rows = []
    for interest in state.interests:
        restater = restater_of(state, interest.group)
        done = by_interest.get(interest.number)
        rows.append(
            RestatementRow(
                interest=interest.number,
                original_group=state.groups[interest.group].name,
                restating_group=None if restater is None else state.groups[restater].name,
                interest_text=interest.text,
                restatement=None if done is None else done.text,
                rating=None if done is None else done.rating,
                correction=None if done is None else done.correction,
            )
        )
    return tuple(rows)


class Reason(Value):
    """A member's concern or objection, with who said it."""

    member: int
    kind: StanceKind
    text: str


class AcceptanceCell(Value):
    """One group's stance on one proposal (current version), with its members' reasons."""

    group: str
    proposal: int
    version: int
    stance: StanceKind | None
    reasons: tuple[Reason, ...] = ()


def acceptance_table(state: CouncilState) -> tuple[tuple[AcceptanceCell, ...], ...]:
    """Groups x proposals: ``table[g][p]`` is group g's cell for the p-th proposal."""
    table = []
    for g, group in enumerate(state.groups):
        row = []
        for proposal in state.proposals:
            stances = [s for s in current_stances(state, proposal.number) if s.group == g]
            reasons = tuple(
                Reason(member=s.member, kind=s.kind, text=s.reason)
                for s in stances
                if s.reason is not None
            )
            row.append(
                AcceptanceCell(
                    group=group.name,
                    proposal=proposal.number,
                    version=proposal.current.version,
                    stance=group_stance(state, g, proposal.number),
                    reasons=reasons,
                )
            )
        table.append(tuple(row))
    return tuple(table)


class Objection(Value):
    """An objection that still stands: a group objects, and a member gave this reason."""

    proposal: int
    group: str
    member: int
    reason: str


def open_objections(state: CouncilState) -> tuple[Objection, ...]:
    """The reasons of every objection in a group that objects to a proposal's current version."""
    found = []
    for proposal in state.proposals:
        for g, group in enumerate(state.groups):
            if group_stance(state, g, proposal.number) is not StanceKind.OBJECT:
                continue
            for s in current_stances(state, proposal.number):
                if s.group == g and s.kind is StanceKind.OBJECT and s.reason is not None:
                    found.append(
                        Objection(
                            proposal=proposal.number,
                            group=group.name,
                            member=s.member,
                            reason=s.reason,
                        )
                    )
    return tuple(found)


class Missing(Value):
    """What one group still has to hand in for the current round (for the live message)."""

    group: str
    no_interest: bool = False
    to_restate: tuple[int, ...] = ()
    to_rate: tuple[int, ...] = ()
    no_stance_on: tuple[int, ...] = ()


def missing(state: CouncilState) -> tuple[Missing, ...]:
    """Per group, what the current round still needs from it."""
    return tuple(_missing_for(state, g) for g in range(len(state.groups)))


def _missing_for(state: CouncilState, g: int) -> Missing:
    name = state.groups[g].name
    own = [i.number for i in state.interests if i.group == g]
    if state.phase is Phase.INTERESTS:
        return Missing(group=name, no_interest=not own)
    if state.phase is Phase.RESTATE:
        restated = {r.interest: r for r in state.restatements}
        assigned = state.assignment[g]
        to_restate = tuple(
            i.number for i in state.interests if i.group == assigned and i.number not in restated
        )
        to_rate = tuple(n for n in own if n in restated and restated[n].rating is None)
        return Missing(group=name, to_restate=to_restate, to_rate=to_rate)
    if state.phase is Phase.STANCES:
        pending = tuple(
            p.number for p in state.proposals if group_stance(state, g, p.number) is None
        )
        return Missing(group=name, no_stance_on=pending)
    return Missing(group=name)


def waiting_for(state: CouncilState) -> tuple[int, ...]:
    """The groups (by index) the current round still waits for: those with anything missing."""
    return tuple(
        g for g, gap in enumerate(missing(state))
        if gap.no_interest or gap.to_restate or gap.to_rate or gap.no_stance_on
    )


def member_group(state: CouncilState, actor: int) -> int:
    """The actor's group; people outside every group are asked to join one first."""
    group = group_of(state, actor)
    if group is None:
        raise FlowError("council.join_first")
    return group
