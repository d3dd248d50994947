"""What the live message, the result and the draft need from a pinboard (no rendering).

A voting *option* is a cluster with at least one visible note (key ``c<n>``) or
a visible note in no cluster (key ``n<n>``): ungrouped notes count as their
own cluster. Hidden notes are left out everywhere here.
"""

from __future__ import annotations

from collections import Counter

from flows.base import FlowError, Value
from flows.pinboard.model import Cluster, Note, Phase, PinboardState


class Option(Value):
    """Something to put dots on: a cluster (``name`` set) or a single ungrouped note."""

    key: str
    question: int
    name: str | None
    notes: tuple[Note, ...]
    dots: int = 0


class QuestionResult(Value):
    """One guiding question: its visible notes in order of arrival and its ranked options."""

    number: int
    text: str
    notes: tuple[Note, ...]
    options: tuple[Option, ...]


def cluster_key(number: int) -> str:
    return f"c{number}"


def note_key(number: int) -> str:
    return f"n{number}"


def visible_notes(state: PinboardState, question: int | None = None) -> tuple[Note, ...]:
    """Notes not hidden, in order of arrival, optionally to one question."""
    return tuple(
        note
        for note in state.notes
        if not note.hidden and (question is None or note.question == question)
    )


def find_note(state: PinboardState, number: int) -> Note | None:
    return next((note for note in state.notes if note.number == number), None)


def find_cluster(state: PinboardState, number: int) -> Cluster | None:
    return next((cluster for cluster in state.clusters if cluster.number == number), None)


def cluster_of(state: PinboardState, note: int) -> Cluster | None:
    """The cluster a note is in, if any."""
    return next((cluster for cluster in state.clusters if note in cluster.notes), None)


def notes_from_source(state: PinboardState, source: str) -> tuple[int, ...]:
    """The numbers of the notes one message carried (for ``/hide`` as a reply)."""
    return tuple(note.number for note in state.notes if note.source == source)


def note_counts(state: PinboardState) -> tuple[int, ...]:
    """Visible notes per question, for the live board message."""
    counts = Counter(note.question for note in visible_notes(state))
    return tuple(counts[number] for number in range(1, len(state.questions) + 1))


def tallies(state: PinboardState) -> dict[str, int]:
    """Dots per option key (any option that has dots)."""
    return dict(Counter(dot.option for dot in state.dots))


def visible_tallies(state: PinboardState) -> dict[str, int] | None:
    """Tallies if they may be shown: after the close or when the facilitator showed them."""
    if state.tallies_shown or state.phase == Phase.CLOSED:
        return tallies(state)
    return None


def dots_of(state: PinboardState, voter: int) -> dict[str, int]:
    """How many dots one person has on each option."""
    return dict(Counter(dot.option for dot in state.dots if dot.voter == voter))


def latest_dot(state: PinboardState, voter: int) -> str:
    """The option of the person's latest dot: "↩" takes that one back, to place it elsewhere."""
    for dot in reversed(state.dots):
        if dot.voter == voter:
            return dot.option
    raise FlowError("pinboard.no_dots_yet")


def dots_left(state: PinboardState, voter: int) -> int:
    """The dots a person may still place (0 when no vote was started).

    A dot on a note the facilitator hid meanwhile no longer counts: its option
    is gone, and the voter may place that dot elsewhere.
    """
    mine = [dot for dot in state.dots if dot.voter == voter]
    if not mine:
        return state.budget or 0
    current = all_option_keys(state)
    used = sum(1 for dot in mine if dot.option in current)
    return max(0, (state.budget or 0) - used)


def options(state: PinboardState, question: int) -> tuple[Option, ...]:
    """The options of one question in board order (by their first note), with their dots."""
    counts = tallies(state)
    visible = {note.number: note for note in visible_notes(state, question)}
    found: list[Option] = []
    grouped: set[int] = set()
    for cluster in state.clusters:
        if cluster.question != question:
            continue
        grouped.update(cluster.notes)
        notes = tuple(visible[n] for n in sorted(cluster.notes) if n in visible)
        if notes:
            key = cluster_key(cluster.number)
            found.append(Option(key=key, question=question, name=cluster.name, notes=notes,
                                dots=counts.get(key, 0)))
    for number, note in visible.items():
        if number not in grouped:
            key = note_key(number)
            found.append(Option(key=key, question=question, name=None, notes=(note,),
                                dots=counts.get(key, 0)))
    return tuple(sorted(found, key=lambda option: option.notes[0].number))


def all_option_keys(state: PinboardState) -> frozenset[str]:
    return frozenset(
        option.key
        for question in range(1, len(state.questions) + 1)
        for option in options(state, question)
    )


def ranked(state: PinboardState, question: int) -> tuple[Option, ...]:
    """A question's options, most dots first; ties keep board order."""
    return tuple(sorted(options(state, question), key=lambda option: -option.dots))


def result(state: PinboardState) -> tuple[QuestionResult, ...]:
    """Per question: visible notes and options ranked by dots (hidden notes left out)."""
    return tuple(
        QuestionResult(
            number=number,
            text=text,
            notes=visible_notes(state, number),
            options=ranked(state, number),
        )
        for number, text in enumerate(state.questions, start=1)
    )
