"""Questions from the floor: the phases, what a round keeps, and the events that move it.

Rules live in ``flows.questions.machine``; this module only says what there is.
A question keeps who upvoted it (not just a count), so a second tap takes the
vote back, a merge adds votes without counting a person twice, and a person
who asks to be forgotten takes their votes with them.
"""

from __future__ import annotations

from datetime import datetime

from flows.base import Event, FlowError, Value, has_visible_text
from flows.gathering import GatheringState
from flows.gathering import Phase as Phase
from flows.gathering import check_minutes as check_minutes

MAX_TITLE = 200
MAX_QUESTION = 500
"""A question is read out in the room: longer ones are speeches."""


class Question(Value):
    """One question as it was asked, with everyone who upvoted it."""

    number: int
    """Numbered 1, 2, 3 … in the order of arrival, never reused."""
    author: int
    text: str
    asked: datetime
    anonymous: bool = False
    """Asked privately without a name: the author is kept (forgetting, own votes), never shown."""
    source: str | None = None
    voters: tuple[int, ...] = ()
    """Who upvoted it, in the order of their votes; at most once each."""
    answered: bool = False
    hidden: bool = False
    merged_into: int | None = None
    """The question this one was merged into (a duplicate); it is shown no more."""

    @property
    def votes(self) -> int:
        return len(self.voters)

    @property
    def shown(self) -> bool:
        """Whether the room sees it: neither hidden nor merged into another."""
        return not self.hidden and self.merged_into is None


class QuestionsState(GatheringState):
    title: str
    anonymity_allowed: bool = False
    """Whether questions sent privately may leave out the author's name (chosen at opening)."""
    questions: tuple[Question, ...] = ()
    next_number: int = 1


# --- events ---------------------------------------------------------------------------------


class OpenQuestions(Event):
    title: str
    anonymity_allowed: bool = False
    minutes: float | None = None


class AskQuestion(Event):
    """A question by reply, ``/ask`` or privately; ``source`` names its message."""

    text: str
    anonymous: bool = False
    source: str | None = None
    sent: datetime | None = None
    """When the message was sent: a question sent while the round was open still counts."""


class Upvote(Event):
    """A tap on a question's button: the vote, or its withdrawal.

    ``vote`` says what the tap meant when the button was drawn (a private list
    knows whether the person voted already): True adds, False takes back, and a
    second tap on a button drawn before the first changes nothing. ``None``
    toggles (the live message's buttons are the same for everyone).
    """

    number: int
    vote: bool | None = None


class MarkAnswered(Event):
    number: int
    answered: bool = True


class HideQuestion(Event):
    number: int
    hidden: bool = True


class MergeQuestions(Event):
    """``number`` is a duplicate of ``into``: its votes go there, and it is shown no more."""

    number: int
    into: int


class Extend(Event):
    minutes: float


class Close(Event):
    pass


# --- checks shared by parsing and apply -----------------------------------------------------


def check_title(title: str) -> str:
    title = " ".join(title.split())
    if not has_visible_text(title):
        raise FlowError("questions.no_title")
    if len(title) > MAX_TITLE:
        raise FlowError("questions.title_too_long", max=MAX_TITLE)
    return title


def check_question(text: str) -> str:
    text = text.strip()
    if not has_visible_text(text):
        raise FlowError("questions.empty")
    if len(text) > MAX_QUESTION:
        raise FlowError("questions.too_long", max=MAX_QUESTION)
    return text
