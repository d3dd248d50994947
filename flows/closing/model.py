"""The closing round (Blitzlicht): its phases, what it keeps, and the events that move it.

Rules live in ``flows.closing.machine``. An answer keeps the source of its
message: the adapter asks its author, as for any quote, whether and how it
may appear in the documentation, and the draft finds the answer's quote by it.
"""

from __future__ import annotations

from datetime import datetime

from flows.base import Event, FlowError, Value, has_visible_text
from flows.gathering import GatheringState
from flows.gathering import Phase as Phase
from flows.gathering import check_minutes as check_minutes

MAX_QUESTIONS = 2
MAX_QUESTION = 200
MAX_ANSWER = 1000
RATINGS = (1, 2, 3, 4, 5)
"""The rating's scale: 1 (not at all) to 5 (very much)."""


class Answer(Value):
    number: int
    """Numbered 1, 2, 3 … across the round, in order of arrival."""
    question: int
    """1 or 2: the question it answers."""
    author: int
    text: str
    at: datetime
    source: str | None = None


class Rating(Value):
    person: int
    value: int


class ClosingState(GatheringState):
    questions: tuple[str, ...]
    """One or two questions, in order."""
    rating: bool
    """Whether people rate the event (or the session) from 1 to 5."""
    answers: tuple[Answer, ...] = ()
    ratings: tuple[Rating, ...] = ()
    """One a person: a second rating replaces the first."""
    next_number: int = 1


# --- events ---------------------------------------------------------------------------------


class OpenClosing(Event):
    questions: tuple[str, ...]
    rating: bool = False
    minutes: float | None = None


class GiveAnswer(Event):
    question: int
    text: str
    source: str | None = None
    sent: datetime | None = None
    """When the message was sent: an answer sent while the round was open still counts."""


class Rate(Event):
    value: int


class Extend(Event):
    minutes: float


class Close(Event):
    pass


# --- checks shared by parsing and apply -----------------------------------------------------


def check_questions(questions: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(" ".join(q.split()) for q in questions if has_visible_text(q))
    if not cleaned:
        raise FlowError("closing.no_question")
    if len(cleaned) > MAX_QUESTIONS:
        raise FlowError("closing.too_many_questions", max=MAX_QUESTIONS)
    if any(len(q) > MAX_QUESTION for q in cleaned):
        raise FlowError("closing.question_too_long", max=MAX_QUESTION)
    return cleaned


def check_answer(text: str) -> str:
    text = text.strip()
    if not has_visible_text(text):
        raise FlowError("closing.empty")
    if len(text) > MAX_ANSWER:
        raise FlowError("closing.too_long", max=MAX_ANSWER)
    return text
