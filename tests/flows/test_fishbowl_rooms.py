"""The fishbowl as rooms run it: fixed seats, key points for whoever holds the floor, no clock."""

from __future__ import annotations

import pytest

from flows import fishbowl as fb
from flows.base import FlowError
from tests.flows.test_fishbowl import (
    ANNA,
    BEN,
    CEM,
    DORA,
    FAC,
    NOTES,
    at,
    join,
    opened,
    refused,
    run,
    seat,
    seated_ids,
)


def fix(person: int, fixed: bool = True) -> fb.FixSeat:
    return fb.FixSeat(actor=FAC, user_id=person, fixed=fixed)


# --- fixed seats ---------------------------------------------------------------------------


def test_a_fixed_seat_is_skipped_when_someone_must_leave() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), fix(ANNA), *join(CEM, DORA))
    step = fb.apply(state, fb.SeatNext(actor=FAC), at(20))
    assert step.state.asked_to_leave == BEN
    (asked,) = step.effects  # not "seated longest": the request says fixed seats stay
    assert asked.key == "fishbowl.took_empty_chair_fixed"
    assert asked.people == {"newcomer": CEM, "leaver": BEN}


def test_the_longest_seated_on_a_seat_not_fixed_is_asked_as_the_longest_seated() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), fix(BEN), *join(CEM))
    step = fb.apply(state, fb.SeatNext(actor=FAC), at(20))
    assert [(e.key, e.people["leaver"]) for e in step.effects] == [
        ("fishbowl.took_empty_chair", ANNA)]


def test_a_freed_seat_is_asked_again() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), fix(ANNA), fix(ANNA, fixed=False),
                *join(CEM), fb.SeatNext(actor=FAC))
    assert state.asked_to_leave == ANNA


def test_rapporteurs_can_start_on_fixed_seats() -> None:
    state = run(opened(chairs=3), fb.SeatPerson(actor=FAC, user_id=ANNA, label="WS1", fixed=True),
                *join(BEN, CEM), fb.SeatNext(actor=FAC), fb.SeatNext(actor=FAC))
    assert [s.fixed for s in fb.occupants(state)] == [True, False, False]
    assert state.asked_to_leave == BEN


def test_next_is_refused_when_every_other_seat_is_fixed() -> None:
    state = run(opened(chairs=3), *seat(ANNA), fix(ANNA), *join(BEN, CEM), fb.SeatNext(actor=FAC))
    assert state.asked_to_leave is None and fb.free_chairs(state) == 1
    state = run(state, fix(BEN))
    refused(state, fb.SeatNext(actor=FAC), "fishbowl.all_seats_fixed")


def test_fixing_is_refused_when_it_changes_nothing_or_the_person_does_not_sit() -> None:
    state = run(opened(), *seat(ANNA), fix(ANNA))
    refused(state, fix(ANNA), "fishbowl.already_fixed")
    refused(state, fix(BEN), "fishbowl.fix_not_seated")
    refused(run(opened(), *seat(ANNA)), fix(ANNA, fixed=False), "fishbowl.not_fixed")


def test_the_person_asked_to_leave_cannot_be_fixed_then() -> None:
    state = run(opened(chairs=3), *seat(ANNA, BEN), *join(CEM), fb.SeatNext(actor=FAC))
    refused(state, fix(ANNA), "fishbowl.fix_asked_to_leave")


def test_only_those_who_steer_fix_seats() -> None:
    state = run(opened(), *seat(ANNA))
    with pytest.raises(FlowError):
        fb.MACHINE.check(run(state, fb.Close(actor=FAC)), fb.FixSeat)
    assert fb.legal(state, fb.FixSeat)


def test_seat_command_reads_the_fix_word() -> None:
    seated = fb.parse_seat("/seat @anna WS1 fest", FAC, ANNA)
    assert isinstance(seated, fb.SeatPerson) and (seated.label, seated.fixed) == ("WS1", True)
    fixing = fb.parse_seat("/seat fest", FAC, ANNA)
    freeing = fb.parse_seat("/seat @anna lösen", FAC, ANNA)
    assert fixing == fb.FixSeat(actor=FAC, user_id=ANNA, fixed=True)
    assert freeing == fb.FixSeat(actor=FAC, user_id=ANNA, fixed=False)
    plain = fb.parse_seat("/seat Festival", FAC, ANNA)
    assert isinstance(plain, fb.SeatPerson) and (plain.label, plain.fixed) == ("Festival", False)


# --- key points for whoever holds the floor, with or without a clock --------------------------


def test_without_a_clock_a_point_goes_to_the_person_seated_most_recently() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.AddPoint(actor=NOTES, text="Mobilität"),
                fb.AddPoint(actor=NOTES, text="und Wohnen"))
    assert [(t.user_id, t.timed, [p.text for p in t.points]) for t in state.turns] == [
        (BEN, False, ["Mobilität", "und Wohnen"])
    ]
    assert fb.floor_holder(state) == BEN


def test_with_a_running_clock_the_point_goes_to_the_speaker() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=FAC, user_id=ANNA),
                fb.AddPoint(actor=NOTES, text="Ziele"))
    assert fb.floor_holder(state) == ANNA
    assert [p.text for p in state.turns[-1].points] == ["Ziele"]


def test_a_point_for_a_seated_person_who_never_spoke_opens_an_untimed_turn() -> None:
    state = run(opened(), *seat(ANNA, BEN), fb.Speaks(actor=FAC, user_id=ANNA),
                fb.AddPoint(actor=NOTES, text="Einwurf", speaker=BEN))
    assert fb.current_speaker(state) == ANNA, "the running clock stays the last turn"
    assert [(t.user_id, t.timed) for t in state.turns] == [(BEN, False), (ANNA, True)]


def test_a_note_taker_names_another_seated_person_for_a_point() -> None:
    state = run(opened(), *seat(ANNA, BEN),
                fb.AddPoint(actor=NOTES, text="Grünflächen", source="-1:5"),
                fb.AssignPoint(actor=NOTES, point="-1:5", user_id=ANNA))
    assert [(t.user_id, [p.text for p in t.points]) for t in state.turns] == [
        (ANNA, ["Grünflächen"])
    ]
    refused(state, fb.AssignPoint(actor=NOTES, point="-1:9", user_id=ANNA), "fishbowl.point_gone")
    refused(state, fb.AssignPoint(actor=NOTES, point="-1:5", user_id=CEM),
            "fishbowl.person_not_seated")


def test_a_round_works_fully_without_anyone_starting_a_clock() -> None:
    state = run(
        opened(chairs=3), *seat(ANNA), fb.AddPoint(actor=NOTES, text="Erstens"),
        *join(BEN, CEM), fb.SeatNext(actor=FAC), fb.AddPoint(actor=NOTES, text="Zweitens"),
        fb.LeaveCircle(actor=ANNA), fb.SeatNext(actor=FAC),
        fb.AddPoint(actor=NOTES, text="Drittens"), fb.Close(actor=FAC),
    )
    assert seated_ids(state) == [] and state.phase is fb.Phase.CLOSED
    assert [(t.user_id, [p.text for p in t.points]) for t in state.turns] == [
        (ANNA, ["Erstens"]), (BEN, ["Zweitens"]), (CEM, ["Drittens"])
    ]
    assert fb.speaking_seconds(state) == {}
    assert fb.summary(state).total_speaking_seconds == 0
    assert fb.summary(state, at(999)).seat_order == (ANNA, BEN, CEM)
