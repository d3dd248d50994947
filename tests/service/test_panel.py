"""The panel's rules: it offers what the move tables allow the role now, and checks a setup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows import council, fishbowl, pinboard
from flows.base import FlowError
from flows.roles import Role
from service import panel

NOW = datetime(2023, 5, 5, 10, 0, tzinfo=UTC)


def board(phase: pinboard.Phase = pinboard.Phase.COLLECTING) -> pinboard.PinboardState:
    state = pinboard.apply(None, pinboard.OpenBoard(actor=1, title="Orte", questions=("A?",)),
                           NOW).state
    return state.model_copy(update={"phase": phase})


def test_a_collecting_board_offers_grouping_the_vote_more_time_and_closing() -> None:
    assert panel.offered("pinboard", board(), Role.FACILITATOR) == (
        pinboard.StartClustering, pinboard.StartVote, pinboard.Extend, pinboard.Close)


def test_a_voting_board_offers_the_tallies_but_no_grouping() -> None:
    offered = panel.offered("pinboard", board(pinboard.Phase.VOTING), Role.ORGANIZER)
    assert pinboard.ShowTallies in offered and pinboard.StartClustering not in offered


def test_every_offered_move_is_legal_in_its_table_for_every_phase_and_role() -> None:
    for phase in pinboard.Phase:
        for role in Role:
            for event_type in panel.offered("pinboard", board(phase), role):
                assert pinboard.legal(board(phase), event_type)
                assert role in (Role.ORGANIZER, Role.FACILITATOR)


def test_a_note_taker_is_offered_only_the_speaking_clock() -> None:
    state = fishbowl.apply(None, fishbowl.OpenFishbowl(actor=1, topic="Was bleibt?"), NOW).state
    assert panel.offered("fishbowl", state, Role.NOTETAKER) == (fishbowl.Speaks,)
    assert panel.offered("fishbowl", state, Role.PARTICIPANT) == ()


def test_the_first_council_round_cannot_go_back() -> None:
    state = council.apply(None, council.OpenCouncil(actor=1, question="Wohin?",
                                                    groups=("A", "B")), NOW).state
    offered = panel.offered("council", state, Role.FACILITATOR)
    assert council.NextRound in offered and council.GoBack not in offered


def test_only_those_who_steer_may_open_a_round() -> None:
    assert panel.may_open("council", Role.FACILITATOR)
    assert not panel.may_open("pinboard", Role.NOTETAKER)


def test_a_setup_is_checked_by_the_formats_own_opening_rule() -> None:
    panel.SETUPS["council"].check(1, "Wohin?", ("A", "B"), NOW)
    with pytest.raises(FlowError) as refused:
        panel.SETUPS["council"].check(1, "Wohin?", ("A",), NOW)
    assert refused.value.key == "council.too_few_groups"
    opening = panel.SETUPS["pinboard"].opening(1, "Orte", panel.split_lines("A?\n\n B? "), 10)
    assert opening == pinboard.OpenBoard(actor=1, title="Orte", questions=("A?", "B?"),
                                         minutes=10)
