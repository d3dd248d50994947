"""Questions from the floor as a state machine: every move, every refusal, random play."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import questions as q
from flows import roles
from flows.base import FORGOTTEN, SYSTEM, Event, FlowError, TimerExpired, TimerWarning
from tests.flows.tables import lands_where_the_table_says

T0 = datetime(2023, 5, 5, 11, 0, tzinfo=UTC)
FAC = 1
ANNA, BEN, CEM, DORA = 11, 12, 13, 14


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def opened(*, anonymous: bool = False, minutes: float | None = None) -> q.QuestionsState:
    event = q.OpenQuestions(actor=FAC, title="Podium: Dritte Orte", anonymity_allowed=anonymous,
                            minutes=minutes)
    return q.apply(None, event, T0).state


def run(state: q.QuestionsState, *events: Event) -> q.QuestionsState:
    for offset, event in enumerate(events, start=1):
        after = q.apply(state, event, at(offset)).state
        lands_where_the_table_says(q.MACHINE, state, event, after)
        state = after
    return state


def asked(*texts: tuple[int, str]) -> q.QuestionsState:
    """A round with questions asked by (author, text), from sources 1, 2, 3 …"""
    return run(opened(), *(q.AskQuestion(actor=author, text=text, source=f"-5:{n}")
                           for n, (author, text) in enumerate(texts, start=1)))


def refused(state: q.QuestionsState | None, event: Event, key: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        q.apply(state, event, at(500))
    assert caught.value.key == key
    return caught.value


def votes(state: q.QuestionsState) -> dict[int, int]:
    return {question.number: question.votes for question in state.questions}


# --- opening and parsing --------------------------------------------------------------------


def test_the_command_reads_a_duration_and_a_title() -> None:
    event = q.parse_open("/questions 20m Fragen an das Podium", FAC, default_title="Fragen")
    assert (event.title, event.minutes, event.anonymity_allowed) == (
        "Fragen an das Podium", 20.0, False)


def test_without_a_title_the_round_takes_the_default_one() -> None:
    event = q.parse_open("/questions@werkstatt_bot", FAC, default_title="Fragen aus dem Publikum",
                         anonymity_allowed=True)
    assert (event.title, event.minutes, event.anonymity_allowed) == (
        "Fragen aus dem Publikum", None, True)


def test_a_number_without_unit_belongs_to_the_title() -> None:
    event = q.parse_open("/questions 3 Fragen an Kassel", FAC, default_title="x")
    assert event.title == "3 Fragen an Kassel" and event.minutes is None


def test_opening_announces_whether_anonymous_questions_are_allowed() -> None:
    plain = q.apply(None, q.OpenQuestions(actor=FAC, title="Podium"), T0)
    anonymous = q.apply(None, q.OpenQuestions(actor=FAC, title="Podium",
                                              anonymity_allowed=True), T0)
    assert plain.effects[0].key == "questions.opened"
    assert anonymous.effects[0].key == "questions.opened_anonymous"
    assert plain.state.phase is q.Phase.OPEN and plain.state.deadline is None


def test_a_round_needs_a_title_of_reasonable_length() -> None:
    refused(None, q.OpenQuestions(actor=FAC, title="  "), "questions.no_title")
    refused(None, q.OpenQuestions(actor=FAC, title="x" * 201), "questions.title_too_long")
    refused(None, q.OpenQuestions(actor=FAC, title="ok", minutes=0), "core.duration_out_of_range")


def test_a_second_opening_and_a_move_before_opening_are_refused() -> None:
    refused(opened(), q.OpenQuestions(actor=FAC, title="Noch eine"), "questions.already_open")
    refused(None, q.AskQuestion(actor=ANNA, text="Was?"), "questions.none_open")


# --- asking ---------------------------------------------------------------------------------


def test_questions_are_numbered_in_the_order_they_arrive() -> None:
    state = asked((ANNA, "Wer zahlt?"), (BEN, "Wie lange?"))
    assert [(x.number, x.author, x.text) for x in state.questions] == [
        (1, ANNA, "Wer zahlt?"), (2, BEN, "Wie lange?")]
    assert state.next_number == 3


def test_ask_reads_the_text_after_the_command() -> None:
    event = q.parse_ask("/ask@werkstatt_bot  Wer zahlt die Miete? ", ANNA, source="-5:9")
    assert (event.text, event.source, event.anonymous) == ("Wer zahlt die Miete?", "-5:9", False)


def test_empty_and_overlong_questions_are_refused() -> None:
    with pytest.raises(FlowError, match=r"questions\.empty"):
        q.parse_ask("/ask   ", ANNA)
    refused(opened(), q.AskQuestion(actor=ANNA, text="x" * 501), "questions.too_long")


def test_an_anonymous_question_needs_the_facilitators_permission() -> None:
    refused(opened(), q.AskQuestion(actor=ANNA, text="Heimlich?", anonymous=True),
            "questions.anonymity_not_allowed")
    state = run(opened(anonymous=True), q.AskQuestion(actor=ANNA, text="Heimlich?",
                                                      anonymous=True))
    assert state.questions[0].anonymous and state.questions[0].author == ANNA


def test_the_same_message_twice_is_one_question() -> None:
    state = asked((ANNA, "Wer zahlt?"))
    refused(state, q.AskQuestion(actor=ANNA, text="Wer zahlt?", source="-5:1"), "duplicate")
    closed = run(state, q.Close(actor=FAC))
    refused(closed, q.AskQuestion(actor=ANNA, text="Wer zahlt?", source="-5:1"), "duplicate")


def test_a_question_sent_before_the_close_still_counts_after_it() -> None:
    closed = run(asked((ANNA, "Wer zahlt?")), q.Close(actor=FAC))
    late = q.AskQuestion(actor=BEN, text="Und wann?", source="-5:8", sent=T0)
    state = q.apply(closed, late, at(9)).state
    assert [x.text for x in state.questions] == ["Wer zahlt?", "Und wann?"]
    too_late = late.model_copy(update={"source": "-5:9", "sent": at(5)})
    refused(closed, too_late, "questions.not_now")


# --- votes ----------------------------------------------------------------------------------


def test_a_vote_counts_once_and_a_second_tap_takes_it_back() -> None:
    state = run(asked((ANNA, "Wer zahlt?")), q.Upvote(actor=BEN, number=1),
                q.Upvote(actor=CEM, number=1))
    assert state.questions[0].voters == (BEN, CEM)
    state = run(state, q.Upvote(actor=BEN, number=1))
    assert state.questions[0].voters == (CEM,)


def test_a_button_that_knew_the_vote_does_not_undo_it_on_a_double_tap() -> None:
    state = run(asked((ANNA, "Wer zahlt?")), q.Upvote(actor=BEN, number=1, vote=True))
    refused(state, q.Upvote(actor=BEN, number=1, vote=True), "questions.voted_already")
    refused(opened(), q.Upvote(actor=BEN, number=1), "questions.unknown")
    refused(asked((ANNA, "?")), q.Upvote(actor=BEN, number=1, vote=False), "questions.not_voted")


def test_a_vote_on_ones_own_question_is_refused() -> None:
    refused(asked((ANNA, "Wer zahlt?")), q.Upvote(actor=ANNA, number=1), "questions.own_question")


def test_a_vote_on_a_hidden_question_is_refused() -> None:
    state = run(asked((ANNA, "Spam")), q.HideQuestion(actor=FAC, number=1))
    refused(state, q.Upvote(actor=BEN, number=1), "questions.hidden_now")


def test_a_late_vote_after_the_close_is_refused() -> None:
    state = run(asked((ANNA, "Wer zahlt?")), q.Close(actor=FAC))
    refused(state, q.Upvote(actor=BEN, number=1), "questions.not_now")


def test_the_top_five_are_the_open_questions_with_most_votes_earlier_first() -> None:
    state = asked(*((ANNA, f"Frage {n}") for n in range(1, 8)))
    state = run(state, *(q.Upvote(actor=voter, number=n)
                         for n, voter_ids in ((3, (BEN, CEM)), (6, (BEN, CEM, DORA)), (7, (BEN,)),
                                              (2, (CEM,)))
                         for voter in voter_ids))
    state = run(state, q.MarkAnswered(actor=FAC, number=6))
    assert [x.number for x in q.top(state)] == [3, 2, 7, 1, 4]
    assert [x.number for x in q.ranked(state)][:2] == [6, 3]
    assert q.answered_count(state) == 1


# --- steering -------------------------------------------------------------------------------


def test_marking_answered_can_be_taken_back_but_not_repeated() -> None:
    state = run(asked((ANNA, "Wer zahlt?")), q.MarkAnswered(actor=FAC, number=1))
    assert state.questions[0].answered
    refused(state, q.MarkAnswered(actor=FAC, number=1), "questions.answered_already")
    state = run(state, q.MarkAnswered(actor=FAC, number=1, answered=False))
    assert not state.questions[0].answered


def test_a_hidden_question_leaves_every_list_and_can_come_back() -> None:
    state = run(asked((ANNA, "Spam"), (BEN, "Echt")), q.HideQuestion(actor=FAC, number=1))
    assert [x.number for x in q.ranked(state)] == [2]
    refused(state, q.HideQuestion(actor=FAC, number=1), "questions.hidden_already")
    state = run(state, q.HideQuestion(actor=FAC, number=1, hidden=False))
    assert [x.number for x in q.shown(state)] == [1, 2]


def test_merged_votes_add_up_without_counting_a_person_twice() -> None:
    state = asked((ANNA, "Wer zahlt die Miete?"), (BEN, "Wer bezahlt die Räume?"))
    state = run(state, q.Upvote(actor=CEM, number=1), q.Upvote(actor=CEM, number=2),
                q.Upvote(actor=DORA, number=2), q.Upvote(actor=ANNA, number=2))
    step = q.apply(state, q.MergeQuestions(actor=FAC, number=2, into=1), at(20))
    merged = step.state
    assert merged.questions[0].voters == (CEM, DORA)  # Anna's own question takes no vote of hers
    assert merged.questions[1].merged_into == 1 and merged.questions[1].voters == ()
    assert [x.number for x in q.ranked(merged)] == [1]


def test_a_vote_for_a_merged_duplicate_goes_to_the_question_it_joined() -> None:
    state = run(asked((ANNA, "A"), (BEN, "A?")), q.MergeQuestions(actor=FAC, number=2, into=1))
    state = run(state, q.Upvote(actor=CEM, number=2))
    assert votes(state) == {1: 1, 2: 0}
    assert q.final(state, 2).number == 1


def test_merging_into_itself_a_duplicate_or_a_hidden_question_is_refused() -> None:
    state = asked((ANNA, "A"), (BEN, "B"), (CEM, "C"))
    refused(state, q.MergeQuestions(actor=FAC, number=1, into=1), "questions.merge_itself")
    merged = run(state, q.MergeQuestions(actor=FAC, number=2, into=1))
    refused(merged, q.MergeQuestions(actor=FAC, number=3, into=2), "questions.not_shown")
    hidden = run(state, q.HideQuestion(actor=FAC, number=3))
    refused(hidden, q.MergeQuestions(actor=FAC, number=1, into=3), "questions.not_shown")
    refused(state, q.MergeQuestions(actor=FAC, number=1, into=9), "questions.unknown")


# --- timers and the end ---------------------------------------------------------------------


def test_extend_starts_a_timer_whose_end_closes_the_round() -> None:
    state = run(opened(), q.Extend(actor=FAC, minutes=10))
    assert state.deadline == at(1) + timedelta(minutes=10)
    warned = q.apply(state, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(540))
    assert warned.effects[0].key == "questions.one_minute_left"
    ended = q.apply(state, TimerExpired(actor=SYSTEM, deadline=state.deadline), at(600))
    assert ended.state.phase is q.Phase.CLOSED and ended.effects[0].key == "questions.time_up"


def test_a_stale_timer_changes_nothing() -> None:
    state = opened(minutes=5)
    assert state.deadline is not None
    stale = state.deadline - timedelta(minutes=1)
    assert q.apply(state, TimerExpired(actor=SYSTEM, deadline=stale), at(9)).state == state
    closed = run(state, q.Close(actor=FAC))
    assert q.apply(closed, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(9)).effects == ()


def test_closing_counts_the_questions_the_room_sees() -> None:
    state = run(asked((ANNA, "A"), (BEN, "B")), q.HideQuestion(actor=FAC, number=2))
    step = q.apply(state, q.Close(actor=FAC), at(30))
    assert step.state.closed_at == at(30)
    assert (step.effects[0].key, step.effects[0].params["count"]) == ("questions.closed", 1)
    refused(step.state, q.Close(actor=FAC), "questions.not_now")


# --- who may, forgetting --------------------------------------------------------------------


def test_participants_ask_and_vote_and_only_facilitators_steer() -> None:
    for taking_part in (q.AskQuestion, q.Upvote):
        assert roles.may(roles.Role.PARTICIPANT, taking_part)
        assert not roles.may(roles.Role.OUTSIDER, taking_part)
    for event_type in (q.OpenQuestions, q.MarkAnswered, q.HideQuestion, q.MergeQuestions,
                       q.Close, q.Extend):
        assert roles.may(roles.Role.FACILITATOR, event_type)
        assert not roles.may(roles.Role.PARTICIPANT, event_type)
        assert not roles.may(roles.Role.NOTETAKER, event_type)


def test_forgetting_erases_a_persons_questions_and_votes() -> None:
    state = run(asked((ANNA, "A"), (BEN, "B")), q.Upvote(actor=ANNA, number=2),
                q.Upvote(actor=CEM, number=2), q.MergeQuestions(actor=FAC, number=2, into=1))
    erased = q.forget(state, ANNA, erase=True)
    assert [(x.number, x.voters, x.merged_into) for x in erased.questions] == [(2, (), None)]
    kept = q.forget(state, ANNA, erase=False)
    assert kept.questions[0].author == FORGOTTEN
    assert q.forget(state, CEM, erase=False).questions[0].voters == (FORGOTTEN,)


# --- random play ----------------------------------------------------------------------------

PEOPLE = st.sampled_from((ANNA, BEN, CEM, DORA))
NUMBERS = st.integers(1, 6)
MOVES = st.one_of(
    st.builds(q.AskQuestion, actor=PEOPLE, text=st.sampled_from(("Wer?", "Wie?", "Wann?"))),
    st.builds(q.Upvote, actor=PEOPLE, number=NUMBERS,
              vote=st.sampled_from((None, True, False))),
    st.builds(q.MarkAnswered, actor=st.just(FAC), number=NUMBERS, answered=st.booleans()),
    st.builds(q.HideQuestion, actor=st.just(FAC), number=NUMBERS, hidden=st.booleans()),
    st.builds(q.MergeQuestions, actor=st.just(FAC), number=NUMBERS, into=NUMBERS),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MOVES, max_size=40))
def test_votes_stay_one_a_person_and_never_on_ones_own_question(events: list[Event]) -> None:
    state = opened()
    for event in events:
        try:
            after = q.apply(state, event, at(1))
        except FlowError:
            continue
        lands_where_the_table_says(q.MACHINE, state, event, after.state)
        state = after.state
        for question in state.questions:
            assert len(set(question.voters)) == len(question.voters)
            assert question.author not in question.voters
            assert question.merged_into is None or question.voters == ()
        assert [x.number for x in state.questions] == list(range(1, state.next_number))
