"""The pinboard (Pinnwand): notes to guiding questions, clusters, a dot-vote, a result.

The rules, in plain words:

- A facilitator opens a board with a title, 1 to 12 guiding questions, an
  optional duration and, if wanted, permission for anonymous notes. The board
  starts *collecting*.
- While collecting, anyone taking part adds notes to a question by its number.
  One message with several lines gives several notes to the same question.
  Empty notes, notes over 1,000 characters and unknown question numbers are
  refused. Notes are numbered per board 1, 2, 3 … in order of arrival; a
  number is never reused, so "Kosten: 3 5 7" and "/hide 4" stay valid.
- An author may edit the message that carried notes (its lines replace them)
  and ``/undo`` their most recent note, both only while collecting. An
  anonymous note still records its author, so undo and erasure work, but the
  author is never shown.
- A facilitator hides notes and restores them at any time; hidden notes stay
  stored but are left out of options, results and drafts.
- ``/cluster`` (or the end of the duration) ends collecting and starts
  *clustering*: per question the facilitator groups notes into named clusters
  ("Kosten: 3 5 7"), renames, moves a note, ungroups, or accepts a suggested
  group. A note is in at most one cluster, of its own question; a note in no
  cluster counts as its own cluster.
- ``/vote 3`` (from collecting or clustering) starts *voting*: everyone gets
  that many dots for the whole board (1 to 12), optionally at most k per
  cluster, with an optional duration. A dot goes on a cluster or an ungrouped
  note; people may take dots back and place them again until the vote closes.
  A dot beyond the budget or the cap is refused; the same dot twice within a
  moment (or at all, with a cap of one) is a double tap and changes nothing.
  Tallies stay hidden until the close unless the facilitator shows them.
- ``/extend`` sets or lengthens the timer of collecting or voting; one minute
  before the deadline everyone is warned. ``/close`` ends the board from any
  open phase; the end of a voting timer does the same. The result lists, per
  question, the clusters ranked by dots with their visible notes.
- A note counts by when it was sent: one sent while the board was collecting
  is taken even if it is handled later (it waited behind its author's other
  messages, or across a restart), in clustering, voting or after the close; it
  then appears in the result. Telegram dates a message in whole seconds: a note
  sent in the very second collecting ended counts as late (nobody can tell
  which came first).
- Contributions carry the source of the Telegram message or button press;
  the same source twice is a duplicate and changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from math import ceil
from typing import Any

from flows import access as roles
from flows.base import (
    FORGOTTEN,
    Announce,
    Event,
    FlowError,
    Memo,
    Step,
    TimerExpired,
    TimerWarning,
    deadline_after,
    extended,
)
from flows.machine import Machine, Move, Opening, phases
from flows.pinboard.model import (
    AcceptSuggestion,
    AddNotes,
    Close,
    EditNotes,
    Extend,
    GroupNotes,
    HideNotes,
    Milestone,
    MoveNote,
    Note,
    NoteEdit,
    OpenBoard,
    Phase,
    PinboardState,
    RenameCluster,
    RestoreNotes,
    ShowTallies,
    StartClustering,
    StartVote,
    UndoNote,
    Ungroup,
    Unvote,
    Vote,
    check_minutes,
    check_note_texts,
    check_open,
    clean,
)
from flows.pinboard.parse import (
    note_lines,
    parse_cluster_command,
    parse_extend,
    parse_grouping,
    parse_hide,
    parse_note,
    parse_numbers,
    parse_open,
    parse_vote,
)
from flows.pinboard.results import (
    Option,
    QuestionResult,
    cluster_of,
    dots_left,
    dots_of,
    latest_dot,
    note_counts,
    notes_from_source,
    options,
    ranked,
    result,
    tallies,
    visible_notes,
    visible_tallies,
)
from flows.pinboard.steps import (
    accept_suggestion,
    group_notes,
    move_note,
    rename_cluster,
    show_tallies,
    start_vote,
    ungroup,
    unvote,
    vote,
    without_notes,
)

__all__ = [
    "MACHINE", "AcceptSuggestion", "AddNotes", "Close", "EditNotes", "Extend", "GroupNotes",
    "HideNotes", "MoveNote", "OpenBoard", "Option", "Phase", "PinboardState", "QuestionResult",
    "RenameCluster", "RestoreNotes", "ShowTallies", "StartClustering", "StartVote", "UndoNote",
    "Ungroup", "Unvote", "Vote", "apply", "check", "cluster_of", "collecting_ended", "dots_left",
    "dots_of", "forget", "latest_dot", "legal", "note_counts", "note_lines", "notes_from_source",
    "options",
    "parse_cluster_command", "parse_extend", "parse_grouping", "parse_hide", "parse_note",
    "parse_numbers", "parse_open", "parse_vote", "ranked", "result", "tallies", "visible_notes",
    "visible_tallies",
]

_SOURCES: Memo[PinboardState, set[str]] = Memo()
"""The sources a board has taken, for the states of the last few steps: a burst's duplicate
check stays O(1) instead of scanning a thousand notes for every note. A step hands its
state's set on to the next state, adding the one new source."""


