"""The closing round (Blitzlicht) as a state machine: answers, the rating, the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import closing as cl
from flows import roles
from flows.base import FORGOTTEN, SYSTEM, Event, FlowError, TimerExpired, TimerWarning
from tests.flows.tables import lands_where_the_table_says

T0 = datetime(2023, 5, 6, 15, 30, tzinfo=UTC)
FAC = 1
ANNA, BEN, CEM = 11, 12, 13
DEFAULT = "Was nehme ich mit?"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def opened(*questions: str, rating: bool = True) -> cl.ClosingState:
    event = cl.OpenClosing(actor=FAC, questions=questions or (DEFAULT,), rating=rating)
    return cl.apply(None, event, T0).state


def run(state: cl.ClosingState, *events: Event) -> cl.ClosingState:
    for offset, event in enumerate(events, start=1):
        after = cl.apply(state, event, at(offset)).state
        lands_where_the_table_says(cl.MACHINE, state, event, after)
        state = after
    return state


def refused(state: cl.ClosingState | None, event: Event, key: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        cl.apply(state, event, at(500))
    assert caught.value.key == key
    return caught.value


# --- opening --------------------------------------------------------------------------------


def test_without_questions_the_round_asks_the_default_question() -> None:
    event = cl.parse_open("/closing", FAC, default_question=DEFAULT, rating=True)
    assert (event.questions, event.rating, event.minutes) == ((DEFAULT,), True, None)


def test_the_command_reads_a_duration_and_two_questions_one_a_line() -> None:
    event = cl.parse_open("/closing 5m Was nehme ich mit?\nWas wünsche ich mir?", FAC,
                          default_question=DEFAULT)
    assert event.questions == ("Was nehme ich mit?", "Was wünsche ich mir?")
    assert (event.minutes, event.rating) == (5.0, False)


def test_more_than_two_questions_or_overlong_ones_are_refused() -> None:
    with pytest.raises(FlowError, match=r"closing\.too_many_questions"):
        cl.parse_open("/closing A\nB\nC", FAC, default_question=DEFAULT)
    refused(None, cl.OpenClosing(actor=FAC, questions=("x" * 201,)), "closing.question_too_long")
    refused(None, cl.OpenClosing(actor=FAC, questions=(" ",)), "closing.no_question")


def test_opening_announces_the_first_question() -> None:
    step = cl.apply(None, cl.OpenClosing(actor=FAC, questions=(DEFAULT,)), T0)
    assert (step.effects[0].key, step.effects[0].params) == (
        "closing.opened", {"question": DEFAULT})
    refused(step.state, cl.OpenClosing(actor=FAC, questions=(DEFAULT,)), "closing.already_open")
    refused(None, cl.Rate(actor=ANNA, value=3), "closing.none_open")


# --- answers --------------------------------------------------------------------------------


def test_answers_are_kept_in_order_with_their_question() -> None:
    state = run(opened(DEFAULT, "Was wünsche ich mir?"),
                cl.parse_answer("2 Mehr Pausen", ANNA, questions=2, source="-5:1"),
                cl.parse_answer("1: Viele Kontakte", BEN, questions=2, source="-5:2"),
                cl.parse_answer("Dass es weitergeht", ANNA, questions=2, question=2,
                                source="7:3"))
    assert [(a.number, a.question, a.author, a.text) for a in state.answers] == [
        (1, 2, ANNA, "Mehr Pausen"), (2, 1, BEN, "Viele Kontakte"),
        (3, 2, ANNA, "Dass es weitergeht")]
    assert [a.number for a in cl.answers_to(state, 2)] == [1, 3]


def test_an_answer_to_one_of_two_questions_must_say_which() -> None:
    with pytest.raises(FlowError, match=r"closing\.which_question"):
        cl.parse_answer("Mehr Pausen", ANNA, questions=2)
    assert cl.parse_answer("2 Tage", ANNA, questions=1).text == "2 Tage"
    refused(opened(), cl.GiveAnswer(actor=ANNA, question=2, text="x"), "closing.unknown_question")


def test_empty_and_overlong_answers_are_refused() -> None:
    with pytest.raises(FlowError, match=r"closing\.empty"):
        cl.parse_answer("  ", ANNA, questions=1)
    refused(opened(), cl.GiveAnswer(actor=ANNA, question=1, text="x" * 1001), "closing.too_long")


def test_the_same_message_twice_is_one_answer() -> None:
    state = run(opened(), cl.GiveAnswer(actor=ANNA, question=1, text="Mut", source="-5:1"))
    refused(state, cl.GiveAnswer(actor=ANNA, question=1, text="Mut", source="-5:1"), "duplicate")
    assert cl.answer_from(state, "-5:1") is not None


def test_an_answer_sent_before_the_close_counts_after_it() -> None:
    closed = run(opened(), cl.Close(actor=FAC))
    late = cl.GiveAnswer(actor=ANNA, question=1, text="Mut", source="-5:4", sent=T0)
    assert len(cl.apply(closed, late, at(9)).state.answers) == 1
    refused(closed, late.model_copy(update={"sent": at(9)}), "closing.not_now")


# --- the rating -----------------------------------------------------------------------------


def test_a_rating_is_one_a_person_and_a_second_one_replaces_it() -> None:
    state = run(opened(), cl.Rate(actor=ANNA, value=4), cl.Rate(actor=BEN, value=5),
                cl.Rate(actor=ANNA, value=2), cl.Rate(actor=ANNA, value=2))
    assert cl.distribution(state) == {1: 0, 2: 1, 3: 0, 4: 0, 5: 1}
    assert cl.mean(state) == 3.5
    assert cl.rating_of(state, ANNA) == 2


def test_a_rating_outside_one_to_five_or_without_a_rating_is_refused() -> None:
    refused(opened(), cl.Rate(actor=ANNA, value=0), "closing.bad_rating")
    refused(opened(), cl.Rate(actor=ANNA, value=6), "closing.bad_rating")
    refused(opened(rating=False), cl.Rate(actor=ANNA, value=3), "closing.no_rating")
    assert cl.mean(opened()) is None


def test_a_rating_after_the_close_is_refused() -> None:
    refused(run(opened(), cl.Close(actor=FAC)), cl.Rate(actor=ANNA, value=3), "closing.not_now")


# --- timers, the end, who may, forgetting ---------------------------------------------------


def test_the_timer_warns_and_closes_and_a_stale_one_is_ignored() -> None:
    state = run(opened(), cl.Extend(actor=FAC, minutes=3))
    assert state.deadline is not None
    warned = cl.apply(state, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(120))
    assert warned.effects[0].key == "closing.one_minute_left"
    stale = cl.apply(state, TimerExpired(actor=SYSTEM, deadline=at(1)), at(121))
    assert stale.state == state
    ended = cl.apply(state, TimerExpired(actor=SYSTEM, deadline=state.deadline), at(181))
    assert ended.state.phase is cl.Phase.CLOSED and ended.effects[0].key == "closing.time_up"


def test_closing_counts_answers_and_raters() -> None:
    state = run(opened(), cl.GiveAnswer(actor=ANNA, question=1, text="Mut"),
                cl.Rate(actor=BEN, value=4))
    step = cl.apply(state, cl.Close(actor=FAC), at(60))
    assert step.effects[0].params == {"count": 1, "people": 1}
    assert step.state.closed_at == at(60)


def test_participants_answer_and_rate_and_only_facilitators_steer() -> None:
    assert roles.may(roles.Role.PARTICIPANT, cl.GiveAnswer)
    assert roles.may(roles.Role.PARTICIPANT, cl.Rate)
    assert not roles.may(roles.Role.OUTSIDER, cl.Rate)
    assert not roles.may(roles.Role.PARTICIPANT, cl.OpenClosing)
    assert not roles.may(roles.Role.NOTETAKER, cl.Close)


def test_forgetting_erases_or_anonymizes_answers_and_ratings() -> None:
    state = run(opened(), cl.GiveAnswer(actor=ANNA, question=1, text="Mut"),
                cl.Rate(actor=ANNA, value=5), cl.Rate(actor=BEN, value=3))
    erased = cl.forget(state, ANNA, erase=True)
    assert erased.answers == () and cl.distribution(erased)[5] == 0
    kept = cl.forget(state, ANNA, erase=False)
    assert kept.answers[0].author == FORGOTTEN and cl.mean(kept) == 4.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from((ANNA, BEN, CEM)), st.integers(-1, 7)), max_size=30))
def test_the_distribution_counts_each_rater_once(taps: list[tuple[int, int]]) -> None:
    state = opened()
    for person, value in taps:
        try:
            state = cl.apply(state, cl.Rate(actor=person, value=value), at(1)).state
        except FlowError as error:
            assert error.key == "closing.bad_rating" and value not in cl.RATINGS
    assert sum(cl.distribution(state).values()) == len({r.person for r in state.ratings})
    assert set(cl.distribution(state)) == set(cl.RATINGS)
