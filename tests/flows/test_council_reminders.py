"""Reminding the groups a council round still waits for: who is missing, who is told, privately."""

from __future__ import annotations

from flows import council
from flows.base import Announce
from flows.council import NextRound, RemindMissing, Restate
from tests.flows.test_council import (
    FAC,
    MEMBERS,
    POLITIK,
    VERWALTUNG,
    WIRTSCHAFT,
    ZIVIL,
    in_proposals,
    in_restate,
    interest,
    refused,
    run,
    step,
)
from tests.flows.test_council import (
    council as opened_council,
)


def told(effects: tuple[Announce, ...]) -> set[int]:
    assert all(effect.to is not None for effect in effects), "reminders are private"
    return {effect.to for effect in effects if effect.to is not None}


def test_groups_without_an_interest_are_the_ones_missing_in_round_one() -> None:
    state = run(opened_council(), interest(MEMBERS[VERWALTUNG][0]), interest(MEMBERS[ZIVIL][1]))
    assert council.waiting_for(state) == (POLITIK, WIRTSCHAFT)
    effects = step(state, RemindMissing(actor=FAC)).effects
    assert told(effects) == {*MEMBERS[POLITIK], *MEMBERS[WIRTSCHAFT]}
    assert {e.key for e in effects} == {"council.remind_interests"}
    assert {e.params["group"] for e in effects} == {"Politik", "Wirtschaft"}


def test_in_the_perspective_change_groups_with_restatements_to_give_are_missing() -> None:
    state = in_restate()
    assigned = state.assignment[VERWALTUNG]
    number = next(i.number for i in state.interests if i.group == assigned)
    state = run(state, Restate(actor=MEMBERS[VERWALTUNG][0], interest=number, text="So"))
    assert VERWALTUNG not in council.waiting_for(state)
    assert assigned in council.waiting_for(state), "now it has a restatement to rate"
    assert {e.key for e in step(state, RemindMissing(actor=FAC)).effects} == {
        "council.remind_restate"
    }


def test_a_reminder_when_nobody_is_missing_or_in_the_proposals_round_is_refused() -> None:
    everyone = run(opened_council(), *(interest(MEMBERS[g][0]) for g in MEMBERS))
    refused(everyone, RemindMissing(actor=FAC), "council.nobody_missing")
    refused(in_proposals(), RemindMissing(actor=FAC), "council.not_now")
    assert council.legal(run(everyone, NextRound(actor=FAC)), RemindMissing)


def test_a_reminder_changes_nothing_in_the_round() -> None:
    state = opened_council()
    assert step(state, RemindMissing(actor=FAC)).state == state