def _sources(state: PinboardState) -> set[str]:
    """Every message or press the board took a note or dot from (withdrawn ones included)."""
    found = _SOURCES.get(state)
    if found is None:
        found = set(state.retired_sources)
        found.update(note.source for note in state.notes if note.source is not None)
        found.update(dot.source for dot in state.dots if dot.source is not None)
        _SOURCES.keep(state, found)
    return found


def _remember(before: PinboardState, step: Step[PinboardState], source: str) -> Step[PinboardState]:
    """Hand the board's set of sources on to the new state, with the one new source."""
    sources = _SOURCES.take(before) or set(_sources(before))
    sources.add(source)
    _SOURCES.keep(step.state, sources)
    return step


def _minutes(minutes: float) -> int:
    return max(1, ceil(minutes))


def open_board(event: OpenBoard, now: datetime) -> Step[PinboardState]:
    check_open(event)
    deadline = deadline_after(now, event.minutes)
    state = PinboardState(
        title=clean(event.title),
        questions=tuple(clean(q) for q in event.questions),
        anonymity_allowed=event.anonymity_allowed,
        opened_by=event.actor,
        opened_at=now,
        deadline=deadline,
        history=(Milestone(phase=Phase.COLLECTING, at=now, actor=event.actor, deadline=deadline),),
    )
    params: dict[str, str | int] = {"title": state.title, "questions": len(state.questions)}
    if event.minutes is None:
        return Step(state=state, effects=(Announce(key="pinboard.opened", params=params),))
    params["minutes"] = _minutes(event.minutes)
    return Step(state=state, effects=(Announce(key="pinboard.opened_timed", params=params),))


def add_notes(state: PinboardState, event: AddNotes, now: datetime) -> Step[PinboardState]:
    """Each text becomes a note to the question, numbered on from the board's counter."""
    if not 1 <= event.question <= len(state.questions):
        raise FlowError("pinboard.unknown_question", number=event.question,
                        count=len(state.questions))
    if event.anonymous and not state.anonymity_allowed:
        raise FlowError("pinboard.anonymity_not_allowed")
    texts = check_note_texts(event.texts)
    new = tuple(
        Note(number=state.next_note + i, question=event.question, author=event.actor,
             anonymous=event.anonymous, text=text, created=now, source=event.source)
        for i, text in enumerate(texts)
    )
    return Step(state=state.model_copy(update={
        "notes": state.notes + new, "next_note": state.next_note + len(new)}))


def collecting_ended(state: PinboardState) -> datetime | None:
    """When the board stopped collecting notes (``None``: it still collects)."""
    return next((m.at for m in state.history if m.phase != Phase.COLLECTING), None)


def sent_while_collecting(state: PinboardState, event: AddNotes) -> bool:
    """A note handled after collecting ended that was sent before: it is still taken."""
    ended = collecting_ended(state)
    return (event.sent is not None and ended is not None
            and event.sent < ended.replace(microsecond=0))


def edit_notes(state: PinboardState, event: EditNotes, now: datetime) -> Step[PinboardState]:
    """The edited message's lines replace its notes in order; extra lines add, missing remove."""
    old = [note for note in state.notes if note.source == event.source]
    if not old:
        key = "pinboard.note_withdrawn" if event.source in state.retired_sources else (
            "pinboard.unknown_source")
        raise FlowError(key)
    if old[0].author != event.actor:
        raise FlowError("pinboard.not_your_note")
    texts = check_note_texts(event.texts)
    if texts == tuple(note.text for note in old):
        raise FlowError("pinboard.note_unchanged")
    changed = {
        note.number: note.model_copy(update={
            "text": text, "edits": (*note.edits, NoteEdit(text=note.text, at=now))})
        for note, text in zip(old, texts, strict=False) if note.text != text
    }
    dropped = {note.number for note in old[len(texts):]}
    notes = tuple(changed.get(n.number, n) for n in state.notes if n.number not in dropped)
    added = tuple(
        old[0].model_copy(update={"number": state.next_note + i, "text": text, "created": now,
                                  "edits": (), "hidden": False})
        for i, text in enumerate(texts[len(old):])
    )
    return Step(state=state.model_copy(update={
        "notes": notes + added,
        "next_note": state.next_note + len(added),
        "clusters": without_notes(state.clusters, dropped),
    }))


