"""Development council rounds (Kommunaler Entwicklungsbeirat): conflicts carried out with reasons.

The rules, in plain words:

- A facilitator opens the council with a question and 2 to 8 interest groups.
  While it is open, people choose a group (one at a time; choosing another
  moves them), a facilitator may assign someone, and a group's member may name
  one of its members as the group's speaker.
- Round 1, interests: members state their group's interests, each with its
  reason ("Gegensätze begründet austragen"); an interest without a reason is
  refused. A group may state several and edit them until the round ends.
- Round 2, perspective change: every group is assigned another group's
  interests, a cyclic shift, so no group restates itself and every group is
  restated (two groups swap). A group restates each assigned interest in its
  own words (it may reword until the restatement is rated); only members of
  the original group rate it: understood, partly, or not understood, with an
  optional correction.
- Round 3, proposals: anyone proposes a solution; its author marks which
  interests it addresses.
- Round 4, agreement: every group member takes a stance on the current
  version of each proposal: agree, agree with concerns (a concern is
  required), or object (a reason is required). A group's stance is its
  speaker's if it named one, otherwise the majority of its members' stances, a
  tie counting as the more critical stance. A proposal that at least one group
  took a stance on and no group objects to is agreed. A proposal can be
  amended (in round 4 only once a group objects): the new version is put to
  the groups again; older versions and their stances stay in the history.
- ``/round`` moves to the next round at any time; the facilitator may go back
  one round while nothing of the current round has been handed in. Each round
  may have a timer: a warning one minute before, and at expiry the round ends
  as if ``/round`` was sent (round 4: the council closes). ``/close`` ends the
  council at any time and posts the result: the agreed proposals and the open
  objections with their reasons. Nothing is accepted after that.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from math import ceil
from typing import Any

from flows import access as roles
from flows.base import (
    Announce,
    FlowError,
    Step,
    TimerExpired,
    TimerWarning,
    deadline_after,
    extended,
    has_visible_text,
)
from flows.council.forgetting import forget
from flows.council.model import (
    CONNECTIVES,
    MAX_GROUP_NAME,
    MAX_GROUPS,
    MAX_MINUTES,
    MIN_GROUPS,
    ROUNDS,
    Amend,
    AssignGroup,
    Close,
    CouncilState,
    EditInterest,
    Extend,
    GoBack,
    Group,
    Interest,
    JoinGroup,
    MarkInterest,
    NameSpeaker,
    NextRound,
    OpenCouncil,
    Phase,
    Proposal,
    ProposalVersion,
    Propose,
    RateRestatement,
    Rating,
    RemindMissing,
    Restate,
    Restatement,
    RoundChange,
    Stance,
    StanceKind,
    StateInterest,
    TakeStance,
)
from flows.council.parse import (
    clean_text,
    parse_amend,
    parse_extend,
    parse_group,
    parse_interest,
    parse_open,
    parse_proposal,
    parse_restate,
    parse_round,
    parse_round_command,
    split_interest,
    split_reason,
)
from flows.council.stances import amend, mark_interest, may_take_stance, propose, take_stance
from flows.council.tables import (
    AcceptanceCell,
    ConflictRow,
    Missing,
    Objection,
    RestatementRow,
    acceptance_table,
    agreed_proposals,
    assign_restatements,
    conflict_map,
    find_interest,
    group_of,
    group_stance,
    interest_from,
    is_agreed,
    member_group,
    missing,
    open_objections,
    restated_by,
    restatement_table,
    restater_of,
    waiting_for,
)
from flows.council.words import (
    may_rate,
    may_restate,
    open_restatements,
    rate_restatement,
    restate,
)
from flows.machine import Machine, Move, Opening, phases

__all__ = [
    "MACHINE",
    "ROUNDS",
    "AcceptanceCell",
    "Amend",
    "AssignGroup",
    "Close",
    "ConflictRow",
    "CouncilState",
    "EditInterest",
    "Extend",
    "GoBack",
    "Group",
    "Interest",
    "JoinGroup",
    "MarkInterest",
    "Missing",
    "NameSpeaker",
    "NextRound",
    "Objection",
    "OpenCouncil",
    "Phase",
    "Proposal",
    "ProposalVersion",
    "Propose",
    "RateRestatement",
    "Rating",
    "RemindMissing",
    "Restate",
    "Restatement",
    "RestatementRow",
    "Stance",
    "StanceKind",
    "StateInterest",
    "TakeStance",
    "acceptance_table",
    "agreed_proposals",
    "apply",
    "assign_restatements",
    "check",
    "conflict_map",
    "find_interest",
    "forget",
    "group_of",
    "group_stance",
    "interest_from",
    "is_agreed",
    "legal",
    "may_edit_interest",
    "may_rate",
    "may_restate",
    "may_take_stance",
    "member_group",
    "missing",
    "open_objections",
    "open_restatements",
    "parse_amend",
    "parse_extend",
    "parse_group",
    "parse_interest",
    "parse_open",
    "parse_proposal",
    "parse_restate",
    "parse_round",
    "parse_round_command",
    "restated_by",
    "restatement_table",
    "restater_of",
    "round_number",
    "split_interest",
    "split_reason",
    "waiting_for",
]

def round_number(phase: Phase) -> int:
    """1 to 4 for the rounds, 0 once closed."""
    return ROUNDS.index(phase) + 1 if phase in ROUNDS else 0


def open_council(event: OpenCouncil, now: datetime) -> Step[CouncilState]:
    """Round 1 begins at once; the event is validated again for callers that skip the parser."""
    question = clean_text(event.question, "council.no_question")
    names = tuple(name.strip() for name in event.groups)
    if len(names) < MIN_GROUPS:
        raise FlowError("council.too_few_groups", min=MIN_GROUPS)
    if len(names) > MAX_GROUPS:
        raise FlowError("council.too_many_groups", max=MAX_GROUPS)
    if any(not has_visible_text(n) or len(n) > MAX_GROUP_NAME for n in names):
        raise FlowError("council.group_name_too_long", max=MAX_GROUP_NAME)
    if len({n.casefold() for n in names}) < len(names):
        raise FlowError("council.duplicate_group")
    if event.minutes is not None and not 0 < event.minutes <= MAX_MINUTES:
        raise FlowError("council.bad_duration")
    state = CouncilState(
        question=question,
        groups=tuple(Group(name=n) for n in names),
        opened_by=event.actor,
        opened_at=now,
        deadline=deadline_after(now, event.minutes),
        history=(RoundChange(phase=Phase.INTERESTS, at=now, actor=event.actor),),
    )
    opened = Announce(key="council.opened", params={"question": question, "groups": len(names)})
    return Step(state=state, effects=(opened,))


# --- groups -------------------------------------------------------------------------


def check_group(state: CouncilState, group: int) -> None:
    """A stale or forged button may name a group that does not exist."""
    if not 0 <= group < len(state.groups):
        raise FlowError("council.unknown_group")


def move_member(state: CouncilState, member: int, group: int) -> CouncilState:
    """Put ``member`` into ``group`` only; their current stances move with them."""
    groups = []
    for g, old in enumerate(state.groups):
        members = tuple(m for m in old.members if m != member)
        if g == group:
            members = (*members, member)
        speaker = old.speaker if old.speaker in members else None
        groups.append(old.model_copy(update={"members": members, "speaker": speaker}))
    current = {(p.number, p.current.version) for p in state.proposals}
    stances = tuple(
        s.model_copy(update={"group": group})
        if s.member == member and (s.proposal, s.version) in current
        else s
        for s in state.stances
    )
    return state.model_copy(update={"groups": tuple(groups), "stances": stances})


def join_group(state: CouncilState, event: JoinGroup, now: datetime) -> Step[CouncilState]:
    """A person chooses a group (moving out of any other, but only while interests are stated).

    After round 1 a member who switched groups could restate for one group and
    rate the restatement for the other, or tip another group's stance; only a
    newcomer may still choose, and only the facilitator moves people.
    """
    check_group(state, event.group)
    current = group_of(state, event.actor)
    if current == event.group:
        raise FlowError("council.already_in_group", group=state.groups[event.group].name)
    if current is not None and state.phase != Phase.INTERESTS:
        raise FlowError("council.no_switch")
    return Step(state=move_member(state, event.actor, event.group))


def assign_group(state: CouncilState, event: AssignGroup, now: datetime) -> Step[CouncilState]:
    """The facilitator assigns someone to a group and the person is told privately."""
    check_group(state, event.group)
    name = state.groups[event.group].name
    if group_of(state, event.member) == event.group:
        raise FlowError("council.already_in_group", group=name)
    told = Announce(key="council.assigned", params={"group": name}, to=event.member)
    return Step(state=move_member(state, event.member, event.group), effects=(told,))


def name_speaker(state: CouncilState, event: NameSpeaker, now: datetime) -> Step[CouncilState]:
    """A member names one of the group's members as speaker (or clears it with None)."""
    check_group(state, event.group)
    group = state.groups[event.group]
    if event.actor not in group.members:
        raise FlowError("council.not_your_group", group=group.name)
    if event.speaker is not None and event.speaker not in group.members:
        raise FlowError("council.speaker_not_member", group=group.name)
    if event.speaker == group.speaker:
        raise FlowError("council.speaker_unchanged")
    groups = list(state.groups)
    groups[event.group] = group.model_copy(update={"speaker": event.speaker})
    if event.speaker is None:
        said = Announce(key="council.speaker_cleared", params={"group": group.name})
    else:
        said = Announce(
            key="council.speaker_named",
            params={"group": group.name},
            people={"speaker": event.speaker},
        )
    return Step(state=state.model_copy(update={"groups": tuple(groups)}), effects=(said,))


