"""Read-only questions about a round of questions: which are shown, in which order, whose.

The ranking is the room's: most votes first, and among equal votes the earlier
question first (it has waited longer). Hidden questions and duplicates merged
into another are left out everywhere: the live message, the private list, the
result and the draft.
"""

from __future__ import annotations

from flows.base import FORGOTTEN, FlowError
from flows.questions.model import Question, QuestionsState

TOP = 5
"""Questions the live message shows."""


def shown(state: QuestionsState) -> list[Question]:
    """Every question the room sees, in the order they were asked."""
    return [question for question in state.questions if question.shown]


def ranked(state: QuestionsState) -> list[Question]:
    """Every question the room sees, most votes first (the earlier first among equals)."""
    return sorted(shown(state), key=lambda question: (-question.votes, question.number))


def top(state: QuestionsState, count: int = TOP) -> list[Question]:
    """The open (unanswered) questions with the most votes: what the room asks next."""
    return [question for question in ranked(state) if not question.answered][:count]


def named_askers(state: QuestionsState) -> set[int]:
    """The askers of shown questions a view may name: never an anonymous question's."""
    return {q.author for q in shown(state) if not q.anonymous} - {FORGOTTEN}


def unnamed(question: Question) -> str | None:
    """Why an asker is shown without a name, as the catalogue's key (anonymous, or forgotten);
    ``None`` for an asker the room may see named."""
    if question.anonymous:
        return "questions.anonymous"
    if question.author == FORGOTTEN:
        return "questions.forgotten"
    return None


def answered_count(state: QuestionsState) -> int:
    return sum(1 for question in shown(state) if question.answered)


def find(state: QuestionsState, number: int) -> Question:
    """The question with this number, or the refusal every move gives for a wrong number."""
    for question in state.questions:
        if question.number == number:
            return question
    raise FlowError("questions.unknown", number=number)


def final(state: QuestionsState, number: int) -> Question:
    """The question a number stands for now: a merged duplicate leads to the one it joined."""
    question = find(state, number)
    seen = {question.number}
    while question.merged_into is not None and question.merged_into not in seen:
        question = find(state, question.merged_into)
        seen.add(question.number)
    return question


def voted(state: QuestionsState, user_id: int) -> frozenset[int]:
    """The numbers of the questions a person upvoted."""
    return frozenset(q.number for q in state.questions if user_id in q.voters)


def asked_from(state: QuestionsState, source: str) -> Question | None:
    """The question a message became, if it became one (a repeated update finds it)."""
    return next((q for q in state.questions if q.source == source), None)


def has_question_from(state: QuestionsState, source: str) -> bool:
    return asked_from(state, source) is not None