def undo_note(state: PinboardState, event: UndoNote, now: datetime) -> Step[PinboardState]:
    """Withdraw the actor's most recent note; its number is not given out again."""
    mine = [note for note in state.notes if note.author == event.actor]
    if not mine:
        raise FlowError("pinboard.nothing_to_undo")
    last = mine[-1]
    notes = tuple(note for note in state.notes if note.number != last.number)
    retired = state.retired_sources
    if last.source is not None and all(note.source != last.source for note in notes):
        retired = (*retired, last.source)
    new = state.model_copy(update={
        "notes": notes, "retired_sources": retired,
        "clusters": without_notes(state.clusters, {last.number})})
    announce = Announce(key="pinboard.undone", params={"number": last.number}, to=event.actor)
    return Step(state=new, effects=(announce,))


def _set_hidden(state: PinboardState, numbers: tuple[int, ...], hidden: bool) -> PinboardState:
    by_number = {note.number: note for note in state.notes}
    for number in numbers:
        note = by_number.get(number)
        if note is None:
            raise FlowError("pinboard.unknown_note", number=number)
        if note.hidden == hidden:
            raise FlowError("pinboard.already_hidden" if hidden else "pinboard.not_hidden",
                            number=number)
    wanted = set(numbers)
    notes = tuple(
        note.model_copy(update={"hidden": hidden}) if note.number in wanted else note
        for note in state.notes
    )
    return state.model_copy(update={"notes": notes})


def hide_notes(state: PinboardState, event: HideNotes, now: datetime) -> Step[PinboardState]:
    return Step(state=_set_hidden(state, event.numbers, True))


def restore_notes(state: PinboardState, event: RestoreNotes, now: datetime) -> Step[PinboardState]:
    return Step(state=_set_hidden(state, event.numbers, False))


def _enter(state: PinboardState, phase: Phase, actor: int, now: datetime) -> PinboardState:
    """The state in a new untimed phase, with the change in the history."""
    update: dict[str, Any] = {
        "phase": phase,
        "deadline": None,
        "history": (*state.history, Milestone(phase=phase, at=now, actor=actor)),
    }
    if phase == Phase.CLOSED:
        update["closed_at"] = now
    return state.model_copy(update=update)


def start_clustering(
    state: PinboardState, event: StartClustering, now: datetime
) -> Step[PinboardState]:
    new = _enter(state, Phase.CLUSTERING, event.actor, now)
    params: dict[str, str | int] = {"notes": len(visible_notes(state))}
    return Step(state=new, effects=(Announce(key="pinboard.clustering_started", params=params),))


def close(state: PinboardState, event: Event, now: datetime) -> Step[PinboardState]:
    """End the board; the adapter renders ``result(state)`` under this announcement."""
    new = _enter(state, Phase.CLOSED, event.actor, now)
    params: dict[str, str | int] = {"title": state.title, "notes": len(visible_notes(state))}
    return Step(state=new, effects=(Announce(key="pinboard.closed", params=params),))


def extend(state: PinboardState, event: Extend, now: datetime) -> Step[PinboardState]:
    """Lengthen the running timer, or start one if the phase had none."""
    check_minutes(event.minutes)
    minutes = event.minutes
    deadline = extended(state.deadline, now, minutes)
    milestone = Milestone(phase=state.phase, at=now, actor=event.actor, deadline=deadline)
    new = state.model_copy(update={
        "deadline": deadline, "history": (*state.history, milestone)})
    left = (deadline - now).total_seconds() / 60
    params: dict[str, str | int] = {"minutes": _minutes(minutes), "left": _minutes(left)}
    return Step(state=new, effects=(Announce(key="pinboard.extended", params=params),))


def timer_warning(state: PinboardState, event: TimerWarning, now: datetime) -> Step[PinboardState]:
    if event.deadline != state.deadline:
        return Step(state=state)
    voting = state.phase == Phase.VOTING
    key = "pinboard.vote_ends_soon" if voting else "pinboard.collection_ends_soon"
    return Step(state=state, effects=(Announce(key=key, params={"title": state.title}),))


