"""The Moderationspult's check of a page's tap: only a tap offered on the round now is made."""

from __future__ import annotations

from datetime import UTC, datetime

from flows import fishbowl
from flows.roles import Role
from service.console import offered

NOW = datetime(2023, 5, 5, 10, 0, tzinfo=UTC)


def test_only_a_tap_offered_now_with_its_own_arguments_is_taken() -> None:
    state = fishbowl.apply(None, fishbowl.OpenFishbowl(actor=1, topic="Was bleibt?"), NOW).state
    for user_id in (7, 8):
        state = fishbowl.apply(state, fishbowl.JoinQueue(actor=user_id), NOW).state
    assert offered("fishbowl", state, Role.FACILITATOR, "sit", ["8"])  # waiting, second
    assert offered("fishbowl", state, Role.FACILITATOR, "nxt", [])
    for code, args in (("sit", ["9"]), ("sit", ["0"]), ("sit", ["-1"]), ("sit", [str(2 ** 70)]),
                       ("sit", ["8", "1"]), ("sit", []), ("nxt", ["7"]), ("zzz", [])):
        assert not offered("fishbowl", state, Role.FACILITATOR, code, args), (code, args)
    assert not offered("fishbowl", state, Role.PARTICIPANT, "sit", ["8"])
