"""The fishbowl flow: every transition, every refusal, and invariants under random play."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import fishbowl as fb
from flows import roles
from flows.base import FORGOTTEN, SYSTEM, Event, FlowError, Step, TimerExpired, TimerWarning
from locales import catalogue
from tests.flows.tables import lands_where_the_table_says

T0 = datetime(2023, 5, 12, 14, 0, tzinfo=UTC)
FAC, NOTES = 1, 2
ANNA, BEN, CEM, DORA, EMIL, FRIDA = 11, 12, 13, 14, 15, 16


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def opened(chairs: int = 5, seat_minutes: float | None = None) -> fb.FishbowlState:
    event = fb.OpenFishbowl(
        actor=FAC, topic="Was nehmen wir mit?", chairs=chairs, seat_minutes=seat_minutes
    )
    return fb.apply(None, event, T0).state


def run(state: fb.FishbowlState, *events: Event, start: float = 1) -> fb.FishbowlState:
    """Apply events one second apart."""
    for offset, event in enumerate(events):
        state = fb.apply(state, event, at(start + offset)).state
    return state


def seat(*people: int) -> list[Event]:
    return [fb.SeatPerson(actor=FAC, user_id=person) for person in people]


def join(*people: int) -> list[Event]:
    return [fb.JoinQueue(actor=person) for person in people]


def refused(state: fb.FishbowlState | None, event: Event, key: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        fb.apply(state, event, at(500))
    assert caught.value.key == key
    return caught.value


def seated_ids(state: fb.FishbowlState) -> list[int]:
    return [s.user_id for s in fb.occupants(state)]


# --- parsing -------------------------------------------------------------------------------


def test_open_command_reads_chairs_seat_time_and_topic() -> None:
    event = fb.parse_open("/fishbowl 5 4m Was nehmen wir aus den Werkstätten mit?", FAC)
    assert (event.chairs, event.seat_minutes) == (5, 4.0)
    assert event.topic == "Was nehmen wir aus den Werkstätten mit?"
    assert event.actor == FAC


def test_open_command_defaults_to_five_chairs_without_seat_time() -> None:
    event = fb.parse_open("/fishbowl@werkstatt_bot Zwischenresümee", FAC)
    assert (event.chairs, event.seat_minutes, event.topic) == (5, None, "Zwischenresümee")


def test_open_command_accepts_seat_time_without_chairs() -> None:
    event = fb.parse_open("/fishbowl 90s Kurz und knapp", FAC)
    assert (event.chairs, event.seat_minutes) == (5, 1.5)


@pytest.mark.parametrize("chairs", ["2 Stühle", "10 chairs", "0 4m", "chairs=10", "Stühle=zwei"])
def test_open_command_with_too_few_or_too_many_chairs_is_refused(chairs: str) -> None:
    with pytest.raises(FlowError) as caught:
        fb.parse_open(f"/fishbowl {chairs} Thema", FAC)
    assert (caught.value.key, caught.value.params) == (
        "fishbowl.chairs_out_of_range",
        {"min": 3, "max": 9},
    )


@pytest.mark.parametrize("text", ["/fishbowl", "/fishbowl 5 4m", "/fishbowl 5 \u200b  "])
def test_open_command_without_topic_is_refused(text: str) -> None:
    with pytest.raises(FlowError, match=r"fishbowl\.no_topic"):
        fb.parse_open(text, FAC)


def test_open_command_with_overlong_topic_is_refused() -> None:
    with pytest.raises(FlowError) as caught:
        fb.parse_open("/fishbowl " + "x" * 201, FAC)
    assert caught.value.params == {"max": 200}


def test_seat_command_reads_an_optional_label_after_the_mention() -> None:
    labelled = fb.parse_seat("/seat @jessica WS1", FAC, ANNA)
    unlabelled = fb.parse_seat("/seat", FAC, ANNA)
    assert isinstance(labelled, fb.SeatPerson) and labelled.label == "WS1"
    assert isinstance(unlabelled, fb.SeatPerson) and unlabelled.label is None


def test_seat_label_that_is_too_long_is_refused() -> None:
    with pytest.raises(FlowError, match=r"fishbowl\.label_too_long"):
        fb.parse_seat("/seat " + "W" * 21, FAC, ANNA)


def test_point_command_gives_a_recorder_point_or_the_speakers_own() -> None:
    recorder = fb.parse_point(
        "/point  Strategie braucht Ziele ", NOTES, recorder=True, speaker=ANNA
    )
    assert recorder == fb.AddPoint(actor=NOTES, text="Strategie braucht Ziele", speaker=ANNA)
    own = fb.parse_point("/point Mein Punkt", ANNA, recorder=False, source="c:7")
    assert own == fb.AddOwnPoint(actor=ANNA, text="Mein Punkt", source="c:7")


def test_point_command_of_a_participant_for_someone_else_is_refused() -> None:
    with pytest.raises(FlowError, match=r"fishbowl\.point_own_turn_only"):
        fb.parse_point("/point x", ANNA, recorder=False, speaker=BEN)


@pytest.mark.parametrize("text", ["/point", "/point   ", "/point \u200b\u200d"])
def test_empty_point_is_refused(text: str) -> None:
    with pytest.raises(FlowError, match=r"fishbowl\.empty_point"):
        fb.parse_point(text, NOTES, recorder=True)


# --- opening, timers, closing ----------------------------------------------------------


def test_opening_announces_topic_chairs_and_seat_time() -> None:
    event = fb.OpenFishbowl(actor=FAC, topic=" Thema ", chairs=4, seat_minutes=4, minutes=30)
    step = fb.apply(None, event, T0)
    assert step.state.phase is fb.Phase.OPEN
    assert (step.state.topic, step.state.chairs, step.state.facilitator) == ("Thema", 4, FAC)
    assert step.state.deadline == T0 + timedelta(minutes=30)
    assert step.effects[0].key == "fishbowl.opened_with_seat_time"
    assert step.effects[0].params == {"topic": "Thema", "chairs": 4, "seat_minutes": 4}


def test_opening_event_with_bad_chairs_is_refused() -> None:
    refused(None, fb.OpenFishbowl(actor=FAC, topic="T", chairs=12), "fishbowl.chairs_out_of_range")


def test_any_other_event_without_a_fishbowl_is_refused() -> None:
    refused(None, fb.JoinQueue(actor=ANNA), "fishbowl.not_open")


def test_opening_twice_is_refused() -> None:
    refused(opened(), fb.OpenFishbowl(actor=FAC, topic="Noch eine"), "fishbowl.already_open")


def test_extend_sets_a_deadline_and_announces_it() -> None:
    step = fb.apply(opened(), fb.Extend(actor=FAC, minutes=10), at(60))
    assert step.state.deadline == at(60) + timedelta(minutes=10)
    assert step.effects[0].params == {"minutes": 10}
    again = fb.apply(step.state, fb.Extend(actor=FAC, minutes=5), at(120))
    assert again.state.deadline == at(60) + timedelta(minutes=15)


def test_extend_by_nothing_is_refused() -> None:
    refused(opened(), fb.Extend(actor=FAC, minutes=0), "fishbowl.bad_duration")


def test_timer_warning_announces_one_minute_left() -> None:
    state = run(opened(), fb.Extend(actor=FAC, minutes=10))
    assert state.deadline is not None
    step = fb.apply(state, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(541))
    assert [e.key for e in step.effects] == ["fishbowl.one_minute_left"]
    assert step.state == state


def test_stale_timers_are_ignored() -> None:
    state = run(opened(), fb.Extend(actor=FAC, minutes=10), fb.Extend(actor=FAC, minutes=5))
    stale = at(1) + timedelta(minutes=10)
    for timer in (
        TimerWarning(actor=SYSTEM, deadline=stale),
        TimerExpired(actor=SYSTEM, deadline=stale),
    ):
        assert fb.apply(state, timer, at(600)) == Step(state=state)


def test_expiry_closes_the_fishbowl_and_stops_seats_and_clocks() -> None:
    state = run(
        opened(), fb.Extend(actor=FAC, minutes=1), *seat(ANNA), fb.Speaks(actor=NOTES, user_id=ANNA)
    )
    assert state.deadline is not None
    step = fb.apply(state, TimerExpired(actor=SYSTEM, deadline=state.deadline), at(61))
    assert step.state.phase is fb.Phase.CLOSED
    assert step.effects[0].key == "fishbowl.time_up"
    assert all(s.end == at(61) for s in step.state.seats)
    assert step.state.turns[-1].end == at(61)
    assert fb.speaking_seconds(step.state) == {ANNA: 58}


def test_close_posts_summary_numbers_and_ends_everything() -> None:
    state = run(opened(), *seat(ANNA, BEN), *join(CEM), fb.Speaks(actor=NOTES, user_id=BEN))
    step = fb.apply(state, fb.Close(actor=FAC), at(125))
    assert step.state.phase is fb.Phase.CLOSED
    assert step.state.queue == () and fb.occupants(step.state) == ()
    assert step.effects[0].key == "fishbowl.closed"
    assert step.effects[0].params == {"topic": "Was nehmen wir mit?", "people": 2, "minutes": 2}


def test_closing_twice_is_refused() -> None:
    state = run(opened(), fb.Close(actor=FAC))
    refused(state, fb.Close(actor=FAC), "fishbowl.not_now")


def test_late_queueing_after_close_is_refused() -> None:
    state = run(opened(), fb.Close(actor=FAC))
    refused(state, fb.JoinQueue(actor=ANNA), "fishbowl.not_now")


# --- seating -----------------------------------------------------------------------------


def test_facilitator_seats_rapporteurs_with_labels() -> None:
    step = fb.apply(opened(), fb.SeatPerson(actor=FAC, user_id=ANNA, label="WS1"), at(1))
    assert step.state.seats == (fb.Seat(user_id=ANNA, start=at(1), label="WS1"),)
    assert step.effects[0].key == "fishbowl.seated_with_label"
    assert (step.effects[0].params, step.effects[0].people) == ({"label": "WS1"}, {"person": ANNA})


def test_seating_someone_twice_is_refused() -> None:
    refused(run(opened(), *seat(ANNA)), seat(ANNA)[0], "fishbowl.already_seated")


def test_seating_more_than_chairs_minus_one_is_refused() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN))
    error = refused(state, seat(CEM)[0], "fishbowl.circle_full")
    assert error.params == {"max": 2}


def test_seating_someone_from_the_queue_takes_them_out_of_it() -> None:
    state = run(opened(), *join(ANNA, BEN), *seat(ANNA))
    assert fb.queue_order(state) == (BEN,)


# --- the queue ---------------------------------------------------------------------------


def test_people_queue_in_the_order_they_come() -> None:
    state = run(opened(), *join(CEM, ANNA, BEN))
    assert fb.queue_order(state) == (CEM, ANNA, BEN)


def test_queueing_twice_is_refused_with_the_position() -> None:
    state = run(opened(), *join(ANNA, BEN))
    assert refused(state, join(BEN)[0], "fishbowl.already_queued").params == {"position": 2}


def test_queueing_while_seated_is_refused() -> None:
    refused(run(opened(), *seat(ANNA)), join(ANNA)[0], "fishbowl.queue_while_seated")


def test_leaving_the_queue_removes_only_that_person() -> None:
    state = run(opened(), *join(ANNA, BEN, CEM), fb.LeaveQueue(actor=BEN))
    assert fb.queue_order(state) == (ANNA, CEM)


def test_leaving_the_queue_without_being_in_it_is_refused() -> None:
    refused(opened(), fb.LeaveQueue(actor=ANNA), "fishbowl.not_queued")


def test_first_time_speakers_move_ahead_when_switched_on() -> None:
    state = run(opened(), *seat(ANNA), fb.LeaveCircle(actor=ANNA), *join(ANNA, BEN, CEM))
    assert fb.queue_order(state) == (ANNA, BEN, CEM)
    switch = fb.SetQueueOrder(actor=FAC, order=fb.QueueOrder.FIRST_TIME_FIRST)
    step = fb.apply(state, switch, at(50))
    assert fb.queue_order(step.state) == (BEN, CEM, ANNA)
    assert step.effects[0].key == "fishbowl.order_first_time_first"
    back = fb.apply(step.state, fb.SetQueueOrder(actor=FAC, order=fb.QueueOrder.FIFO), at(51))
    assert fb.queue_order(back.state) == (ANNA, BEN, CEM)


def test_switching_to_the_order_already_in_force_is_refused() -> None:
    refused(
        opened(), fb.SetQueueOrder(actor=FAC, order=fb.QueueOrder.FIFO), "fishbowl.order_unchanged"
    )


# --- the empty chair ---------------------------------------------------------------------


def test_next_seats_the_first_waiting_and_asks_the_longest_seated_to_leave() -> None:
    state = run(opened(chairs=4), *seat(ANNA, BEN, CEM), *join(DORA, EMIL))
    step = fb.apply(state, fb.SeatNext(actor=FAC), at(100))
    assert seated_ids(step.state) == [ANNA, BEN, CEM, DORA]
    assert step.state.asked_to_leave == ANNA
    assert fb.queue_order(step.state) == (EMIL,)
    assert len(step.effects) == 1
    assert step.effects[0].key == "fishbowl.took_empty_chair"
    assert step.effects[0].people == {"newcomer": DORA, "leaver": ANNA}


def test_next_after_someone_chose_to_leave_asks_nobody() -> None:
    state = run(opened(chairs=4), *seat(ANNA, BEN, CEM), fb.LeaveCircle(actor=BEN), *join(DORA))
    step = fb.apply(state, fb.SeatNext(actor=FAC), at(100))
    assert seated_ids(step.state) == [ANNA, CEM, DORA]
    assert step.state.asked_to_leave is None
    assert [(e.key, e.people) for e in step.effects] == [
        ("fishbowl.took_free_chair", {"newcomer": DORA})
    ]


def test_next_with_an_empty_queue_is_refused() -> None:
    refused(run(opened(), *seat(ANNA)), fb.SeatNext(actor=FAC), "fishbowl.queue_empty")


def test_next_while_the_asked_person_still_sits_is_refused() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM, DORA), fb.SeatNext(actor=FAC))
    refused(state, fb.SeatNext(actor=FAC), "fishbowl.no_free_chair")


def test_seating_directly_while_no_chair_is_empty_is_refused() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM), fb.SeatNext(actor=FAC))
    refused(state, seat(DORA)[0], "fishbowl.circle_full")


def test_the_asked_person_leaving_frees_the_empty_chair_again() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM), fb.SeatNext(actor=FAC))
    step = fb.apply(state, fb.LeaveCircle(actor=ANNA), at(100))
    assert step.state.asked_to_leave is None
    assert fb.free_chairs(step.state) == 1
    assert [e.key for e in step.effects] == ["fishbowl.left_circle"]
    assert step.state.seats[0].end == at(100)


def test_someone_else_leaving_lets_the_asked_person_stay() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM), fb.SeatNext(actor=FAC))
    step = fb.apply(state, fb.LeaveCircle(actor=BEN), at(100))
    assert step.state.asked_to_leave is None
    assert seated_ids(step.state) == [ANNA, CEM]
    assert [(e.key, e.people) for e in step.effects] == [
        ("fishbowl.left_circle", {"person": BEN}),
        ("fishbowl.may_stay", {"person": ANNA}),
    ]


def test_facilitator_can_unseat_the_person_who_did_not_stand_up() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM), fb.SeatNext(actor=FAC))
    step = fb.apply(state, fb.Unseat(actor=FAC, user_id=ANNA), at(100))
    assert seated_ids(step.state) == [BEN, CEM]


def test_leaving_the_circle_without_sitting_in_it_is_refused() -> None:
    refused(opened(), fb.LeaveCircle(actor=ANNA), "fishbowl.not_seated")
    refused(opened(), fb.Unseat(actor=FAC, user_id=ANNA), "fishbowl.person_not_seated")


def test_seating_a_returning_person_starts_a_new_seat_period() -> None:
    state = run(
        opened(), *seat(ANNA), fb.LeaveCircle(actor=ANNA), *join(ANNA), fb.SeatNext(actor=FAC)
    )
    assert [(s.user_id, s.start, s.end) for s in state.seats] == [
        (ANNA, at(1), at(2)),
        (ANNA, at(4), None),
    ]
    assert fb.seat_order(state) == (ANNA,)


# --- seat time ---------------------------------------------------------------------------


def test_seat_time_due_lists_each_occupant_once_until_reminded() -> None:
    state = run(opened(seat_minutes=4), *seat(ANNA, BEN))
    assert fb.seat_time_due(state) == (
        (ANNA, at(1) + timedelta(minutes=4)),
        (BEN, at(2) + timedelta(minutes=4)),
    )
    assert fb.seat_time_up(state, at(241)) == (ANNA,)
    step = fb.apply(state, fb.SeatTimeUp(actor=SYSTEM, user_id=ANNA, since=at(1)), at(241))
    assert step.effects[0].key == "fishbowl.seat_time_up"
    assert step.effects[0].people == {"person": ANNA, "facilitator": FAC}
    assert fb.seat_time_up(step.state, at(300)) == (BEN,)
    assert seated_ids(step.state) == [ANNA, BEN]  # the facilitator decides


def test_a_seat_time_reminder_for_an_ended_seat_is_ignored() -> None:
    state = run(opened(seat_minutes=4), *seat(ANNA), fb.LeaveCircle(actor=ANNA))
    event = fb.SeatTimeUp(actor=SYSTEM, user_id=ANNA, since=at(1))
    assert fb.apply(state, event, at(241)) == Step(state=state)


def test_a_second_seat_time_reminder_is_ignored() -> None:
    event = fb.SeatTimeUp(actor=SYSTEM, user_id=ANNA, since=at(1))
    state = run(opened(seat_minutes=4), *seat(ANNA), event)
    assert fb.apply(state, event, at(300)).effects == ()


def test_without_seat_time_nothing_is_due() -> None:
    assert fb.seat_time_due(run(opened(), *seat(ANNA))) == ()


# --- speaking clock and key points -------------------------------------------------------


def test_speaking_clock_starts_and_the_next_tap_stops_it() -> None:
    state = run(opened(), *seat(ANNA), fb.Speaks(actor=NOTES, user_id=ANNA))
    assert fb.current_speaker(state) == ANNA
    state = fb.apply(state, fb.Speaks(actor=NOTES, user_id=ANNA), at(32)).state
    assert fb.current_speaker(state) is None
    assert fb.speaking_seconds(state) == {ANNA: 30}


def test_starting_another_speaker_stops_the_current_one() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=FAC, user_id=ANNA))
    state = fb.apply(state, fb.Speaks(actor=FAC, user_id=BEN), at(63)).state
    assert fb.current_speaker(state) == BEN
    assert fb.speaking_seconds(state, at(73)) == {ANNA: 60, BEN: 10}


def test_speaking_clock_for_someone_not_seated_is_refused() -> None:
    refused(opened(), fb.Speaks(actor=NOTES, user_id=ANNA), "fishbowl.speaker_not_seated")


def test_a_second_tap_on_a_start_button_changes_nothing() -> None:
    state = run(opened(), *seat(ANNA), fb.Speaks(actor=NOTES, user_id=ANNA, start=True))
    refused(state, fb.Speaks(actor=NOTES, user_id=ANNA, start=True), "fishbowl.already_speaking")
    assert fb.current_speaker(state) == ANNA


def test_a_stop_button_for_someone_not_speaking_changes_nothing() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=NOTES, user_id=ANNA))
    refused(state, fb.Speaks(actor=NOTES, user_id=BEN, start=False), "fishbowl.not_speaking_now")
    stopped = fb.apply(state, fb.Speaks(actor=NOTES, user_id=ANNA, start=False), at(9)).state
    assert fb.current_speaker(stopped) is None


def test_a_start_button_for_another_person_hands_over_the_clock() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=NOTES, user_id=ANNA, start=True))
    state = fb.apply(state, fb.Speaks(actor=NOTES, user_id=BEN, start=True), at(20)).state
    assert fb.current_speaker(state) == BEN
    assert fb.speaking_seconds(state, at(30)) == {ANNA: 17, BEN: 10}


def test_leaving_the_circle_stops_ones_clock() -> None:
    state = run(
        opened(), *seat(ANNA), fb.Speaks(actor=NOTES, user_id=ANNA), fb.LeaveCircle(actor=ANNA)
    )
    assert fb.current_speaker(state) is None
    assert fb.speaking_seconds(state) == {ANNA: 1}


def test_key_points_go_to_the_running_turn_or_a_named_speakers_latest() -> None:
    state = run(
        opened(),
        *seat(ANNA, BEN),
        fb.Speaks(actor=FAC, user_id=ANNA),
        fb.Speaks(actor=FAC, user_id=BEN),
        fb.AddPoint(actor=NOTES, text="Ziele zuerst"),
        fb.AddPoint(actor=NOTES, text="Infrastruktur", speaker=ANNA),
        fb.AddOwnPoint(actor=BEN, text="Mein Punkt"),
    )
    assert [p.text for p in state.turns[0].points] == ["Infrastruktur"]
    assert [(p.text, p.author) for p in state.turns[1].points] == [
        ("Ziele zuerst", NOTES),
        ("Mein Punkt", BEN),
    ]


def test_a_point_without_a_speaker_after_the_clock_stopped_goes_to_the_latest_turn() -> None:
    state = run(
        opened(),
        *seat(ANNA),
        fb.Speaks(actor=FAC, user_id=ANNA),
        fb.Speaks(actor=FAC, user_id=ANNA),
        fb.AddPoint(actor=NOTES, text="Nachtrag"),
    )
    assert state.turns[0].points[0].text == "Nachtrag"


def test_a_point_before_anyone_spoke_is_refused() -> None:
    refused(opened(), fb.AddPoint(actor=NOTES, text="x"), "fishbowl.no_turn_yet")


def test_a_point_for_someone_who_has_not_spoken_is_refused() -> None:
    state = run(opened(), *seat(ANNA), fb.Speaks(actor=FAC, user_id=ANNA))
    refused(state, fb.AddPoint(actor=NOTES, text="x", speaker=BEN), "fishbowl.no_turn_for_speaker")


def test_a_participants_own_point_while_not_speaking_is_refused() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=FAC, user_id=ANNA))
    refused(state, fb.AddOwnPoint(actor=BEN, text="x"), "fishbowl.not_speaking")


def test_a_repeated_point_update_is_a_duplicate() -> None:
    point = fb.AddPoint(actor=NOTES, text="x", source="-100:7")
    state = run(opened(), *seat(ANNA), fb.Speaks(actor=FAC, user_id=ANNA), point)
    refused(state, point, "duplicate")


def test_an_empty_or_overlong_point_is_refused_by_apply_too() -> None:
    state = run(opened(), *seat(ANNA), fb.Speaks(actor=FAC, user_id=ANNA))
    refused(state, fb.AddPoint(actor=NOTES, text=" \u200b "), "fishbowl.empty_point")
    refused(state, fb.AddPoint(actor=NOTES, text="x" * 1001), "fishbowl.point_too_long")


# --- helpers, forgetting, permissions, catalogue -----------------------------------------


def test_totals_by_sector_and_shares() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=FAC, user_id=ANNA))
    state = run(state, fb.Speaks(actor=FAC, user_id=BEN), start=31)
    state = run(state, fb.Close(actor=FAC), start=41)
    per_person = fb.speaking_seconds(state)
    assert per_person == {ANNA: 28, BEN: 10}
    sectors = fb.totals_by(per_person, {ANNA: "Verwaltung", BEN: "Zivilgesellschaft"}.__getitem__)
    assert fb.shares(sectors) == {"Verwaltung": 28 / 38, "Zivilgesellschaft": 10 / 38}
    assert fb.shares({}) == {}
    summary = fb.summary(state)
    assert summary.seat_order == (ANNA, BEN)
    assert summary.speaking_seconds == ((ANNA, 28), (BEN, 10))
    assert fb.seat_seconds(state) == {ANNA: 40, BEN: 39}


def _spoken_with_points() -> fb.FishbowlState:
    return run(
        opened(),
        *seat(ANNA, BEN),
        fb.Speaks(actor=FAC, user_id=ANNA),
        fb.AddOwnPoint(actor=ANNA, text="von Anna"),
        fb.Speaks(actor=FAC, user_id=BEN),
        fb.AddOwnPoint(actor=BEN, text="von Ben"),
        *join(CEM),
    )


def test_forgetting_with_erase_removes_seats_turns_and_points() -> None:
    state = fb.forget(_spoken_with_points(), ANNA, erase=True)
    assert ANNA not in fb.seat_order(state)
    assert [t.user_id for t in state.turns] == [BEN]
    assert [p.author for t in state.turns for p in t.points] == [BEN]


def test_forgetting_without_erase_keeps_words_under_a_placeholder() -> None:
    state = fb.forget(_spoken_with_points(), ANNA, erase=False)
    assert fb.seat_order(state) == (FORGOTTEN, BEN)
    assert state.turns[0].user_id == FORGOTTEN
    assert state.turns[0].points[0].text == "von Anna"
    assert state.turns[0].points[0].author == FORGOTTEN


def test_forgetting_takes_a_person_out_of_the_queue() -> None:
    state = fb.forget(_spoken_with_points(), CEM, erase=False)
    assert fb.queue_order(state) == ()


def test_every_event_type_has_declared_permissions() -> None:
    matrix = roles.matrix()
    assert set(fb.MACHINE.moves) <= set(matrix)
    assert matrix[fb.SeatNext] == roles.STEER and matrix[fb.Speaks] == roles.RECORD
    assert matrix[fb.JoinQueue] == roles.TAKE_PART and matrix[fb.SeatTimeUp] == frozenset()
    with pytest.raises(FlowError, match="not_allowed"):
        roles.require(fb.SeatNext(actor=ANNA), roles.Role.PARTICIPANT)


STEERING = [
    fb.OpenFishbowl(actor=ANNA, topic="T"),
    fb.SeatPerson(actor=ANNA, user_id=BEN),
    fb.Unseat(actor=ANNA, user_id=BEN),
    fb.SeatNext(actor=ANNA),
    fb.Close(actor=ANNA),
    fb.SetQueueOrder(actor=ANNA, order=fb.QueueOrder.FIFO),
    fb.Extend(actor=ANNA, minutes=1),
]
RECORDING = [fb.Speaks(actor=ANNA, user_id=BEN), fb.AddPoint(actor=ANNA, text="x")]


@pytest.mark.parametrize("event", STEERING, ids=lambda e: type(e).__name__)
def test_steering_by_a_note_taker_or_participant_is_refused(event: Event) -> None:
    for role in (roles.Role.NOTETAKER, roles.Role.PARTICIPANT, roles.Role.OUTSIDER):
        with pytest.raises(FlowError, match="not_allowed"):
            roles.require(event, role)
    roles.require(event, roles.Role.FACILITATOR)


@pytest.mark.parametrize("event", RECORDING, ids=lambda e: type(e).__name__)
def test_recording_by_a_participant_is_refused_but_a_note_taker_may(event: Event) -> None:
    with pytest.raises(FlowError, match="not_allowed"):
        roles.require(event, roles.Role.PARTICIPANT)
    roles.require(event, roles.Role.NOTETAKER)


def test_timers_cannot_be_sent_by_anyone() -> None:
    for event in (
        fb.SeatTimeUp(actor=ANNA, user_id=ANNA, since=T0),
        TimerExpired(actor=ANNA, deadline=T0),
    ):
        with pytest.raises(FlowError, match="not_allowed"):
            roles.require(event, roles.Role.ORGANIZER)


def _catalogue(lang: str) -> dict[str, str]:
    """The fishbowl's messages; a plural message as its forms together (placeholders compare)."""
    return {key: " ".join(text) if isinstance(text, tuple) else text
            for key, text in catalogue(lang).items() if key.startswith("fishbowl.")}


