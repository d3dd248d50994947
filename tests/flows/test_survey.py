"""The topic survey before the event as a state machine: picks, the limit, the close, the plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import roles
from flows import survey as sv
from flows.base import FORGOTTEN, Event, FlowError
from tests.flows.tables import lands_where_the_table_says

T0 = datetime(2023, 4, 20, 9, 0, tzinfo=UTC)
ORG = 1
ANNA, BEN, CEM = 11, 12, 13
TOPICS = ("Dialog und Zusammenwirken", "Dritte Orte", "Teilhabe", "Klimawandel", "Bildung")


def opened(picks: int = 2, topics: tuple[str, ...] = TOPICS) -> sv.SurveyState:
    return sv.apply(None, sv.OpenSurvey(actor=ORG, topics=topics, picks=picks), T0).state


def run(state: sv.SurveyState, *events: Event) -> sv.SurveyState:
    for offset, event in enumerate(events, start=1):
        after = sv.apply(state, event, T0 + timedelta(minutes=offset)).state
        lands_where_the_table_says(sv.MACHINE, state, event, after)
        state = after
    return state


def refused(state: sv.SurveyState | None, event: Event, key: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        sv.apply(state, event, T0)
    assert caught.value.key == key
    return caught.value


def test_an_opened_survey_keeps_its_topics_in_order_and_its_limit() -> None:
    state = opened()
    assert (state.phase, state.topics, state.picks) == (sv.Phase.OPEN, TOPICS, 2)
    assert sv.votes(state) == dict.fromkeys(range(1, 6), 0)


def test_topics_are_read_one_a_line_without_bullets_numbers_or_repeats() -> None:
    typed = "1. Dritte Orte\n- Teilhabe\n\n• Bildung  für   Alle\n2) Dritte Orte"
    assert sv.parse_topics(typed) == ("Dritte Orte", "Teilhabe", "Bildung für Alle")


@pytest.mark.parametrize(("text", "key"), [
    ("Nur ein Thema", "survey.topics_count"),
    ("\n".join(f"Thema {n}" for n in range(13)), "survey.topics_count"),
    ("Kurz\n" + "x" * 151, "survey.topic_too_long"),
])
def test_too_few_too_many_or_too_long_topics_are_refused(text: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        sv.parse_topics(text)
    assert caught.value.key == key


@pytest.mark.parametrize("typed", ["0", "5", "zwei", "-1", ""])
def test_the_limit_is_at_least_one_and_fewer_than_the_topics(typed: str) -> None:
    with pytest.raises(FlowError) as caught:
        sv.parse_picks(typed, 5)
    assert (caught.value.key, caught.value.params) == ("survey.picks_range", {"max": 4})
    assert sv.parse_picks(" 4 ", 5) == 4


def test_people_pick_up_to_the_limit_and_the_ranking_counts_them() -> None:
    state = run(opened(),
                sv.PickTopic(actor=ANNA, topic=2), sv.PickTopic(actor=ANNA, topic=3),
                sv.PickTopic(actor=BEN, topic=2), sv.PickTopic(actor=CEM, topic=5))
    assert sv.picks_of(state, ANNA) == (2, 3)
    assert sv.ranking(state)[:3] == [(2, 2), (3, 1), (5, 1)]
    assert sv.respondents(state) == 3
    assert sv.top(state, 2) == (2, 3)


def test_a_pick_beyond_the_limit_is_refused_and_changes_nothing() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=1), sv.PickTopic(actor=ANNA, topic=2))
    error = refused(state, sv.PickTopic(actor=ANNA, topic=3), "survey.too_many")
    assert error.params == {"max": 2}
    assert sv.picks_of(state, ANNA) == (1, 2)


def test_dropping_a_topic_frees_a_pick_and_the_last_drop_removes_the_answer() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=1), sv.PickTopic(actor=ANNA, topic=2),
                sv.DropTopic(actor=ANNA, topic=1), sv.PickTopic(actor=ANNA, topic=4))
    assert sv.picks_of(state, ANNA) == (2, 4)
    state = run(state, sv.DropTopic(actor=ANNA, topic=2), sv.DropTopic(actor=ANNA, topic=4))
    assert sv.respondents(state) == 0


def test_picking_twice_or_dropping_what_was_not_picked_changes_nothing() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=1))
    assert sv.apply(state, sv.PickTopic(actor=ANNA, topic=1), T0).state == state
    assert sv.apply(state, sv.DropTopic(actor=ANNA, topic=3), T0).state == state


@pytest.mark.parametrize("topic", [0, 6, -1])
def test_a_topic_the_survey_does_not_have_is_refused(topic: int) -> None:
    refused(opened(), sv.PickTopic(actor=ANNA, topic=topic), "survey.unknown_topic")


def test_after_the_close_no_pick_or_drop_is_taken() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=1), sv.CloseSurvey(actor=ORG))
    assert state.phase is sv.Phase.CLOSED and state.closed_at is not None
    refused(state, sv.PickTopic(actor=BEN, topic=2), "survey.closed")
    refused(state, sv.DropTopic(actor=ANNA, topic=1), "survey.closed")
    refused(state, sv.CloseSurvey(actor=ORG), "survey.closed")


def test_sessions_are_planned_from_the_top_once_closed_and_each_topic_once() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=4), sv.PickTopic(actor=ANNA, topic=2),
                sv.PickTopic(actor=BEN, topic=4), sv.PickTopic(actor=CEM, topic=5))
    refused(state, sv.PlanSessions(actor=ORG, count=2), "survey.close_first")
    state = run(state, sv.CloseSurvey(actor=ORG), sv.PlanSessions(actor=ORG, count=2))
    assert state.planned == (4, 2)  # equal votes (2 and 5): the order the topics were given
    state = run(state, sv.PlanSessions(actor=ORG, count=3))
    assert state.planned == (4, 2, 5)
    refused(state, sv.PlanSessions(actor=ORG, count=6), "survey.plan_range")


def test_one_survey_an_event_and_nothing_before_it_is_opened() -> None:
    refused(opened(), sv.OpenSurvey(actor=ORG, topics=TOPICS, picks=1), "survey.exists")
    refused(None, sv.PickTopic(actor=ANNA, topic=1), "survey.none")


def test_only_organizers_open_close_and_plan_and_everyone_taking_part_picks() -> None:
    for organizing in (sv.OpenSurvey, sv.CloseSurvey, sv.PlanSessions):
        assert roles.allowed_roles(organizing) == roles.ORGANIZE
    for taking_part in (sv.PickTopic, sv.DropTopic):
        assert roles.allowed_roles(taking_part) == roles.TAKE_PART


def test_a_forgotten_person_is_erased_or_kept_without_their_id() -> None:
    state = run(opened(), sv.PickTopic(actor=ANNA, topic=1), sv.PickTopic(actor=BEN, topic=1))
    erased = sv.forget(state, ANNA, erase=True)
    assert sv.votes(erased)[1] == 1 and sv.picks_of(erased, ANNA) == ()
    kept = sv.forget(state, ANNA, erase=False)
    assert sv.votes(kept)[1] == 2 and [c.person for c in kept.choices] == [FORGOTTEN, BEN]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([ANNA, BEN, CEM]), st.integers(1, 5), st.booleans()),
                max_size=40))
def test_nobody_ever_holds_more_picks_than_allowed_and_votes_add_up(
    taps: list[tuple[int, int, bool]],
) -> None:
    state = opened(picks=2)
    for person, topic, pick in taps:
        event = (sv.PickTopic if pick else sv.DropTopic)(actor=person, topic=topic)
        try:
            state = sv.apply(state, event, T0).state
        except FlowError as error:
            assert error.key == "survey.too_many"
    assert all(1 <= len(choice.topics) <= 2 for choice in state.choices)
    assert sum(sv.votes(state).values()) == sum(len(c.topics) for c in state.choices)
