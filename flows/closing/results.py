"""Read-only questions about a closing round: the answers per question, the rating's spread."""

from __future__ import annotations

from flows.closing.model import RATINGS, Answer, ClosingState


def answers_to(state: ClosingState, question: int) -> list[Answer]:
    """The answers to one question (1 or 2), in the order they came."""
    return [answer for answer in state.answers if answer.question == question]


def distribution(state: ClosingState) -> dict[int, int]:
    """How many people gave each rating, 1 to 5 (every value, also those nobody gave)."""
    counts = dict.fromkeys(RATINGS, 0)
    for rating in state.ratings:
        counts[rating.value] += 1
    return counts


def mean(state: ClosingState) -> float | None:
    """The mean rating, or ``None`` while nobody rated."""
    if not state.ratings:
        return None
    return sum(rating.value for rating in state.ratings) / len(state.ratings)


def rating_of(state: ClosingState, person: int) -> int | None:
    return next((r.value for r in state.ratings if r.person == person), None)


def answer_from(state: ClosingState, source: str) -> Answer | None:
    """The answer a message became, if it became one (a repeated update finds it)."""
    return next((answer for answer in state.answers if answer.source == source), None)


def has_answer_from(state: ClosingState, source: str) -> bool:
    return answer_from(state, source) is not None