def test_every_key_is_in_both_catalogues_with_the_same_placeholders() -> None:
    source = "".join(
        p.read_text("utf-8") for p in (Path(__file__).parents[2] / "flows").glob("fishbowl*.py")
    )
    used = set(re.findall(r'"(fishbowl\.[a-z_]+)"', source))
    used |= {f"fishbowl.order_{order.value}" for order in fb.QueueOrder}
    german, english = _catalogue("de"), _catalogue("en")
    assert used <= set(german) and set(german) == set(english)
    for key in german:
        assert set(re.findall(r"{(\w+)}", german[key])) == set(re.findall(r"{(\w+)}", english[key]))


# --- random play -------------------------------------------------------------------------

PEOPLE = (ANNA, BEN, CEM, DORA, EMIL, FRIDA)


def _random_event(data: st.DataObject, state: fb.FishbowlState) -> Event:
    """A random move by a random person; closing and timers are rare, like in a room."""
    kind = data.draw(st.sampled_from(_KINDS))
    person = data.draw(st.sampled_from(PEOPLE))
    if kind == "point":
        text = data.draw(st.sampled_from(["Punkt", " ", "x" * 1001, "\u200b", "Ziele"]))
        source = data.draw(st.sampled_from([None, "a", "b", "c"]))
        speaker = data.draw(st.sampled_from([None, *PEOPLE]))
        return fb.AddPoint(actor=NOTES, text=text, speaker=speaker, source=source)
    if kind == "seat_time_up":
        since = data.draw(st.sampled_from([s.start for s in state.seats] or [T0]))
        return fb.SeatTimeUp(actor=SYSTEM, user_id=person, since=since)
    if kind in ("warning", "expired"):
        deadline = data.draw(st.sampled_from([state.deadline or T0, T0]))
        timer = TimerWarning if kind == "warning" else TimerExpired
        return timer(actor=SYSTEM, deadline=deadline)
    if kind == "order":
        return fb.SetQueueOrder(actor=FAC, order=data.draw(st.sampled_from(list(fb.QueueOrder))))
    return _SIMPLE[kind](person)


