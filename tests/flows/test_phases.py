"""The move tables: the documented phase diagrams, the role matrix, and the shared queries."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from flows import council, fishbowl, pinboard, roles, survey
from flows.base import FlowError, Step, TimerExpired, TimerWarning
from flows.machine import TIMERS, Machine
from flows.phases import MACHINES, UPDATE, diagram, document

DOC = Path(__file__).parents[2] / "docs" / "PHASES.md"
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
FAC, ANNA = 1, 2


def test_the_phase_document_is_what_the_tables_render() -> None:
    assert DOC.read_text(encoding="utf-8") == document(), f"write it again: {UPDATE}"


def test_a_diagram_names_every_phase_and_the_opening() -> None:
    text = diagram(pinboard.MACHINE)
    assert text.splitlines()[0] == "(no round) --OpenBoard--> collecting"
    assert "collecting --StartVote--> voting" in text
    assert "clustering stays on: HideNotes" in text
    for phase in pinboard.Phase:
        assert f"{phase.value} stays on:" in text


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_the_role_matrix_is_the_tables(machine: Machine[Any, Any]) -> None:
    for event_type, allowed in machine.permissions().items():
        assert roles.allowed_roles(event_type) == allowed
        for role in roles.Role:
            assert roles.may(role, event_type) == (role in allowed)


ROUNDS = tuple(machine for machine in MACHINES if machine is not survey.MACHINE)
"""The machines of rounds, which have timers (the survey before the event is no round)."""


@pytest.mark.parametrize("machine", ROUNDS, ids=lambda m: m.name)
def test_nobody_may_send_a_timer_by_hand(machine: Machine[Any, Any]) -> None:
    for timer in TIMERS:
        assert machine.moves[timer].roles == frozenset()
        assert not any(roles.may(role, timer) for role in roles.Role)


def test_the_survey_has_no_timer_and_nobody_sends_it_one() -> None:
    assert not set(TIMERS) & set(survey.MACHINE.moves)


def test_legal_answers_from_the_table_without_an_event() -> None:
    board = pinboard.apply(None, pinboard.parse_open("/pinboard Orte\nWas?", FAC), NOW).state
    assert pinboard.legal(board, pinboard.AddNotes)
    assert not pinboard.legal(board, pinboard.Vote)
    with pytest.raises(FlowError) as caught:
        pinboard.check(board, pinboard.Vote)
    assert (caught.value.key, caught.value.params) == ("pinboard.not_now", {"phase": "collecting"})


def test_an_event_of_another_format_is_refused_as_not_now() -> None:
    bowl = fishbowl.apply(None, fishbowl.parse_open("/fishbowl Thema", FAC), NOW).state
    with pytest.raises(FlowError) as caught:
        fishbowl.apply(bowl, pinboard.Vote(actor=ANNA, option="n1"), NOW)
    assert caught.value.key == "fishbowl.not_now"
    assert not fishbowl.legal(bowl, pinboard.Vote)


def test_a_closed_council_refuses_in_its_own_words() -> None:
    opened = council.apply(None, council.parse_open("/council Frage?\nA\nB", FAC), NOW).state
    closed = council.apply(opened, council.Close(actor=FAC), NOW).state
    with pytest.raises(FlowError) as caught:
        council.check(closed, council.Propose)
    assert caught.value.key == "council.closed_already"


def test_a_repeated_source_is_a_duplicate_in_every_phase() -> None:
    board = pinboard.apply(None, pinboard.parse_open("/pinboard Orte\nWas?", FAC), NOW).state
    note = pinboard.AddNotes(actor=ANNA, question=1, texts=("Park",), source="7:1")
    board = pinboard.apply(board, note, NOW).state
    clustering = pinboard.apply(board, pinboard.StartClustering(actor=FAC), NOW).state
    for state in (board, clustering):
        with pytest.raises(FlowError) as caught:
            pinboard.apply(state, note, NOW)
        assert caught.value.key == "duplicate"


@pytest.mark.parametrize("machine", ROUNDS, ids=lambda m: m.name)
def test_every_phase_hears_its_timers(machine: Machine[Any, Any]) -> None:
    for event_type in (TimerWarning, TimerExpired):
        assert all(phase in machine.moves[event_type].phases for phase in machine.phase_type)


def test_a_fishbowl_move_returns_a_step_like_every_other_format() -> None:
    bowl = fishbowl.apply(None, fishbowl.parse_open("/fishbowl Thema", FAC), NOW)
    joined = fishbowl.apply(bowl.state, fishbowl.JoinQueue(actor=ANNA), NOW)
    seat_next = fishbowl.MACHINE.moves[fishbowl.SeatNext].handler
    step = seat_next(joined.state, fishbowl.SeatNext(actor=FAC), NOW)
    assert isinstance(step, Step)
    assert fishbowl.occupants(step.state)[0].user_id == ANNA
    assert step.effects[0].key == "fishbowl.took_free_chair"


@pytest.mark.parametrize("machine", MACHINES, ids=lambda m: m.name)
def test_the_architecture_map_shows_each_phase_diagram_as_the_table_renders_it(
    machine: Machine[Any, Any],
) -> None:
    architecture = (Path(__file__).parents[2] / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert f"```text\n{diagram(machine).rstrip()}\n```" in architecture, (
        f"the {machine.name} diagram in ARCHITECTURE.md differs from its table")
