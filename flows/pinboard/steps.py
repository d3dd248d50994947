"""The pinboard's grouping and dot-vote moves (called by ``flows.pinboard.apply``).

Phases are already checked when these run; each checks its own arguments and
raises ``FlowError`` before anything is built.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.base import Announce, FlowError, Step, deadline_after
from flows.pinboard.model import (
    AcceptSuggestion,
    Cluster,
    Dot,
    GroupNotes,
    Milestone,
    MoveNote,
    Note,
    Phase,
    PinboardState,
    RenameCluster,
    ShowTallies,
    StartVote,
    Ungroup,
    Unvote,
    Vote,
    check_budget,
    check_minutes,
    check_name,
)
from flows.pinboard.results import (
    all_option_keys,
    cluster_of,
    dots_left,
    dots_of,
    find_cluster,
    find_note,
)

DOUBLE_TAP = timedelta(seconds=2)
"""A second dot on the same option this soon after the first is taken as a double tap."""


def without_notes(clusters: tuple[Cluster, ...], numbers: set[int]) -> tuple[Cluster, ...]:
    """The clusters with these notes taken out; clusters left empty disappear."""
    kept = (
        cluster.model_copy(update={"notes": tuple(n for n in cluster.notes if n not in numbers)})
        for cluster in clusters
    )
    return tuple(cluster for cluster in kept if cluster.notes)


def _notes_of_one_question(state: PinboardState, numbers: tuple[int, ...]) -> int:
    """The question all these notes belong to; unknown notes or a mix are refused."""
    notes: list[Note] = []
    for number in numbers:
        note = find_note(state, number)
        if note is None:
            raise FlowError("pinboard.unknown_note", number=number)
        notes.append(note)
    questions = {note.question for note in notes}
    if len(questions) != 1:
        raise FlowError("pinboard.mixed_questions")
    return questions.pop()


def _named(state: PinboardState, question: int, name: str) -> Cluster | None:
    wanted = name.casefold()
    return next(
        (c for c in state.clusters if c.question == question and c.name.casefold() == wanted),
        None,
    )


def group_notes(state: PinboardState, event: GroupNotes, now: datetime) -> Step[PinboardState]:
    """Put notes into the cluster of that name in their question, creating it if new."""
    name = check_name(event.name)
    question = _notes_of_one_question(state, event.notes)
    moving = set(event.notes)
    target = _named(state, question, name)
    if target is not None and moving <= set(target.notes):
        raise FlowError("pinboard.grouping_unchanged", name=target.name)
    clusters = without_notes(state.clusters, moving)
    if target is None:
        new = Cluster(number=state.next_cluster, question=question, name=name,
                      notes=tuple(sorted(moving)))
        return Step(state=state.model_copy(update={
            "clusters": (*clusters, new), "next_cluster": state.next_cluster + 1}))
    merged = target.model_copy(update={"notes": tuple(sorted(moving | set(target.notes)))})
    rest = tuple(c for c in clusters if c.number != target.number)
    ordered = tuple(sorted((*rest, merged), key=lambda c: c.number))
    return Step(state=state.model_copy(update={"clusters": ordered}))


def accept_suggestion(
    state: PinboardState, event: AcceptSuggestion, now: datetime
) -> Step[PinboardState]:
    """A proposal from ``similarity``; stale if any of its notes was grouped meanwhile."""
    _notes_of_one_question(state, event.notes)
    if any(cluster_of(state, number) is not None for number in event.notes):
        raise FlowError("pinboard.suggestion_stale")
    grouping = GroupNotes(actor=event.actor, name=event.name, notes=event.notes)
    return group_notes(state, grouping, now)


def rename_cluster(
    state: PinboardState, event: RenameCluster, now: datetime
) -> Step[PinboardState]:
    cluster = _cluster(state, event.cluster)
    name = check_name(event.name)
    other = _named(state, cluster.question, name)
    if other is not None and other.number != cluster.number:
        raise FlowError("pinboard.cluster_name_taken", name=other.name, number=other.number)
    renamed = cluster.model_copy(update={"name": name})
    return Step(state=_replace_cluster(state, renamed))


def move_note(state: PinboardState, event: MoveNote, now: datetime) -> Step[PinboardState]:
    """Into another cluster of the same question, or out of its cluster (``cluster=None``)."""
    note = find_note(state, event.note)
    if note is None:
        raise FlowError("pinboard.unknown_note", number=event.note)
    current = cluster_of(state, note.number)
    if event.cluster is None:
        if current is None:
            raise FlowError("pinboard.note_not_grouped", number=note.number)
        clusters = without_notes(state.clusters, {note.number})
        return Step(state=state.model_copy(update={"clusters": clusters}))
    target = _cluster(state, event.cluster)
    if target.question != note.question:
        raise FlowError("pinboard.other_question", number=note.number, cluster=target.number)
    if current is not None and current.number == target.number:
        raise FlowError("pinboard.note_already_there", number=note.number, name=target.name)
    grouping = GroupNotes(actor=event.actor, name=target.name, notes=(note.number,))
    return group_notes(state, grouping, now)


def ungroup(state: PinboardState, event: Ungroup, now: datetime) -> Step[PinboardState]:
    cluster = _cluster(state, event.cluster)
    clusters = tuple(c for c in state.clusters if c.number != cluster.number)
    return Step(state=state.model_copy(update={"clusters": clusters}))


def _cluster(state: PinboardState, number: int) -> Cluster:
    cluster = find_cluster(state, number)
    if cluster is None:
        raise FlowError("pinboard.unknown_cluster", number=number)
    return cluster


def _replace_cluster(state: PinboardState, cluster: Cluster) -> PinboardState:
    clusters = tuple(cluster if c.number == cluster.number else c for c in state.clusters)
    return state.model_copy(update={"clusters": clusters})


# --- dot-vote ---------------------------------------------------------------


def start_vote(state: PinboardState, event: StartVote, now: datetime) -> Step[PinboardState]:
    check_budget(event.budget, event.per_cluster)
    check_minutes(event.minutes)
    if not all_option_keys(state):
        raise FlowError("pinboard.nothing_to_vote")
    deadline = deadline_after(now, event.minutes)
    new = state.model_copy(update={
        "phase": Phase.VOTING,
        "deadline": deadline,
        "budget": event.budget,
        "per_cluster": event.per_cluster,
        "history": (*state.history, Milestone(phase=Phase.VOTING, at=now, actor=event.actor,
                                              deadline=deadline)),
    })
    if event.per_cluster is None:
        announce = Announce(key="pinboard.voting_started", params={"budget": event.budget})
    else:
        announce = Announce(key="pinboard.voting_started_limited",
                            params={"budget": event.budget, "max": event.per_cluster})
    return Step(state=new, effects=(announce,))


def show_tallies(state: PinboardState, event: ShowTallies, now: datetime) -> Step[PinboardState]:
    if state.tallies_shown:
        raise FlowError("pinboard.tallies_already_shown")
    new = state.model_copy(update={"tallies_shown": True})
    return Step(state=new, effects=(Announce(key="pinboard.tallies_shown"),))


def vote(state: PinboardState, event: Vote, now: datetime) -> Step[PinboardState]:
    """One dot: refused for unknown options, double taps, the per-option cap and the budget."""
    if event.option not in all_option_keys(state):
        raise FlowError("pinboard.unknown_option")
    mine = [d for d in state.dots if d.voter == event.actor and d.option == event.option]
    if mine and (state.per_cluster == 1 or now - mine[-1].at < DOUBLE_TAP):
        raise FlowError("pinboard.vote_unchanged", dots=len(mine))
    if state.per_cluster is not None and len(mine) >= state.per_cluster:
        raise FlowError("pinboard.cluster_limit", max=state.per_cluster)
    if dots_left(state, event.actor) == 0:
        raise FlowError("pinboard.budget_spent", budget=state.budget or 0)
    dot = Dot(voter=event.actor, option=event.option, at=now, source=event.source)
    return Step(state=state.model_copy(update={"dots": (*state.dots, dot)}))


def unvote(state: PinboardState, event: Unvote, now: datetime) -> Step[PinboardState]:
    """Take back one's latest dot on an option (moving a dot is unvote, then vote)."""
    if dots_of(state, event.actor).get(event.option, 0) == 0:
        raise FlowError("pinboard.no_dot_there")
    index = max(i for i, d in enumerate(state.dots)
                if d.voter == event.actor and d.option == event.option)
    removed = state.dots[index]
    retired = state.retired_sources
    if removed.source is not None:
        retired = (*retired, removed.source)
    dots = state.dots[:index] + state.dots[index + 1:]
    return Step(state=state.model_copy(update={"dots": dots, "retired_sources": retired}))