_SIMPLE: dict[str, Callable[[int], Event]] = {
    "seat": lambda p: fb.SeatPerson(actor=FAC, user_id=p),
    "join": lambda p: fb.JoinQueue(actor=p),
    "leave_queue": lambda p: fb.LeaveQueue(actor=p),
    "leave_circle": lambda p: fb.LeaveCircle(actor=p),
    "unseat": lambda p: fb.Unseat(actor=FAC, user_id=p),
    "next": lambda p: fb.SeatNext(actor=FAC),
    "speaks": lambda p: fb.Speaks(actor=NOTES, user_id=p),
    "own_point": lambda p: fb.AddOwnPoint(actor=p, text="Mein Punkt", source=f"own{p}"),
    "fix": lambda p: fb.FixSeat(actor=FAC, user_id=p),
    "unfix": lambda p: fb.FixSeat(actor=FAC, user_id=p, fixed=False),
    "assign": lambda p: fb.AssignPoint(actor=NOTES, point="a", user_id=p),
    "extend": lambda p: fb.Extend(actor=FAC, minutes=1),
    "close": lambda p: fb.Close(actor=FAC),
    "reopen": lambda p: fb.OpenFishbowl(actor=FAC, topic="noch eine"),
}
_EVERYDAY = ["seat", "join", "join", "leave_queue", "leave_circle", "unseat", "next", "next"]
_EVERYDAY += ["speaks", "speaks", "own_point", "point", "point", "order", "seat_time_up"]
_EVERYDAY += ["fix", "unfix", "assign"]
_KINDS = [*_EVERYDAY * 4, "extend", "extend", "warning", "expired", "reopen", "close"]
"""Closing is rare: about once in seventy-eight moves."""


