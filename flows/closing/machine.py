"""The closing round (Blitzlicht): what people take home, in their words, and a rating.

The rules, in plain words:

- A facilitator opens the closing round with one or two questions (by default
  "Was nehme ich mit?"), an optional duration, and a yes/no choice: whether
  people also rate from 1 to 5. It is *open*.
- While it is open, anyone taking part answers: by reply to the live message,
  or privately. An answer to a round of two questions says which one it
  answers (privately the bot asks them in turn). Empty answers and answers
  over 1,000 characters are refused; a person may answer more than once.
  Whether an answer appears in the documentation is its author's choice,
  asked privately as for any quote (named, anonymous, or not at all); the
  flow keeps every answer, the draft shows only those agreed to.
- If the round has a rating, everyone taking part gives one value from 1 to
  5, once; a second tap on another value changes it, on the same value
  changes nothing. A value outside 1 to 5, or a rating in a round without
  one, is refused.
- ``/extend`` sets or lengthens the timer; one minute before its end everyone
  is warned; ``/close`` or the end of the timer closes the round, with the
  number of answers and the rating's mean. After that nothing changes; an
  answer sent while the round was open counts even if it is handled later.
- Each answer carries the source of its message: the same source twice is a
  duplicate and changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from flows import access as roles
from flows import gathering
from flows.base import (
    FORGOTTEN,
    Announce,
    FlowError,
    Step,
    deadline_after,
)
from flows.closing.model import (
    RATINGS,
    Answer,
    Close,
    ClosingState,
    Extend,
    GiveAnswer,
    OpenClosing,
    Phase,
    Rate,
    Rating,
    check_answer,
    check_minutes,
    check_questions,
)
from flows.closing.parse import parse_answer, parse_open
from flows.closing.results import (
    answer_from,
    answers_to,
    distribution,
    has_answer_from,
    mean,
    rating_of,
)
from flows.machine import Machine, Move, Opening, phases

__all__ = [
    "MACHINE", "RATINGS", "Answer", "Close", "ClosingState", "Extend", "GiveAnswer",
    "OpenClosing", "Phase", "Rate", "Rating", "answer_from", "answers_to", "apply", "check",
    "distribution", "forget", "legal", "mean", "parse_answer", "parse_open", "rating_of",
]  # fmt: skip


def open_closing(event: OpenClosing, now: datetime) -> Step[ClosingState]:
    state = ClosingState(
        phase=Phase.OPEN,
        questions=check_questions(event.questions),
        rating=event.rating,
        opened_by=event.actor,
        opened_at=now,
        deadline=deadline_after(now, check_minutes(event.minutes)),
    )
    params: dict[str, str | int] = {"question": state.questions[0]}
    return Step(state=state, effects=(Announce(key="closing.opened", params=params),))


def give_answer(state: ClosingState, event: GiveAnswer, now: datetime) -> Step[ClosingState]:
    if not 1 <= event.question <= len(state.questions):
        raise FlowError("closing.unknown_question", number=event.question,
                        count=len(state.questions))
    answer = Answer(number=state.next_number, question=event.question, author=event.actor,
                    text=check_answer(event.text), at=now, source=event.source)
    return Step(state=state.model_copy(update={
        "answers": (*state.answers, answer), "next_number": state.next_number + 1}))


def sent_while_open(state: ClosingState, event: GiveAnswer) -> bool:
    """An answer handled after the close that was sent before it still counts."""
    return gathering.sent_while_open(state, event.sent)


def rate(state: ClosingState, event: Rate, now: datetime) -> Step[ClosingState]:
    """One rating a person; another value replaces it, the same value changes nothing."""
    if not state.rating:
        raise FlowError("closing.no_rating")
    if event.value not in RATINGS:
        raise FlowError("closing.bad_rating", low=RATINGS[0], high=RATINGS[-1])
    if rating_of(state, event.actor) == event.value:
        return Step(state=state)
    ratings = tuple(r for r in state.ratings if r.person != event.actor)
    mine = Rating(person=event.actor, value=event.value)
    return Step(state=state.model_copy(update={"ratings": (*ratings, mine)}))


def _close(state: ClosingState, now: datetime, key: str) -> Step[ClosingState]:
    """The adapter shows the rating's spread under this announcement."""
    params: dict[str, str | int] = {"count": len(state.answers), "people": len(state.ratings)}
    return Step(state=gathering.closed(state, now), effects=(Announce(key=key, params=params),))


OPEN = Phase.OPEN
MACHINE: Machine[ClosingState, Phase] = Machine(
    name="closing",
    phase_type=Phase,
    opening=Opening(OpenClosing, open_closing, roles.STEER, start=OPEN),
    moves={
        GiveAnswer: Move(give_answer, phases(OPEN), roles.TAKE_PART, keyed=True,
                         in_time=sent_while_open),
        Rate: Move(rate, phases(OPEN), roles.TAKE_PART),
        **gathering.steering(Extend, Close, "closing", _close),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("closing.none_open"),
    already_open=lambda state: FlowError("closing.already_open"),
    not_now=lambda state: FlowError("closing.not_now", phase=state.phase.value),
    seen=has_answer_from,
)
"""The closing round's moves: which event, in which phase, by whom, to which phase."""
apply = MACHINE.apply
legal = MACHINE.legal
check = MACHINE.check


def forget(state: ClosingState, user_id: int, erase: bool) -> ClosingState:
    """Erase a person's answers and rating, or keep them under ``FORGOTTEN``."""
    if erase:
        answers = tuple(a for a in state.answers if a.author != user_id)
        ratings = tuple(r for r in state.ratings if r.person != user_id)
    else:
        answers = tuple(a.model_copy(update={"author": FORGOTTEN}) if a.author == user_id
                        else a for a in state.answers)
        ratings = tuple(r.model_copy(update={"person": FORGOTTEN}) if r.person == user_id
                        else r for r in state.ratings)
    opened_by = FORGOTTEN if state.opened_by == user_id else state.opened_by
    return state.model_copy(update={"answers": answers, "ratings": ratings,
                                    "opened_by": opened_by})