# --- round 1: interests ---------------------------------------------------------------


def state_interest(state: CouncilState, event: StateInterest, now: datetime) -> Step[CouncilState]:
    """An interest of the actor's group, with its reason."""
    group = member_group(state, event.actor)
    text = clean_text(event.text, "council.interest_empty")
    reason = clean_text(event.reason, "council.interest_needs_reason")
    interest = Interest(
        number=state.next_interest,
        group=group,
        text=text,
        reason=reason,
        author=event.actor,
        at=now,
        source=event.source,
        connective=known_connective(event.connective),
    )
    new = state.model_copy(
        update={"interests": (*state.interests, interest), "next_interest": interest.number + 1}
    )
    return Step(state=new)


def known_connective(word: str) -> str:
    """One of the connectives an interest may keep, in lower case; anything else is dropped."""
    lowered = word.strip().lower()
    return lowered if lowered in CONNECTIVES else ""


def may_edit_interest(state: CouncilState, actor: int, number: int) -> Interest:
    """The interest, if the actor's group stated it, so they may reword it, whatever the words."""
    interest = find_interest(state, number)
    if interest is None:
        raise FlowError("council.unknown_interest", interest=number)
    if group_of(state, actor) != interest.group:
        raise FlowError("council.not_your_interest")
    return interest


