"""A note counts by when it was sent: one that waited past the end of collecting is still taken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest

from flows import pinboard
from flows.base import Event
from flows.pinboard import AddNotes, Close, OpenBoard, Phase, PinboardState, StartClustering
from tests.flows.test_pinboard import ANNA, BEN, FAC, QUESTIONS, at, refused, run


def collected_until(seconds: float, then: Sequence[Event]) -> PinboardState:
    """A board opened at 0 with one note, whose collecting ended at ``seconds``."""
    state = run(None, OpenBoard(actor=FAC, title="Dritte Orte", questions=QUESTIONS))
    state = run(state, AddNotes(actor=BEN, question=1, texts=("Früh",), source="c:1",
                                sent=at(1)), now=at(1))
    for event in then:
        state = run(state, event, now=at(seconds))
    return state


def late(sent: datetime | None, source: str = "c:2") -> AddNotes:
    return AddNotes(actor=ANNA, question=2, texts=("Unterwegs aufgehalten",), source=source,
                    sent=sent)


@pytest.mark.parametrize("ending", [[StartClustering(actor=FAC)], [Close(actor=FAC)],
                                    [StartClustering(actor=FAC), Close(actor=FAC)]])
def test_a_note_sent_while_collecting_and_handled_later_is_taken(ending: list[Event]) -> None:
    state = collected_until(60, ending)
    phase = state.phase
    step = pinboard.apply(state, late(at(59)), at(75))
    assert step.state.phase == phase  # the note changes no phase
    assert [n.text for n in step.state.notes] == ["Früh", "Unterwegs aufgehalten"]
    assert step.state.notes[-1].number == 2


def test_a_note_that_waited_past_the_close_appears_in_the_result() -> None:
    state = pinboard.apply(collected_until(60, [Close(actor=FAC)]), late(at(59)), at(90)).state
    (first, second, _) = pinboard.result(state)
    assert [n.text for n in second.notes] == ["Unterwegs aufgehalten"]
    assert [o.key for o in second.options] == ["n2"]
    assert [n.text for n in first.notes] == ["Früh"]


def test_a_note_sent_after_collecting_ended_is_refused() -> None:
    for ending in ([StartClustering(actor=FAC)], [Close(actor=FAC)]):
        state = collected_until(60, ending)
        assert refused(state, late(at(61)), now=at(61)).key == "pinboard.not_now"
        # Telegram's dates are whole seconds: in the close's own second it counts as late.
        assert refused(state, late(at(60)), now=at(61)).key == "pinboard.not_now"


def test_a_note_of_unknown_sending_time_is_refused_after_collecting() -> None:
    state = collected_until(60, [Close(actor=FAC)])
    assert refused(state, late(None), now=at(61)).key == "pinboard.not_now"


def test_a_note_taken_late_is_still_taken_only_once() -> None:
    state = pinboard.apply(collected_until(60, [Close(actor=FAC)]), late(at(30)), at(90)).state
    assert refused(state, late(at(30)), now=at(91)).key == "duplicate"
    assert state.phase == Phase.CLOSED


def test_the_rules_of_a_note_in_time_still_hold() -> None:
    state = collected_until(60, [StartClustering(actor=FAC)])
    wrong = AddNotes(actor=ANNA, question=9, texts=("Wohin?",), source="c:3", sent=at(10))
    assert refused(state, wrong, now=at(70)).key == "pinboard.unknown_question"


def test_collecting_ended_when_the_board_left_collecting() -> None:
    assert pinboard.collecting_ended(collected_until(60, [])) is None
    assert pinboard.collecting_ended(collected_until(60, [StartClustering(actor=FAC)])) == at(60)
