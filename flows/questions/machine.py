"""Questions from the floor (Fragen aus dem Publikum): asked, upvoted, answered, documented.

The rules, in plain words:

- A facilitator opens a round of questions with a title (the keynote or the
  podium it belongs to), an optional duration, and a yes/no choice: whether
  questions sent privately may be anonymous. It is *open*.
- While it is open, anyone taking part asks questions: by reply to the live
  message, with ``/ask``, or privately. Empty questions and questions over 500
  characters are refused. Questions are numbered 1, 2, 3 … in order of
  arrival; a number is never reused. Only a question sent privately may be
  anonymous, and only if the facilitator allowed it; its author is kept (so
  their own vote and forgetting work) but never shown.
- Everyone taking part upvotes other people's questions, one vote a person a
  question; a second tap takes the vote back. A vote on one's own question is
  refused: the question counts its author's interest already. A vote on a
  hidden question is refused; a vote on a merged duplicate goes to the
  question it joined.
- A facilitator marks a question answered (and unmarks it), hides it (and
  shows it again), or merges a duplicate into another question: the votes add
  up without counting a person who voted for both twice (and a vote of the
  remaining question's author for the duplicate is dropped: nobody votes for
  their own question), and the duplicate is shown no more. A question cannot
  be merged into itself, into a duplicate, or into a hidden question.
- ``/extend`` sets or lengthens the timer; one minute before its end everyone
  is warned; ``/close`` or the end of the timer closes the round. After that
  nothing changes: a late vote is refused. A question sent while the round was
  open counts even if it is handled after the close (it waited in a queue).
- Each question and each vote carries the source of its message or press: the
  same source twice is a duplicate and changes nothing.
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
from flows.machine import Machine, Move, Opening, phases
from flows.questions.model import (
    AskQuestion,
    Close,
    Extend,
    HideQuestion,
    MarkAnswered,
    MergeQuestions,
    OpenQuestions,
    Phase,
    Question,
    QuestionsState,
    Upvote,
    check_minutes,
    check_question,
    check_title,
)
from flows.questions.parse import parse_ask, parse_open
from flows.questions.ranking import (
    TOP,
    answered_count,
    asked_from,
    final,
    find,
    has_question_from,
    named_askers,
    ranked,
    shown,
    top,
    unnamed,
    voted,
)

__all__ = [
    "MACHINE", "TOP", "AskQuestion", "Close", "Extend", "HideQuestion", "MarkAnswered",
    "MergeQuestions", "OpenQuestions", "Phase", "Question", "QuestionsState", "Upvote",
    "answered_count", "apply", "asked_from", "check", "final", "find", "forget", "legal",
    "named_askers", "parse_ask", "parse_open", "ranked", "shown", "top", "unnamed", "voted",
]  # fmt: skip


def open_questions(event: OpenQuestions, now: datetime) -> Step[QuestionsState]:
    state = QuestionsState(
        phase=Phase.OPEN,
        title=check_title(event.title),
        opened_by=event.actor,
        opened_at=now,
        anonymity_allowed=event.anonymity_allowed,
        deadline=deadline_after(now, check_minutes(event.minutes)),
    )
    key = "questions.opened_anonymous" if state.anonymity_allowed else "questions.opened"
    return Step(state=state, effects=(Announce(key=key, params={"title": state.title}),))


def ask(state: QuestionsState, event: AskQuestion, now: datetime) -> Step[QuestionsState]:
    """The question gets the next number; an anonymous one only where the round allows it."""
    if event.anonymous and not state.anonymity_allowed:
        raise FlowError("questions.anonymity_not_allowed")
    question = Question(number=state.next_number, author=event.actor,
                        text=check_question(event.text), asked=now,
                        anonymous=event.anonymous, source=event.source)
    return Step(state=state.model_copy(update={
        "questions": (*state.questions, question), "next_number": state.next_number + 1}))


def sent_while_open(state: QuestionsState, event: AskQuestion) -> bool:
    """A question handled after the close that was sent before it: it still counts."""
    return gathering.sent_while_open(state, event.sent)


def _replace(state: QuestionsState, *changed: Question) -> QuestionsState:
    by_number = {question.number: question for question in changed}
    return state.model_copy(update={"questions": tuple(
        by_number.get(question.number, question) for question in state.questions)})


def upvote(state: QuestionsState, event: Upvote, now: datetime) -> Step[QuestionsState]:
    """Add the actor's vote, or take it back; a merged duplicate's vote goes where it joined."""
    asked = find(state, event.number)
    if asked.hidden:
        raise FlowError("questions.hidden_now", number=asked.number)
    question = final(state, event.number)
    if question.hidden:
        raise FlowError("questions.hidden_now", number=question.number)
    if question.author == event.actor:
        raise FlowError("questions.own_question", number=question.number)
    has = event.actor in question.voters
    wanted = not has if event.vote is None else event.vote
    if wanted == has:
        key = "questions.voted_already" if wanted else "questions.not_voted"
        raise FlowError(key, number=question.number)
    voters = ((*question.voters, event.actor) if wanted
              else tuple(v for v in question.voters if v != event.actor))
    return Step(state=_replace(state, question.model_copy(update={"voters": voters})))


def mark_answered(state: QuestionsState, event: MarkAnswered, now: datetime
                  ) -> Step[QuestionsState]:
    question = find(state, event.number)
    if not question.shown:
        raise FlowError("questions.not_shown", number=question.number)
    if question.answered == event.answered:
        key = "questions.answered_already" if event.answered else "questions.not_answered"
        raise FlowError(key, number=question.number)
    return Step(state=_replace(state, question.model_copy(update={"answered": event.answered})))


def hide(state: QuestionsState, event: HideQuestion, now: datetime) -> Step[QuestionsState]:
    question = find(state, event.number)
    if question.hidden == event.hidden:
        key = "questions.hidden_already" if event.hidden else "questions.not_hidden"
        raise FlowError(key, number=question.number)
    return Step(state=_replace(state, question.model_copy(update={"hidden": event.hidden})))


def merge(state: QuestionsState, event: MergeQuestions, now: datetime) -> Step[QuestionsState]:
    """Votes add up, each person once; the target's author does not vote for their own."""
    duplicate, target = find(state, event.number), find(state, event.into)
    if duplicate.number == target.number:
        raise FlowError("questions.merge_itself", number=duplicate.number)
    for question in (duplicate, target):
        if not question.shown:
            raise FlowError("questions.not_shown", number=question.number)
    voters = [*target.voters]
    for voter in duplicate.voters:
        if voter == target.author or (voter in voters and voter != FORGOTTEN):
            continue
        voters.append(voter)
    merged = target.model_copy(update={
        "voters": tuple(voters), "answered": target.answered or duplicate.answered})
    gone = duplicate.model_copy(update={"merged_into": target.number, "voters": ()})
    return Step(state=_replace(state, merged, gone))