def edit_interest(state: CouncilState, event: EditInterest, now: datetime) -> Step[CouncilState]:
    """A member of the interest's group rewords it (round 1 only)."""
    interest = may_edit_interest(state, event.actor, event.interest)
    text = clean_text(event.text, "council.interest_empty")
    reason = clean_text(event.reason, "council.interest_needs_reason")
    connective = known_connective(event.connective)
    if (text, reason, connective) == (interest.text, interest.reason, interest.connective):
        raise FlowError("council.interest_unchanged")
    edited = interest.model_copy(
        update={"text": text, "reason": reason, "connective": connective, "edited_at": now}
    )
    interests = tuple(edited if i.number == interest.number else i for i in state.interests)
    return Step(state=state.model_copy(update={"interests": interests}))


# --- rounds and timers -----------------------------------------------------------------


def enter(
    state: CouncilState, phase: Phase, actor: int, now: datetime, **update: Any
) -> CouncilState:
    """The state in ``phase``, with the change kept in the history."""
    change = RoundChange(phase=phase, at=now, actor=actor)
    return state.model_copy(update={"phase": phase, "history": (*state.history, change), **update})


def round_started(phase: Phase) -> Announce:
    """The announcement that a round began."""
    return Announce(key=f"council.round_{phase.value}", params={"round": round_number(phase)})


