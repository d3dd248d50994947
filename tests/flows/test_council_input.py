"""What the council's Telegram adapter needs from the flow: commands, lookups, fresh stances."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from flows.base import Event, FlowError
from flows.council import (
    Amend,
    CouncilState,
    GoBack,
    Group,
    JoinGroup,
    NextRound,
    OpenCouncil,
    Phase,
    Propose,
    StanceKind,
    StateInterest,
    TakeStance,
    apply,
    interest_from,
    parse_group,
    parse_restate,
    parse_round_command,
    restated_by,
)

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
FAC = 1
GROUPS = (Group(name="Verwaltung"), Group(name="Politik"), Group(name="Zivilgesellschaft"))


def run(*events: Event) -> CouncilState:
    state: CouncilState | None = None
    for n, event in enumerate(events):
        state = apply(state, event, NOW + timedelta(minutes=n)).state
    assert state is not None
    return state


def opened() -> tuple[Event, ...]:
    return (
        OpenCouncil(actor=FAC, question="Zukunft", groups=("Verwaltung", "Politik", "Wirtschaft")),
        JoinGroup(actor=11, group=0),
        JoinGroup(actor=21, group=1),
        JoinGroup(actor=31, group=2),
    )


def test_round_back_and_zurueck_go_back_while_a_duration_moves_on() -> None:
    assert parse_round_command("/round back", FAC) == GoBack(actor=FAC)
    assert parse_round_command("/round@werkstatt_bot Zurück", FAC) == GoBack(actor=FAC)
    assert parse_round_command("/round 5m", FAC) == NextRound(actor=FAC, minutes=5.0)
    assert parse_round_command("/round", FAC) == NextRound(actor=FAC)
    with pytest.raises(FlowError) as error:
        parse_round_command("/round bald", FAC)
    assert error.value.key == "council.bad_duration"


def test_restate_needs_a_number_and_words() -> None:
    event = parse_restate("/restate 3  Ihr braucht Planungssicherheit", 21, source="c:9")
    assert (event.interest, event.source) == (3, "c:9")
    assert event.text == "Ihr braucht Planungssicherheit"
    for text in ("/restate", "/restate drei Worte", "/restate 3", "/restate 3   "):
        with pytest.raises(FlowError) as error:
            parse_restate(text, 21)
        assert error.value.key == "council.restate_usage"


def test_a_group_is_found_by_number_name_or_unique_start_whatever_the_case() -> None:
    assert parse_group(GROUPS, "2") == 1
    assert parse_group(GROUPS, " politik ") == 1
    assert parse_group(GROUPS, "Zivil") == 2
    assert parse_group(GROUPS, "VERWALTUNG") == 0


@pytest.mark.parametrize("text", ["4", "0", "Wirtschaft", "x"])
def test_an_unknown_group_name_is_refused_with_the_name(text: str) -> None:
    with pytest.raises(FlowError) as error:
        parse_group(GROUPS, text)
    assert error.value.key == "council.unknown_group_name"
    assert error.value.params == {"name": text}


def test_an_ambiguous_start_of_a_group_name_is_refused() -> None:
    groups = (Group(name="Politik Stadt"), Group(name="Politik Land"))
    with pytest.raises(FlowError) as error:
        parse_group(groups, "Politik")
    assert error.value.key == "council.unknown_group_name"


def test_assigning_without_a_group_asks_for_one() -> None:
    with pytest.raises(FlowError) as error:
        parse_group(GROUPS, "  ")
    assert error.value.key == "council.assign_usage"


def test_each_group_restates_the_interests_of_the_group_assigned_to_it() -> None:
    state = run(
        *opened(),
        StateInterest(actor=11, text="Flächen", reason="Steuern"),
        StateInterest(actor=21, text="Mehrheit", reason="Wahl"),
        StateInterest(actor=21, text="Tempo", reason="Wahlperiode"),
        NextRound(actor=FAC),
    )
    assert [i.text for i in restated_by(state, 0)] == ["Mehrheit", "Tempo"]
    assert restated_by(state, 2)[0].text == "Flächen"
    assert restated_by(state, 1) == ()
    assert restated_by(state, 7) == ()


def test_before_round_two_no_group_restates_anything() -> None:
    state = run(*opened(), StateInterest(actor=11, text="Flächen", reason="Steuern"))
    assert restated_by(state, 0) == ()


def test_the_message_that_stated_an_interest_finds_it_again() -> None:
    state = run(
        *opened(), StateInterest(actor=11, text="Flächen", reason="Steuern", source="-100:7")
    )
    found = interest_from(state, "-100:7")
    assert found is not None and found.text == "Flächen"
    assert interest_from(state, "-100:8") is None


def stances_round() -> CouncilState:
    return run(
        *opened(),
        StateInterest(actor=11, text="Flächen", reason="Steuern"),
        NextRound(actor=FAC),
        NextRound(actor=FAC),
        Propose(actor=31, text="Gewerbehof"),
        NextRound(actor=FAC),
    )


def test_a_stance_for_the_version_the_person_saw_counts() -> None:
    state = stances_round()
    event = TakeStance(actor=11, proposal=1, kind=StanceKind.AGREE, version=1)
    assert apply(state, event, NOW).state.stances[0].version == 1


def test_a_stance_for_a_version_amended_meanwhile_is_refused_and_changes_nothing() -> None:
    state = stances_round()
    objected = apply(
        state,
        TakeStance(actor=21, proposal=1, kind=StanceKind.OBJECT, reason="zu teuer"),
        NOW,
    ).state
    amended = apply(objected, Amend(actor=31, proposal=1, text="Gewerbehof, günstig"), NOW).state
    late = TakeStance(actor=11, proposal=1, kind=StanceKind.AGREE, version=1)
    with pytest.raises(FlowError) as error:
        apply(amended, late, NOW)
    assert error.value.key == "council.version_changed"
    assert error.value.params == {"proposal": 1, "version": 2}
    assert amended.phase is Phase.STANCES