def _check_invariants(state: fb.FishbowlState, points_accepted: int) -> None:
    waiting = [entry.user_id for entry in state.queue]
    sitting = seated_ids(state)
    assert len(set(waiting)) == len(waiting), "nobody twice in the queue"
    assert len(set(sitting)) == len(sitting), "nobody twice in the circle"
    assert not set(waiting) & set(sitting), "nobody waits while seated"
    assert len(sitting) <= state.chairs
    assert (state.asked_to_leave is not None) == (len(sitting) == state.chairs)
    assert state.asked_to_leave is None or state.asked_to_leave in sitting
    assert not any(s.fixed and s.user_id == state.asked_to_leave for s in fb.occupants(state))
    assert all(t.end is not None for t in state.turns[:-1]), "one clock at most"
    speaker = fb.current_speaker(state)
    assert speaker is None or speaker in sitting
    points = [p for t in state.turns for p in t.points]
    assert len(points) == points_accepted, "no accepted point lost"
    sources = [p.source for p in points if p.source is not None]
    assert len(set(sources)) == len(sources)
    assert all(s.end is None or s.end >= s.start for s in state.seats)
    if state.phase is fb.Phase.CLOSED:
        assert not sitting and not waiting and speaker is None and state.deadline is None


@settings(max_examples=200, deadline=None)
@given(data=st.data(), chairs=st.integers(3, 5), seat_minutes=st.sampled_from([None, 1.0]))
def test_random_play_keeps_the_circle_and_queue_sound(
    data: st.DataObject, chairs: int, seat_minutes: float | None
) -> None:
    state = opened(chairs=chairs, seat_minutes=seat_minutes)
    points = 0
    for second in range(1, 60):
        event = _random_event(data, state)
        try:
            step = fb.apply(state, event, at(second * 30))
        except FlowError:
            continue
        if isinstance(event, fb.AddPoint | fb.AddOwnPoint):
            points += 1
        lands_where_the_table_says(fb.MACHINE, state, event, step.state)
        state = step.state
        _check_invariants(state, points)
        if state.phase is fb.Phase.CLOSED:
            late = _random_event(data, state)
            assert late_move_changes_nothing(state, late)
            break
    gone = data.draw(st.sampled_from(PEOPLE))
    anonymous = fb.forget(state, gone, erase=False)
    _check_no_trace(anonymous, gone)
    assert sum(len(t.points) for t in anonymous.turns) == points
    _check_no_trace(fb.forget(state, gone, erase=True), gone)