def next_round(state: CouncilState, event: NextRound, now: datetime) -> Step[CouncilState]:
    """On to the next round; round 2 fixes who restates whom."""
    if event.minutes is not None and not 0 < event.minutes <= MAX_MINUTES:
        raise FlowError("council.bad_duration")
    phase = ROUNDS[ROUNDS.index(state.phase) + 1]
    update: dict[str, Any] = {"deadline": deadline_after(now, event.minutes)}
    if phase is Phase.RESTATE:
        update["assignment"] = assign_restatements(len(state.groups))
    new = enter(state, phase, event.actor, now, **update)
    return Step(state=new, effects=(round_started(phase),))


def handed_in(state: CouncilState) -> bool:
    """Whether anything of the current round was handed in (then going back is refused)."""
    if state.phase is Phase.RESTATE:
        return bool(state.restatements)
    if state.phase is Phase.PROPOSALS:
        return bool(state.proposals)
    return bool(state.stances)


def go_back(state: CouncilState, event: GoBack, now: datetime) -> Step[CouncilState]:
    """Back one round, the timer cleared, while the current round is still untouched."""
    if handed_in(state):
        raise FlowError("council.cannot_go_back", round=round_number(state.phase))
    phase = ROUNDS[ROUNDS.index(state.phase) - 1]
    update: dict[str, Any] = {"deadline": None}
    if phase is Phase.INTERESTS:
        update["assignment"] = ()
    new = enter(state, phase, event.actor, now, **update)
    said = Announce(key="council.went_back", params={"round": round_number(phase)})
    return Step(state=new, effects=(said,))


def extend(state: CouncilState, event: Extend, now: datetime) -> Step[CouncilState]:
    """More time for this round, or a timer where there was none."""
    if not 0 < event.minutes <= MAX_MINUTES:
        raise FlowError("council.bad_duration")
    deadline = extended(state.deadline, now, event.minutes)
    # Whole minutes, as every format announces them ("1,5" would need the reader's decimal comma).
    said = Announce(key="council.extended", params={"minutes": max(1, ceil(event.minutes))})
    return Step(state=state.model_copy(update={"deadline": deadline}), effects=(said,))


def timer_warning(state: CouncilState, event: TimerWarning, now: datetime) -> Step[CouncilState]:
    """One minute left in this round (a stale timer says nothing)."""
    if event.deadline != state.deadline:
        return Step(state=state)
    said = Announce(key="council.time_warning", params={"round": round_number(state.phase)})
    return Step(state=state, effects=(said,))


def timer_expired(state: CouncilState, event: TimerExpired, now: datetime) -> Step[CouncilState]:
    """Time is up: the round ends as with ``/round``; the last one closes the council."""
    if event.deadline != state.deadline:
        return Step(state=state)
    up = Announce(key="council.time_up", params={"round": round_number(state.phase)})
    if state.phase is Phase.STANCES:
        step = close(state, Close(actor=event.actor), now)
    else:
        step = next_round(state, NextRound(actor=event.actor), now)
    return step.model_copy(update={"effects": (up, *step.effects)})


def close(state: CouncilState, event: Close, now: datetime) -> Step[CouncilState]:
    """The end: post the agreed proposals and the objections that still stand."""
    new = enter(state, Phase.CLOSED, event.actor, now, closed_at=now, deadline=None)
    agreed = agreed_proposals(new)
    objections = open_objections(new)
    effects = [
        Announce(
            key="council.closed",
            params={"agreed": len(agreed), "objections": len(objections)},
        )
    ]
    effects += [
        Announce(
            key="council.result_agreed",
            params={"proposal": p.number, "text": p.current.text},
        )
        for p in agreed
    ]
    effects += [
        Announce(
            key="council.result_objection",
            params={"proposal": o.proposal, "group": o.group, "reason": o.reason},
            people={"member": o.member},
        )
        for o in objections
    ]
    return Step(state=new, effects=tuple(effects))