def timer_expired(state: PinboardState, event: TimerExpired, now: datetime) -> Step[PinboardState]:
    """Collecting ends in clustering; voting ends the board."""
    if event.deadline != state.deadline:
        return Step(state=state)
    if state.phase == Phase.VOTING:
        return close(state, event, now)
    new = _enter(state, Phase.CLUSTERING, event.actor, now)
    params: dict[str, str | int] = {"notes": len(visible_notes(state))}
    return Step(state=new, effects=(Announce(key="pinboard.collection_ended", params=params),))


COLLECTING, CLUSTERING, VOTING, CLOSED = Phase
OPEN = phases(COLLECTING, CLUSTERING, VOTING)
ALWAYS = frozenset(Phase)
MACHINE: Machine[PinboardState, Phase] = Machine(
    name="pinboard",
    phase_type=Phase,
    opening=Opening(OpenBoard, open_board, roles.STEER, start=COLLECTING),
    moves={
        AddNotes: Move(add_notes, phases(COLLECTING), roles.TAKE_PART, keyed=True,
                       in_time=sent_while_collecting),
        EditNotes: Move(edit_notes, phases(COLLECTING), roles.TAKE_PART),
        UndoNote: Move(undo_note, phases(COLLECTING), roles.TAKE_PART),
        HideNotes: Move(hide_notes, ALWAYS, roles.STEER),
        RestoreNotes: Move(restore_notes, ALWAYS, roles.STEER),
        StartClustering: Move(start_clustering, phases(COLLECTING), roles.STEER, to=CLUSTERING),
        GroupNotes: Move(group_notes, phases(CLUSTERING), roles.STEER),
        AcceptSuggestion: Move(accept_suggestion, phases(CLUSTERING), roles.STEER),
        RenameCluster: Move(rename_cluster, phases(CLUSTERING), roles.STEER),
        MoveNote: Move(move_note, phases(CLUSTERING), roles.STEER),
        Ungroup: Move(ungroup, phases(CLUSTERING), roles.STEER),
        StartVote: Move(start_vote, phases(COLLECTING, CLUSTERING), roles.STEER, to=VOTING),
        ShowTallies: Move(show_tallies, phases(VOTING), roles.STEER),
        Vote: Move(vote, phases(VOTING), roles.TAKE_PART, keyed=True),
        Unvote: Move(unvote, phases(VOTING), roles.TAKE_PART),
        Extend: Move(extend, phases(COLLECTING, VOTING), roles.STEER),
        Close: Move(close, OPEN, roles.STEER, to=CLOSED),
        TimerWarning: Move(timer_warning, ALWAYS, frozenset()),
        TimerExpired: Move(timer_expired, ALWAYS, frozenset(),
                           to={COLLECTING: CLUSTERING, VOTING: CLOSED}),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("pinboard.no_board"),
    already_open=lambda state: FlowError("pinboard.already_open", title=state.title),
    not_now=lambda state: FlowError("pinboard.not_now", phase=state.phase.value),
    seen=lambda state, source: source in _sources(state),
    remember=_remember,
)
"""The pinboard's moves: which event, in which phase, by whom, to which phase."""
apply = MACHINE.apply
legal = MACHINE.legal
check = MACHINE.check


def forget(state: PinboardState, user_id: int, erase: bool) -> PinboardState:
    """Erase a person's notes and dots, or keep their words under ``FORGOTTEN``."""
    def who(actor: int) -> int:
        return FORGOTTEN if actor == user_id else actor

    history = tuple(m.model_copy(update={"actor": who(m.actor)}) for m in state.history)
    base = state.model_copy(update={"opened_by": who(state.opened_by), "history": history})
    if not erase:
        return base.model_copy(update={
            "notes": tuple(n.model_copy(update={"author": who(n.author)}) for n in state.notes),
            "dots": tuple(d.model_copy(update={"voter": who(d.voter)}) for d in state.dots),
        })
    gone = [note for note in state.notes if note.author == user_id]
    numbers = {note.number for note in gone}
    gone_options = {f"n{number}" for number in numbers}
    sources = {note.source for note in gone if note.source is not None}
    sources |= {d.source for d in state.dots if d.voter == user_id and d.source is not None}
    return base.model_copy(update={
        "notes": tuple(note for note in state.notes if note.number not in numbers),
        "clusters": without_notes(state.clusters, numbers),
        "dots": tuple(d for d in state.dots
                      if d.voter != user_id and d.option not in gone_options),
        "retired_sources": (*state.retired_sources, *sorted(sources - set(state.retired_sources))),
    })