def late_move_changes_nothing(state: fb.FishbowlState, event: Event) -> bool:
    """After closing, every move is refused or (a stale timer) ignored; a repeat is a duplicate."""
    try:
        return fb.apply(state, event, at(9999)) == Step(state=state)
    except FlowError as error:
        return error.key in ("fishbowl.not_now", "fishbowl.already_open", "duplicate")


def _check_no_trace(state: fb.FishbowlState, user_id: int) -> None:
    ids = {s.user_id for s in state.seats} | {e.user_id for e in state.queue}
    ids |= {t.user_id for t in state.turns} | {p.author for t in state.turns for p in t.points}
    assert user_id not in ids and state.asked_to_leave != user_id


def test_a_forgotten_person_still_seated_leaves_no_ghost_in_the_circle() -> None:
    state = run(_spoken_with_points(), fb.Speaks(actor=FAC, user_id=BEN))
    state = fb.forget(state, BEN, erase=False)
    seated = {seat.user_id for seat in fb.occupants(state)}
    assert BEN not in seated and FORGOTTEN not in seated
    assert fb.current_speaker(state) is None
    assert all(seat.end is not None for seat in state.seats if seat.user_id == FORGOTTEN)
    assert state.asked_to_leave in (None, ANNA)


def test_a_tap_starts_the_clock_of_anyone_but_the_running_speaker() -> None:
    state = run(opened(), *seat(ANNA, BEN))
    assert fb.tap_starts(state, ANNA) and fb.tap_starts(state, BEN)
    state = run(state, fb.Speaks(actor=FAC, user_id=ANNA), start=10)
    assert not fb.tap_starts(state, ANNA), "a tap on the speaker stops the clock"
    assert fb.tap_starts(state, BEN)


@pytest.mark.parametrize(("text", "read"), [
    ("/fishbowl Zukunft der Innenstadt", ("Zukunft der Innenstadt", None, None)),
    ("/fishbowl 3 Orte gibt es überall", ("3 Orte gibt es überall", None, None)),
    ("/fishbowl 4 Min. Thema", ("Thema", None, 4)),
    ("/fishbowl 6 Stühle Thema", ("Thema", 6, None)),
])
def test_reading_an_opening_leaves_out_what_the_command_did_not_give(
        text: str, read: tuple[str, int | None, float | None]) -> None:
    assert fb.read_open(text) == read
