"""Read-only questions about a survey: a person's picks, the votes per topic, the ranking."""

from __future__ import annotations

from flows.survey.model import SurveyState


def picks_of(state: SurveyState, person: int) -> tuple[int, ...]:
    """The topics the person picked (numbers from 1), or none."""
    return next((c.topics for c in state.choices if c.person == person), ())


def votes(state: SurveyState) -> dict[int, int]:
    """How many people picked each topic, for every topic (also those nobody picked)."""
    counts = dict.fromkeys(range(1, len(state.topics) + 1), 0)
    for choice in state.choices:
        for topic in choice.topics:
            counts[topic] += 1
    return counts


def ranking(state: SurveyState) -> list[tuple[int, int]]:
    """(topic, votes), most votes first; equal votes keep the order the topics were given."""
    return sorted(votes(state).items(), key=lambda item: (-item[1], item[0]))


def top(state: SurveyState, count: int) -> tuple[int, ...]:
    """The ``count`` topics at the top of the ranking."""
    return tuple(topic for topic, _ in ranking(state)[:count])


def respondents(state: SurveyState) -> int:
    """How many people picked at least one topic."""
    return len(state.choices)
