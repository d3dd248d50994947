"""The pinboard's values: phases, notes, clusters, dots, the state and its events.

See ``flows.pinboard`` for the rules; this module only names what is stored and
what can happen, plus the limits every entry point checks the same way.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flows.base import Event, FlowError, Value, has_visible_text

MAX_QUESTIONS = 12
MAX_NOTE_CHARS = 1000
MAX_TITLE_CHARS = 200
MAX_QUESTION_CHARS = 300
MAX_NAME_CHARS = 100
MAX_NOTES_PER_MESSAGE = 20
MAX_BUDGET = 12
MAX_MINUTES = 24 * 60


class Phase(StrEnum):
    COLLECTING = "collecting"
    CLUSTERING = "clustering"
    VOTING = "voting"
    CLOSED = "closed"


class NoteEdit(Value):
    """A note's earlier wording, kept for the history."""

    text: str
    at: datetime


class Note(Value):
    """One note: numbered per board in order of arrival (1, 2, 3 …); numbers are never reused."""

    number: int
    question: int
    author: int
    anonymous: bool = False
    text: str
    created: datetime
    source: str | None = None
    edits: tuple[NoteEdit, ...] = ()
    hidden: bool = False


class Cluster(Value):
    """A named group of notes to one question; numbered per board like notes."""

    number: int
    question: int
    name: str
    notes: tuple[int, ...]


class Dot(Value):
    """One dot on a voting option (``option``: ``c3`` cluster 3, ``n7`` ungrouped note 7)."""

    voter: int
    option: str
    at: datetime
    source: str | None = None


class Milestone(Value):
    """A phase change or extension, for the history and the draft."""

    phase: Phase
    at: datetime
    actor: int
    deadline: datetime | None = None


class PinboardState(Value):
    title: str
    questions: tuple[str, ...]
    anonymity_allowed: bool = False
    opened_by: int
    opened_at: datetime
    phase: Phase = Phase.COLLECTING
    deadline: datetime | None = None
    notes: tuple[Note, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    next_note: int = 1
    next_cluster: int = 1
    budget: int | None = None
    per_cluster: int | None = None
    tallies_shown: bool = False
    dots: tuple[Dot, ...] = ()
    retired_sources: tuple[str, ...] = ()
    """Sources of withdrawn notes and dots: a repeated update must not bring them back."""
    history: tuple[Milestone, ...] = ()
    closed_at: datetime | None = None


# --- events -----------------------------------------------------------------


class OpenBoard(Event):
    title: str
    questions: tuple[str, ...]
    minutes: float | None = None
    anonymity_allowed: bool = False


class AddNotes(Event):
    """One message: each text becomes a note to ``question`` (1-based)."""

    question: int
    texts: tuple[str, ...]
    anonymous: bool = False
    source: str | None = None
    sent: datetime | None = None
    """When the person sent it (Telegram's date of the message), if known."""


class EditNotes(Event):
    """The message ``source`` was edited; ``texts`` are its lines now."""

    source: str
    texts: tuple[str, ...]


class UndoNote(Event):
    """Withdraw the actor's most recent note."""


class HideNotes(Event):
    numbers: tuple[int, ...]


class RestoreNotes(Event):
    numbers: tuple[int, ...]


class StartClustering(Event):
    pass


class GroupNotes(Event):
    """``Kosten: 3 5 7``: put notes into the cluster of that name (created if new)."""

    name: str
    notes: tuple[int, ...]


class AcceptSuggestion(Event):
    """Take a proposed group as a new cluster; its notes must still be ungrouped."""

    name: str
    notes: tuple[int, ...]


class RenameCluster(Event):
    cluster: int
    name: str


class MoveNote(Event):
    """Move a note into ``cluster``, or out of any cluster with ``None``."""

    note: int
    cluster: int | None


class Ungroup(Event):
    """Dissolve a cluster; its notes become ungrouped."""

    cluster: int


class StartVote(Event):
    budget: int
    per_cluster: int | None = None
    minutes: float | None = None


class ShowTallies(Event):
    pass


class Vote(Event):
    option: str
    source: str | None = None


class Unvote(Event):
    option: str


class Extend(Event):
    minutes: float


class Close(Event):
    pass


# --- checks shared by parsing and apply -------------------------------------


def clean(text: str) -> str:
    """The text without surrounding whitespace; empty if nothing visible is left."""
    stripped = text.strip()
    return stripped if has_visible_text(stripped) else ""


def check_note_text(text: str) -> str:
    """A note's text, refused when empty or longer than the limit."""
    text = clean(text)
    if not text:
        raise FlowError("pinboard.note_empty")
    if len(text) > MAX_NOTE_CHARS:
        raise FlowError("pinboard.note_too_long", max=MAX_NOTE_CHARS, length=len(text))
    return text


def check_note_texts(texts: tuple[str, ...]) -> tuple[str, ...]:
    if not texts:
        raise FlowError("pinboard.note_empty")
    if len(texts) > MAX_NOTES_PER_MESSAGE:
        raise FlowError("pinboard.too_many_lines", max=MAX_NOTES_PER_MESSAGE)
    return tuple(check_note_text(text) for text in texts)


def check_minutes(minutes: float | None) -> float | None:
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise FlowError("pinboard.bad_duration")
    return minutes


def check_open(event: OpenBoard) -> None:
    """The limits of a board: a title, 1 to 12 questions, a sensible duration."""
    if not clean(event.title):
        raise FlowError("pinboard.title_missing")
    if len(event.title) > MAX_TITLE_CHARS:
        raise FlowError("pinboard.title_too_long", max=MAX_TITLE_CHARS)
    if not event.questions:
        raise FlowError("pinboard.no_questions", max=MAX_QUESTIONS)
    if len(event.questions) > MAX_QUESTIONS:
        raise FlowError("pinboard.too_many_questions", max=MAX_QUESTIONS)
    for number, question in enumerate(event.questions, start=1):
        if not clean(question):
            raise FlowError("pinboard.question_empty", number=number)
        if len(question) > MAX_QUESTION_CHARS:
            raise FlowError("pinboard.question_too_long", number=number, max=MAX_QUESTION_CHARS)
    check_minutes(event.minutes)


def check_name(name: str) -> str:
    name = clean(name)
    if not name:
        raise FlowError("pinboard.cluster_name_empty")
    if len(name) > MAX_NAME_CHARS:
        raise FlowError("pinboard.cluster_name_too_long", max=MAX_NAME_CHARS)
    return name


def check_budget(budget: int, per_cluster: int | None) -> None:
    if not 1 <= budget <= MAX_BUDGET:
        raise FlowError("pinboard.budget_out_of_range", min=1, max=MAX_BUDGET)
    if per_cluster is not None and not 1 <= per_cluster <= budget:
        raise FlowError("pinboard.per_cluster_out_of_range", max=budget)