def remind_missing(state: CouncilState, event: RemindMissing, now: datetime) -> Step[CouncilState]:
    """One private reminder to each member of a group the round still waits for."""
    groups = waiting_for(state)
    members = [(g, m) for g in groups for m in state.groups[g].members]
    if not members:
        raise FlowError("council.nobody_missing")
    effects = tuple(
        Announce(key=f"council.remind_{state.phase.value}",
                 params={"group": state.groups[g].name, "question": state.question}, to=member)
        for g, member in members
    )
    return Step(state=state, effects=effects)


INTERESTS, RESTATE, PROPOSALS, STANCES, CLOSED = Phase
ANY_ROUND = frozenset(ROUNDS)
ALWAYS = frozenset(Phase)
ONWARD = dict(zip(ROUNDS, (*ROUNDS[1:], CLOSED), strict=True))
"""Where each round leads: the next round, and from the last one, the end."""
BACK = {later: earlier for earlier, later in pairwise(ROUNDS)}
MACHINE: Machine[CouncilState, Phase] = Machine(
    name="council",
    phase_type=Phase,
    opening=Opening(OpenCouncil, open_council, roles.STEER, start=INTERESTS),
    moves={
        JoinGroup: Move(join_group, ANY_ROUND, roles.TAKE_PART),
        AssignGroup: Move(assign_group, ANY_ROUND, roles.STEER),
        NameSpeaker: Move(name_speaker, ANY_ROUND, roles.TAKE_PART),
        StateInterest: Move(state_interest, phases(INTERESTS), roles.TAKE_PART, keyed=True),
        EditInterest: Move(edit_interest, phases(INTERESTS), roles.TAKE_PART, keyed=True),
        NextRound: Move(next_round, phases(INTERESTS, RESTATE, PROPOSALS), roles.STEER,
                        to=ONWARD),
        GoBack: Move(go_back, phases(RESTATE, PROPOSALS, STANCES), roles.STEER, to=BACK),
        Restate: Move(restate, phases(RESTATE), roles.TAKE_PART, keyed=True),
        RateRestatement: Move(rate_restatement, phases(RESTATE), roles.TAKE_PART, keyed=True),
        Propose: Move(propose, phases(PROPOSALS), roles.TAKE_PART, keyed=True),
        MarkInterest: Move(mark_interest, phases(PROPOSALS), roles.TAKE_PART),
        TakeStance: Move(take_stance, phases(STANCES), roles.TAKE_PART, keyed=True),
        Amend: Move(amend, phases(PROPOSALS, STANCES), roles.TAKE_PART, keyed=True),
        RemindMissing: Move(remind_missing, phases(INTERESTS, RESTATE, STANCES), roles.STEER),
        Extend: Move(extend, ANY_ROUND, roles.STEER),
        Close: Move(close, ANY_ROUND, roles.STEER, to=CLOSED),
        TimerWarning: Move(timer_warning, ALWAYS, frozenset()),
        TimerExpired: Move(timer_expired, ALWAYS, frozenset(), to=ONWARD),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("council.not_open"),
    already_open=lambda state: FlowError("council.already_open"),
    not_now=lambda state: (
        FlowError("council.closed_already", round=0) if state.phase is CLOSED
        else FlowError("council.not_now", round=round_number(state.phase))),
    seen=lambda state, source: source in state.sources,
    remember=lambda before, step, source: step.model_copy(update={
        "state": step.state.model_copy(update={"sources": (*before.sources, source)})}),
)
"""The council's moves: which event, in which round, by whom, to which round."""
apply = MACHINE.apply
legal = MACHINE.legal
check = MACHINE.check
