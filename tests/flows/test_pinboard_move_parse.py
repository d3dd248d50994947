"""Moving a note into a cluster by numbers: note and cluster numbers are counted separately."""

from __future__ import annotations

import pytest

from flows.base import FlowError
from flows.pinboard import MoveNote, parse_cluster_command


def test_moving_note_two_into_cluster_two_is_understood() -> None:
    assert parse_cluster_command("/cluster move 2 2", 1) == MoveNote(actor=1, note=2, cluster=2)
    assert parse_cluster_command("verschiebe 7, 3", 1) == MoveNote(actor=1, note=7, cluster=3)


@pytest.mark.parametrize("text", ["move 7", "move 7 2 3", "move sieben 2"])
def test_a_move_without_exactly_two_numbers_is_explained(text: str) -> None:
    with pytest.raises(FlowError) as caught:
        parse_cluster_command(text, 1)
    assert caught.value.key == "pinboard.move_format"
