"""The topic survey before the event (Vorabbefragung): which topics the workshops take up.

The rules, in plain words:

- An organizer opens the event's survey with 2 to 12 topics and the number of
  topics one person may pick (at least one, fewer than there are topics). An
  event has one survey. It is *open*.
- While it is open, people registered for the event pick topics with buttons,
  privately: at most as many as the survey allows. A pick beyond that is
  refused (the buttons show the limit; a forged or stale press changes
  nothing); a topic the survey does not have is refused; picking a topic
  picked already, or dropping one not picked, changes nothing. Anyone may drop
  a topic and pick another until the survey closes.
- An organizer closes it. After that no pick or drop changes it; the answer
  says the survey is closed.
- Once it is closed, an organizer turns the topics at the top of the ranking
  into sessions that wait for a group (``PlanSessions``): the most picked
  first, equal votes in the order the topics were given. Asking for more later
  adds the next ones; a topic becomes a session once.
"""

from __future__ import annotations

from datetime import datetime

from flows import access as roles
from flows.base import FORGOTTEN, FlowError, Step
from flows.machine import Machine, Move, Opening, phases
from flows.survey.model import (
    MAX_TOPICS,
    Choice,
    CloseSurvey,
    DropTopic,
    OpenSurvey,
    Phase,
    PickTopic,
    PlanSessions,
    SurveyState,
    check_picks,
    check_topics,
)
from flows.survey.parse import parse_picks, parse_topics
from flows.survey.results import picks_of, ranking, respondents, top, votes

__all__ = [
    "MACHINE", "MAX_TOPICS", "Choice", "CloseSurvey", "DropTopic", "OpenSurvey", "Phase",
    "PickTopic", "PlanSessions", "SurveyState", "apply", "forget", "legal", "parse_picks",
    "parse_topics", "picks_of", "ranking", "respondents", "top", "votes",
]  # fmt: skip


def open_survey(event: OpenSurvey, now: datetime) -> Step[SurveyState]:
    topics = check_topics(event.topics)
    return Step(state=SurveyState(phase=Phase.OPEN, topics=topics,
                                  picks=check_picks(event.picks, len(topics)),
                                  opened_by=event.actor, opened_at=now))


def known_topic(state: SurveyState, topic: int) -> int:
    if not 1 <= topic <= len(state.topics):
        raise FlowError("survey.unknown_topic")
    return topic


def with_picks(state: SurveyState, person: int, topics: tuple[int, ...],
               now: datetime) -> SurveyState:
    """The person's answer replaced (kept in its place); no topics left removes it."""
    mine = Choice(person=person, topics=tuple(sorted(topics)), at=now)
    others = [c for c in state.choices if c.person != person]
    if not topics:
        return state.model_copy(update={"choices": tuple(others)})
    at = next((i for i, c in enumerate(state.choices) if c.person == person), len(others))
    return state.model_copy(update={"choices": (*others[:at], mine, *others[at:])})


def pick(state: SurveyState, event: PickTopic, now: datetime) -> Step[SurveyState]:
    topic = known_topic(state, event.topic)
    mine = picks_of(state, event.actor)
    if topic in mine:
        return Step(state=state)
    if len(mine) >= state.picks:
        raise FlowError("survey.too_many", max=state.picks)
    return Step(state=with_picks(state, event.actor, (*mine, topic), now))


def drop(state: SurveyState, event: DropTopic, now: datetime) -> Step[SurveyState]:
    topic = known_topic(state, event.topic)
    mine = picks_of(state, event.actor)
    if topic not in mine:
        return Step(state=state)
    return Step(state=with_picks(state, event.actor,
                                 tuple(t for t in mine if t != topic), now))


def close(state: SurveyState, event: CloseSurvey, now: datetime) -> Step[SurveyState]:
    return Step(state=state.model_copy(update={"phase": Phase.CLOSED, "closed_at": now}))


def plan(state: SurveyState, event: PlanSessions, now: datetime) -> Step[SurveyState]:
    """The top ``count`` topics become sessions; those planned before stay, each once."""
    if not 1 <= event.count <= len(state.topics):
        raise FlowError("survey.plan_range", max=len(state.topics))
    new = tuple(topic for topic in top(state, event.count) if topic not in state.planned)
    return Step(state=state.model_copy(update={"planned": (*state.planned, *new)}))


def not_now(state: SurveyState) -> FlowError:
    if state.phase is Phase.CLOSED:
        return FlowError("survey.closed")
    return FlowError("survey.close_first")


OPEN, CLOSED = Phase
MACHINE: Machine[SurveyState, Phase] = Machine(
    name="survey",
    phase_type=Phase,
    opening=Opening(OpenSurvey, open_survey, roles.ORGANIZE, start=OPEN),
    moves={
        PickTopic: Move(pick, phases(OPEN), roles.TAKE_PART),
        DropTopic: Move(drop, phases(OPEN), roles.TAKE_PART),
        CloseSurvey: Move(close, phases(OPEN), roles.ORGANIZE, to=CLOSED),
        PlanSessions: Move(plan, phases(CLOSED), roles.ORGANIZE),
    },
    phase_of=lambda state: state.phase,
    not_open=lambda: FlowError("survey.none"),
    already_open=lambda state: FlowError("survey.exists"),
    not_now=not_now,
)
"""The survey's moves: which event, in which phase, by whom, to which phase."""
apply = MACHINE.apply
legal = MACHINE.legal


def forget(state: SurveyState, user_id: int, erase: bool) -> SurveyState:
    """Erase a person's answer, or keep its picks under ``FORGOTTEN``."""
    if erase:
        choices = tuple(c for c in state.choices if c.person != user_id)
    else:
        choices = tuple(c.model_copy(update={"person": FORGOTTEN}) if c.person == user_id
                        else c for c in state.choices)
    opened_by = FORGOTTEN if state.opened_by == user_id else state.opened_by
    return state.model_copy(update={"choices": choices, "opened_by": opened_by})
