"""Grouping and vote commands as text: moves by numbers, German words beside the English."""

from __future__ import annotations

import pytest

from flows.base import Event, FlowError
from flows.pinboard import MoveNote, RenameCluster, Ungroup, parse_cluster_command
from flows.pinboard.parse import parse_vote


def test_moving_note_two_into_cluster_two_is_understood() -> None:
    assert parse_cluster_command("/cluster move 2 2", 1) == MoveNote(actor=1, note=2, cluster=2)
    assert parse_cluster_command("verschiebe 7, 3", 1) == MoveNote(actor=1, note=7, cluster=3)


@pytest.mark.parametrize("text", ["move 7", "move 7 2 3", "move sieben 2"])
def test_a_move_without_exactly_two_numbers_is_explained(text: str) -> None:
    with pytest.raises(FlowError) as caught:
        parse_cluster_command(text, 1)
    assert caught.value.key == "pinboard.move_format"


@pytest.mark.parametrize(("german", "english", "event"), [
    ("umbenennen 2 Finanzen", "rename 2 Finanzen",
     RenameCluster(actor=1, cluster=2, name="Finanzen")),
    ("verschieben 7 2", "move 7 2", MoveNote(actor=1, note=7, cluster=2)),
    ("heraus 7", "out 7", MoveNote(actor=1, note=7, cluster=None)),
    ("auflösen 2", "ungroup 2", Ungroup(actor=1, cluster=2)),
    ("/cluster Auflösen 2", "/cluster UNGROUP 2", Ungroup(actor=1, cluster=2)),
])
def test_the_german_words_shown_to_german_users_work_like_the_english_ones(
    german: str, english: str, event: Event
) -> None:
    assert parse_cluster_command(german, 1) == parse_cluster_command(english, 1) == event


@pytest.mark.parametrize(("text", "cap", "minutes"), [
    ("/vote 3 max. 1 10 Min.", 1, 10),  # as the German refusal shows it
    ("/vote 3 max 1 10 min", 1, 10),  # as the English one does
    ("/vote 3 höchstens 2", 2, None),
])
def test_the_vote_reads_the_examples_its_refusal_gives(
    text: str, cap: int, minutes: float | None
) -> None:
    event = parse_vote(text, 1)
    assert (event.budget, event.per_cluster, event.minutes) == (3, cap, minutes)
