"""The panel's rules: it offers what the move tables allow the role now, and checks a setup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows import council, fishbowl, pinboard
from flows.base import Event, FlowError, Step
from flows.roles import Role
from locales import translator
from service import panel
from service.formats import RoundFormat

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


class Fishbowl(RoundFormat[fishbowl.FishbowlState]):
    """The fishbowl as the round service sees it (the moves' own format is not needed to
    build them, only its extension and close)."""

    kind = "fishbowl"
    state_type = fishbowl.FishbowlState

    def apply(self, state: fishbowl.FishbowlState | None, event: Event,
              now: datetime) -> Step[fishbowl.FishbowlState]:
        return fishbowl.apply(state, event, now)

    def is_open(self, state: fishbowl.FishbowlState) -> bool:
        return state.phase == fishbowl.Phase.OPEN

    def close_event(self, actor: int) -> Event:
        return fishbowl.Close(actor=actor)

    def extend_event(self, actor: int, minutes: float) -> Event:
        return fishbowl.Extend(actor=actor, minutes=minutes)


def test_each_offer_carries_its_taps_and_a_tap_rebuilds_its_event() -> None:
    t = translator("de")
    state = fishbowl.apply(None, fishbowl.OpenFishbowl(actor=1, topic="Was bleibt?"), NOW).state
    for user_id in (7, 8):
        state = fishbowl.apply(state, fishbowl.JoinQueue(actor=user_id), NOW).state
    offers = {offer.code: offer for offer in panel.offers("fishbowl", state, Role.FACILITATOR, t,
                                                          lambda uid: f"P{uid}")}
    assert offers["nxt"].taps == (panel.Tap(t("panel.seat_next", name="P7"), "nxt"),)
    assert offers["sit"].taps == (panel.Tap(t("panel.seat", name="P8"), "sit", (8,)),)
    assert "spk" not in offers  # nobody seated yet: no clock to start
    fmt = Fishbowl()
    assert panel.build("sit", fmt, 1, state, ["8"]) == fishbowl.SeatPerson(actor=1, user_id=8)
    assert panel.build("ext", fmt, 1, state, ["5"]) == fmt.extend_event(1, 5)
    for code, args in (("zzz", []), ("sit", []), ("sit", ["x"])):
        with pytest.raises(FlowError) as refused:
            panel.build(code, fmt, 1, state, args)
        assert refused.value.key == "core.stale_button"


def test_a_suggestion_tapped_after_it_changed_is_stale() -> None:
    state = board(pinboard.Phase.COLLECTING)
    for text in ("Begegnung im Park", "Begegnung im Café"):
        state = pinboard.apply(state, pinboard.AddNotes(actor=2, question=1, texts=(text,)),
                               NOW).state
    state = pinboard.apply(state, pinboard.StartClustering(actor=1), NOW).state
    [offer] = [o for o in panel.offers("pinboard", state, Role.FACILITATOR, translator("de"),
                                       str) if o.code == "sug"]
    [tap] = offer.taps
    args = [str(arg) for arg in tap.args]  # as a page or a button carries them
    fmt = Fishbowl()  # a suggestion's event does not ask its format
    assert panel.build("sug", fmt, 1, state, args) == pinboard.AcceptSuggestion(
        actor=1, name="Begegnung", notes=(1, 2))
    with pytest.raises(FlowError) as refused:
        panel.build("sug", fmt, 1, state, [args[0], "00000000"])
    assert refused.value.key == "pinboard.suggestion_stale"