def _close(state: QuestionsState, now: datetime, key: str) -> Step[QuestionsState]:
    """The adapter shows the ranking under this announcement."""
    new = gathering.closed(state, now)
    params: dict[str, str | int] = {"title": state.title, "count": len(shown(new))}
    return Step(state=new, effects=(Announce(key=key, params=params),))


OPEN = Phase.OPEN
MACHINE: Machine[QuestionsState, Phase] = Machine(
    name="questions",
    phase_type=Phase,
    opening=Opening(OpenQuestions, open_questions, roles.STEER, start=OPEN),
    moves={
        AskQuestion: Move(ask, phases(OPEN), roles.TAKE_PART, keyed=True,
                          in_time=sent_while_open),
        Upvote: Move(upvote, phases(OPEN), roles.TAKE_PART),
        MarkAnswered: Move(mark_answered, phases(OPEN), roles.STEER),
        HideQuestion: Move(hide, phases(OPEN), roles.STEER),
        MergeQuestions: Move(merge, phases(OPEN), roles.STEER),
        **gathering.steering(Extend, Close, "questions", _close,
                             lambda state: {"title": state.title}),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("questions.none_open"),
    already_open=lambda state: FlowError("questions.already_open", title=state.title),
    not_now=lambda state: FlowError("questions.not_now", phase=state.phase.value),
    seen=has_question_from,
)
"""The moves of a round of questions: which event, in which phase, by whom, to which phase."""
apply = MACHINE.apply
legal = MACHINE.legal
check = MACHINE.check


def forget(state: QuestionsState, user_id: int, erase: bool) -> QuestionsState:
    """Erase a person's questions and votes, or keep them under ``FORGOTTEN``."""
    def who(actor: int) -> int:
        return FORGOTTEN if actor == user_id else actor

    questions: list[Question] = []
    for question in state.questions:
        if erase and question.author == user_id:
            continue
        voters = (tuple(v for v in question.voters if v != user_id) if erase
                  else tuple(who(v) for v in question.voters))
        questions.append(question.model_copy(update={"author": who(question.author),
                                                     "voters": voters}))
    gone = {q.number for q in state.questions} - {q.number for q in questions}
    questions = [q.model_copy(update={"merged_into": None}) if q.merged_into in gone else q
                 for q in questions]
    return state.model_copy(update={"questions": tuple(questions),
                                    "opened_by": who(state.opened_by)})
