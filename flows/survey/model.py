"""The topic survey: its phases, what it keeps, and the events that move it.

Rules live in ``flows.survey.machine``. Topics are numbered 1, 2, 3 … in the
order the organizer gave them; a person's answer is the set of numbers they
picked, kept sorted.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flows.base import Event, FlowError, Value, has_visible_text

MIN_TOPICS = 2
MAX_TOPICS = 12
MAX_TOPIC = 150
"""Characters of one topic: it is the label of a button and, later, a session's title."""


class Phase(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Choice(Value):
    """One person's answer: the topics they picked (numbers from 1), at most ``picks``."""

    person: int
    topics: tuple[int, ...]
    at: datetime


class SurveyState(Value):
    phase: Phase
    topics: tuple[str, ...]
    picks: int
    """How many topics one person may pick at most."""
    opened_by: int
    opened_at: datetime
    closed_at: datetime | None = None
    choices: tuple[Choice, ...] = ()
    """One a person who picked at least one topic, in the order they first answered."""
    planned: tuple[int, ...] = ()
    """The topics the organizer turned into sessions, in the order of the ranking then."""


# --- events ---------------------------------------------------------------------------------


class OpenSurvey(Event):
    topics: tuple[str, ...]
    picks: int


class PickTopic(Event):
    topic: int


class DropTopic(Event):
    topic: int


class CloseSurvey(Event):
    pass


class PlanSessions(Event):
    """Turn the ``count`` topics at the top of the ranking into sessions waiting for a group."""

    count: int


# --- checks shared by parsing and apply -----------------------------------------------------


def check_topics(topics: tuple[str, ...]) -> tuple[str, ...]:
    """The topics as they will be shown: trimmed, each once, 2 to 12, none too long."""
    cleaned = tuple(dict.fromkeys(" ".join(topic.split()) for topic in topics
                                  if has_visible_text(topic)))
    if not MIN_TOPICS <= len(cleaned) <= MAX_TOPICS:
        raise FlowError("survey.topics_count", min=MIN_TOPICS, max=MAX_TOPICS)
    if any(len(topic) > MAX_TOPIC for topic in cleaned):
        raise FlowError("survey.topic_too_long", max=MAX_TOPIC)
    return cleaned


def check_picks(picks: int, topics: int) -> int:
    """At least one pick, and fewer than there are topics (picking all would say nothing)."""
    if not 1 <= picks < topics:
        raise FlowError("survey.picks_range", max=topics - 1)
    return picks
