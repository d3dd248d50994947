"""The development council as a state machine: every round, every bad input, the tables."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from random import Random

import pytest
from babel.messages.pofile import read_po
from hypothesis import given, settings
from hypothesis import strategies as st

import locales
from flows import roles
from flows.base import FORGOTTEN, SYSTEM, Event, FlowError, Step, TimerExpired, TimerWarning
from flows.council import (
    MACHINE,
    ROUNDS,
    Amend,
    AssignGroup,
    Close,
    CouncilState,
    EditInterest,
    Extend,
    GoBack,
    JoinGroup,
    MarkInterest,
    NameSpeaker,
    NextRound,
    OpenCouncil,
    Phase,
    Propose,
    RateRestatement,
    Rating,
    Restate,
    StanceKind,
    StateInterest,
    TakeStance,
    acceptance_table,
    agreed_proposals,
    apply,
    assign_restatements,
    conflict_map,
    forget,
    group_stance,
    is_agreed,
    may_edit_interest,
    may_rate,
    may_restate,
    may_take_stance,
    missing,
    open_objections,
    open_restatements,
    parse_amend,
    parse_extend,
    parse_interest,
    parse_open,
    parse_proposal,
    parse_round,
    restatement_table,
    split_interest,
    split_reason,
)
from tests.flows.tables import lands_where_the_table_says

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
FAC = 1
VERWALTUNG, POLITIK, ZIVIL, WIRTSCHAFT = 0, 1, 2, 3
MEMBERS = {VERWALTUNG: (11, 12, 13), POLITIK: (21, 22), ZIVIL: (31, 32), WIRTSCHAFT: (41,)}
OUTSIDER = 99
OPEN_TEXT = (
    "/council Zukunft des Industriegebiets\nVerwaltung\nPolitik\nZivilgesellschaft\nWirtschaft"
)


def run(state: CouncilState | None, *events: Event) -> CouncilState:
    """Apply events one after another, a minute apart."""
    for n, event in enumerate(events):
        state = apply(state, event, NOW + timedelta(minutes=n + 1)).state
    assert state is not None
    return state


def step(state: CouncilState, event: Event) -> Step[CouncilState]:
    return apply(state, event, NOW + timedelta(hours=1))


def refused(state: CouncilState | None, event: Event, key: str) -> FlowError:
    with pytest.raises(FlowError) as caught:
        apply(state, event, NOW + timedelta(hours=1))
    assert caught.value.key == key
    return caught.value


def council() -> CouncilState:
    """Four groups, everyone seated, in round 1."""
    joins = [JoinGroup(actor=m, group=g) for g, members in MEMBERS.items() for m in members]
    return run(None, parse_open(OPEN_TEXT, FAC), *joins)


def interest(actor: int, text: str = "Flächen", reason: str = "Arbeitsplätze") -> StateInterest:
    return StateInterest(actor=actor, text=text, reason=reason)


def with_interests() -> CouncilState:
    """Each group stated one interest: numbers 1 to 4 in group order."""
    return run(council(), *(interest(MEMBERS[g][0], f"Interesse {g}") for g in MEMBERS))


def in_restate() -> CouncilState:
    return run(with_interests(), NextRound(actor=FAC))


def in_proposals() -> CouncilState:
    return run(in_restate(), NextRound(actor=FAC))


def in_stances(*proposals: str) -> CouncilState:
    state = run(in_proposals(), *(Propose(actor=11, text=p) for p in proposals or ("Park",)))
    return run(state, NextRound(actor=FAC))


def stance(actor: int, kind: StanceKind, reason: str | None = None, n: int = 1) -> TakeStance:
    return TakeStance(actor=actor, proposal=n, kind=kind, reason=reason)


# --- opening ------------------------------------------------------------------------------


def test_open_parses_question_and_two_to_eight_groups() -> None:
    event = parse_open(OPEN_TEXT, FAC)
    assert event.question == "Zukunft des Industriegebiets"
    assert event.groups == ("Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft")
    assert event.minutes is None


def test_open_starts_round_one_and_announces_the_question() -> None:
    result = apply(None, parse_open(OPEN_TEXT, FAC), NOW)
    assert result.state.phase is Phase.INTERESTS
    assert [g.name for g in result.state.groups] == [
        "Verwaltung",
        "Politik",
        "Zivilgesellschaft",
        "Wirtschaft",
    ]
    assert result.effects[0].key == "council.opened"
    assert result.effects[0].params == {"question": "Zukunft des Industriegebiets", "groups": 4}


def test_open_with_a_duration_sets_the_first_deadline() -> None:
    event = parse_open("/council@werkstatt_bot 15m Wohin?\nA\nB", FAC)
    assert (event.minutes, event.question) == (15, "Wohin?")
    assert apply(None, event, NOW).state.deadline == NOW + timedelta(minutes=15)


def test_open_with_a_leading_year_keeps_it_in_the_question() -> None:
    assert parse_open("/council 2030 Vision\nA\nB", FAC).question == "2030 Vision"


@pytest.mark.parametrize(
    ("text", "key", "params"),
    [
        ("/council Frage\nNur eine", "council.too_few_groups", {"min": 2}),
        (
            "/council Frage\n" + "\n".join(f"G{n}" for n in range(9)),
            "council.too_many_groups",
            {"max": 8},
        ),
        ("/council\n", "council.no_question", {}),
        ("/council 10m\nA\nB", "council.no_question", {}),
        ("/council Frage\nA\na", "council.duplicate_group", {}),
        ("/council Frage\nA\n" + "x" * 41, "council.group_name_too_long", {"max": 40}),
    ],
)
def test_bad_open_commands_are_refused(text: str, key: str, params: dict[str, int]) -> None:
    with pytest.raises(FlowError) as caught:
        parse_open(text, FAC)
    assert (caught.value.key, caught.value.params) == (key, params)


def test_opening_event_from_a_button_is_validated_too() -> None:
    refused(None, OpenCouncil(actor=FAC, question="Q", groups=("A",)), "council.too_few_groups")


def test_opening_a_second_council_is_refused() -> None:
    refused(council(), parse_open(OPEN_TEXT, FAC), "council.already_open")


def test_moves_before_opening_are_refused() -> None:
    refused(None, JoinGroup(actor=11, group=0), "council.not_open")


# --- groups -------------------------------------------------------------------------------


def test_member_chooses_a_group() -> None:
    state = council()
    assert state.groups[POLITIK].members == (21, 22)


def test_choosing_another_group_moves_the_member() -> None:
    state = run(council(), JoinGroup(actor=21, group=ZIVIL))
    assert 21 not in state.groups[POLITIK].members
    assert state.groups[ZIVIL].members == (31, 32, 21)


def test_choosing_the_same_group_twice_is_refused() -> None:
    refused(council(), JoinGroup(actor=21, group=POLITIK), "council.already_in_group")


def test_facilitator_assigns_a_person_who_is_told_privately() -> None:
    result = step(council(), AssignGroup(actor=FAC, member=OUTSIDER, group=WIRTSCHAFT))
    assert result.state.groups[WIRTSCHAFT].members == (41, OUTSIDER)
    assert result.effects[0].to == OUTSIDER
    assert result.effects[0].params == {"group": "Wirtschaft"}


def test_forged_button_for_a_missing_group_is_refused() -> None:
    refused(council(), JoinGroup(actor=OUTSIDER, group=8), "council.unknown_group")


def test_group_member_names_a_speaker() -> None:
    result = step(council(), NameSpeaker(actor=11, group=VERWALTUNG, speaker=12))
    assert result.state.groups[VERWALTUNG].speaker == 12
    assert result.effects[0].people == {"speaker": 12}


def test_speaker_named_by_someone_outside_the_group_is_refused() -> None:
    refused(
        council(), NameSpeaker(actor=21, group=VERWALTUNG, speaker=12), "council.not_your_group"
    )


def test_speaker_outside_the_group_is_refused() -> None:
    event = NameSpeaker(actor=11, group=VERWALTUNG, speaker=21)
    refused(council(), event, "council.speaker_not_member")


def test_naming_the_same_speaker_twice_is_refused() -> None:
    state = run(council(), NameSpeaker(actor=11, group=VERWALTUNG, speaker=12))
    refused(state, NameSpeaker(actor=13, group=VERWALTUNG, speaker=12), "council.speaker_unchanged")


def test_speaker_who_changes_group_is_no_longer_speaker() -> None:
    state = run(
        council(),
        NameSpeaker(actor=11, group=VERWALTUNG, speaker=12),
        JoinGroup(actor=12, group=POLITIK),
    )
    assert state.groups[VERWALTUNG].speaker is None


def test_speaker_can_be_cleared() -> None:
    state = run(council(), NameSpeaker(actor=11, group=VERWALTUNG, speaker=12))
    result = step(state, NameSpeaker(actor=11, group=VERWALTUNG, speaker=None))
    assert result.state.groups[VERWALTUNG].speaker is None
    assert result.effects[0].key == "council.speaker_cleared"


# --- round 1: interests -------------------------------------------------------------------


SPLIT = [
    ("/interest Gewerbeflächen halten weil Arbeitsplätze",
     "Gewerbeflächen halten", "Arbeitsplätze", "weil"),
    ("/interest Ruhe, weil hier Kinder wohnen", "Ruhe", "hier Kinder wohnen", "weil"),
    ("/interest@bot Wohnraum WEIL Mieten steigen", "Wohnraum", "Mieten steigen", "weil"),
    ("/interest Mehr Grün, denn der Stadtteil hat keins", "Mehr Grün", "der Stadtteil hat keins",
     "denn"),
    ("/interest Green space because of the heat", "Green space", "of the heat", "because"),
    ("/interest More green space because the district has none", "More green space",
     "the district has none", "because"),
    ("/interest Ruhe weil Kinder schlafen, denn sie sind klein", "Ruhe",
     "Kinder schlafen, denn sie sind klein", "weil"),  # the first connective splits
]


@pytest.mark.parametrize(("text", "interest", "reason", "connective"), SPLIT)
def test_interest_is_split_at_weil_denn_or_because_and_keeps_that_word(
    text: str, interest: str, reason: str, connective: str
) -> None:
    event = parse_interest(text, 11)
    assert (event.text, event.reason, event.connective) == (interest, reason, connective)


NOT_SPLIT = [
    "Mehr Grün, da der Stadtteil keins hat",  # "da" also means "there"
    "Ein Treffpunkt da, wo alle vorbeikommen",
    "Green space since the heat waves",  # "since" also means "from"
    "Green space as the district grows",  # "as" also means "when"
    "Weiler im Umland erhalten",  # "weil" inside a word
    "Dennoch mehr Grün",  # "denn" inside a word
]


@pytest.mark.parametrize("text", NOT_SPLIT)
def test_ambiguous_words_do_not_split_an_interest_so_its_reason_is_asked_for(text: str) -> None:
    assert split_interest(text) == (text, "", "")
    with pytest.raises(FlowError) as caught:
        parse_interest(f"/interest {text}", 11)
    assert caught.value.key == "council.interest_needs_reason"


def test_interest_without_a_reason_is_refused_with_a_hint() -> None:
    with pytest.raises(FlowError) as caught:
        parse_interest("/interest Mehr Grün", 11)
    assert caught.value.key == "council.interest_needs_reason"
    assert split_interest("Mehr Grün weil ") == ("Mehr Grün", "", "weil")


@pytest.mark.parametrize(("answer", "reason", "connective"), [
    ("weil der Stadtteil keins hat", "der Stadtteil keins hat", "weil"),
    ("Denn der Stadtteil hat keins.", "der Stadtteil hat keins.", "denn"),
    ("because the district has none", "the district has none", "because"),
    ("Der Stadtteil hat keins", "Der Stadtteil hat keins", ""),
    ("da der Stadtteil keins hat", "da der Stadtteil keins hat", ""),
    ("Es gibt keins, weil alles bebaut ist", "Es gibt keins, weil alles bebaut ist", ""),
])
def test_a_reason_given_on_its_own_keeps_the_connective_it_starts_with(
    answer: str, reason: str, connective: str
) -> None:
    said = split_reason(answer)
    assert (said.reason, said.connective) == (reason, connective)


def test_an_interest_keeps_its_authors_connective_and_shows_the_reason_as_said() -> None:
    state = run(council(), parse_interest("/interest More green because none", 11))
    (stated,) = state.interests
    assert (stated.reason, stated.connective, stated.reason_as_said) == (
        "none", "because", "because none")
    plain = run(council(), StateInterest(actor=11, text="Ruhe", reason="Kinder schlafen"))
    assert plain.interests[0].reason_as_said == "Kinder schlafen"
    odd = run(council(), StateInterest(actor=11, text="Ruhe", reason="x", connective="da"))
    assert odd.interests[0].connective == ""  # only the words that split are kept


def test_changing_only_the_connective_is_a_change_of_the_interest() -> None:
    state = run(council(), parse_interest("/interest Ruhe weil Kinder", 11))
    edited = run(state, EditInterest(actor=11, interest=1, text="Ruhe", reason="Kinder",
                                     connective="denn"))
    assert edited.interests[0].reason_as_said == "denn Kinder"
    refused(edited, EditInterest(actor=11, interest=1, text="Ruhe", reason="Kinder",
                                 connective="denn"), "council.interest_unchanged")


def test_interest_without_its_interest_is_refused() -> None:
    with pytest.raises(FlowError) as caught:
        parse_interest("/interest weil es wichtig ist", 11)
    assert caught.value.key == "council.interest_empty"


def test_interest_from_the_guided_dialogue_without_reason_is_refused() -> None:
    refused(council(), interest(11, reason="   "), "council.interest_needs_reason")


def test_interest_is_stored_with_reason_group_and_author() -> None:
    state = run(council(), parse_interest("/interest Flächen weil Jobs", 21, source="c:1"))
    (stored,) = state.interests
    assert (stored.number, stored.group, stored.author) == (1, POLITIK, 21)
    assert (stored.text, stored.reason, stored.source) == ("Flächen", "Jobs", "c:1")


def test_interest_from_someone_outside_every_group_is_refused() -> None:
    refused(council(), interest(OUTSIDER), "council.join_first")


def test_group_states_several_interests() -> None:
    state = run(council(), interest(11, "A"), interest(12, "B"))
    assert [(i.number, i.group) for i in state.interests] == [(1, 0), (2, 0)]


def test_a_repeated_message_does_not_add_a_second_interest() -> None:
    state = run(council(), parse_interest("/interest A weil B", 11, source="c:7"))
    refused(state, parse_interest("/interest A weil B", 11, source="c:7"), "duplicate")


def test_too_long_interest_is_refused() -> None:
    refused(council(), interest(11, "x" * 1001), "council.text_too_long")


def test_group_member_edits_an_interest_while_round_one_is_open() -> None:
    state = run(council(), interest(11), EditInterest(actor=12, interest=1, text="Neu", reason="R"))
    assert (state.interests[0].text, state.interests[0].reason) == ("Neu", "R")
    assert state.interests[0].edited_at is not None


def test_another_group_cannot_edit_an_interest() -> None:
    state = run(council(), interest(11))
    event = EditInterest(actor=21, interest=1, text="Neu", reason="R")
    refused(state, event, "council.not_your_interest")


def test_editing_without_a_change_is_refused() -> None:
    state = run(council(), interest(11))
    event = EditInterest(actor=11, interest=1, text="Flächen", reason="Arbeitsplätze")
    refused(state, event, "council.interest_unchanged")


def test_editing_a_missing_interest_is_refused() -> None:
    event = EditInterest(actor=11, interest=5, text="x", reason="y")
    refused(council(), event, "council.unknown_interest")


def test_editing_after_round_one_is_refused() -> None:
    event = EditInterest(actor=11, interest=1, text="x", reason="y")
    refused(in_restate(), event, "council.not_now")


def test_interest_in_round_two_is_refused() -> None:
    assert refused(in_restate(), interest(11), "council.not_now").params == {"round": 2}


# --- moving between rounds ----------------------------------------------------------------


def test_round_moves_from_interests_to_the_perspective_change() -> None:
    result = step(with_interests(), NextRound(actor=FAC))
    assert result.state.phase is Phase.RESTATE
    assert result.state.assignment == (1, 2, 3, 0)
    assert result.effects[0].key == "council.round_restate"
    assert result.state.history[-1].phase is Phase.RESTATE


def test_round_moves_from_perspective_change_to_proposals() -> None:
    result = step(in_restate(), NextRound(actor=FAC))
    assert (result.state.phase, result.effects[0].key) == (
        Phase.PROPOSALS,
        "council.round_proposals",
    )


def test_round_moves_from_proposals_to_stances() -> None:
    result = step(in_proposals(), NextRound(actor=FAC))
    assert (result.state.phase, result.effects[0].key) == (Phase.STANCES, "council.round_stances")


def test_round_after_the_last_round_is_refused() -> None:
    refused(in_stances(), NextRound(actor=FAC), "council.not_now")


def test_round_with_a_duration_sets_a_timer() -> None:
    event = parse_round("/round 10m", FAC)
    assert step(with_interests(), event).state.deadline == NOW + timedelta(hours=1, minutes=10)


def test_round_with_a_bad_duration_is_refused() -> None:
    with pytest.raises(FlowError) as caught:
        parse_round("/round bald", FAC)
    assert caught.value.key == "council.bad_duration"
    refused(with_interests(), NextRound(actor=FAC, minutes=0), "council.bad_duration")


def test_going_back_from_the_perspective_change_clears_the_assignment() -> None:
    result = step(in_restate(), GoBack(actor=FAC))
    assert (result.state.phase, result.state.assignment) == (Phase.INTERESTS, ())
    assert result.effects[0].params == {"round": 1}


def test_going_back_after_a_restatement_is_refused() -> None:
    state = run(in_restate(), Restate(actor=11, interest=2, text="Sie wollen X"))
    assert refused(state, GoBack(actor=FAC), "council.cannot_go_back").params == {"round": 2}


def test_going_back_from_proposals_while_none_was_made() -> None:
    assert step(in_proposals(), GoBack(actor=FAC)).state.phase is Phase.RESTATE


def test_going_back_after_a_proposal_is_refused() -> None:
    state = run(in_proposals(), Propose(actor=11, text="Park"))
    refused(state, GoBack(actor=FAC), "council.cannot_go_back")


def test_going_back_from_stances_while_nobody_took_one() -> None:
    assert step(in_stances(), GoBack(actor=FAC)).state.phase is Phase.PROPOSALS


def test_going_back_after_a_stance_is_refused() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE))
    refused(state, GoBack(actor=FAC), "council.cannot_go_back")


def test_going_back_in_round_one_is_refused() -> None:
    refused(council(), GoBack(actor=FAC), "council.not_now")


# --- round 2: perspective change ---------------------------------------------------------


def test_with_two_groups_they_swap() -> None:
    assert assign_restatements(2) == (1, 0)


@given(st.integers(min_value=2, max_value=8))
def test_no_group_restates_itself_and_every_group_is_restated(n: int) -> None:
    assignment = assign_restatements(n)
    assert len(assignment) == n
    assert all(assignment[g] != g for g in range(n))
    assert sorted(assignment) == list(range(n))
    assert assignment == assign_restatements(n)


def test_group_restates_an_interest_of_its_assigned_group() -> None:
    state = run(in_restate(), Restate(actor=12, interest=2, text="Sie wollen X", source="c:9"))
    (restated,) = state.restatements
    assert (restated.interest, restated.by_group, restated.author) == (2, VERWALTUNG, 12)
    assert restated.rating is None


def test_restating_an_interest_of_ones_own_group_is_refused() -> None:
    refused(in_restate(), Restate(actor=11, interest=1, text="Wir"), "council.own_group")


def test_restating_a_group_that_was_not_assigned_is_refused() -> None:
    error = refused(in_restate(), Restate(actor=11, interest=3, text="x"), "council.not_assigned")
    assert error.params == {"group": "Politik"}


def test_restating_from_outside_every_group_is_refused() -> None:
    refused(in_restate(), Restate(actor=OUTSIDER, interest=2, text="x"), "council.join_first")


def test_empty_restatement_is_refused() -> None:
    refused(in_restate(), Restate(actor=11, interest=2, text=" "), "council.restatement_empty")


def test_restatement_may_be_reworded_until_rated() -> None:
    state = run(
        in_restate(),
        Restate(actor=11, interest=2, text="Erst"),
        Restate(actor=12, interest=2, text="Besser"),
    )
    assert [(r.text, r.author) for r in state.restatements] == [("Besser", 12)]
    refused(state, Restate(actor=12, interest=2, text="Besser"), "council.restatement_unchanged")


def test_original_group_rates_a_restatement_with_a_correction() -> None:
    state = run(
        in_restate(),
        Restate(actor=11, interest=2, text="Sie wollen X"),
        RateRestatement(actor=22, interest=2, rating=Rating.PARTLY, correction="Eher Y"),
    )
    rated = state.restatements[0]
    assert (rated.rating, rated.correction, rated.rated_by) == (Rating.PARTLY, "Eher Y", 22)


def test_rating_by_another_group_is_refused() -> None:
    state = run(in_restate(), Restate(actor=11, interest=2, text="Sie wollen X"))
    event = RateRestatement(actor=11, interest=2, rating=Rating.UNDERSTOOD)
    assert refused(state, event, "council.rate_not_your_group").params == {"group": "Politik"}


def test_rating_before_a_restatement_is_refused() -> None:
    event = RateRestatement(actor=21, interest=2, rating=Rating.UNDERSTOOD)
    refused(in_restate(), event, "council.no_restatement")


def test_same_rating_twice_is_refused() -> None:
    rate = RateRestatement(actor=21, interest=2, rating=Rating.UNDERSTOOD)
    state = run(in_restate(), Restate(actor=11, interest=2, text="X"), rate)
    refused(state, rate, "council.rating_unchanged")


def test_rating_can_be_changed() -> None:
    state = run(
        in_restate(),
        Restate(actor=11, interest=2, text="X"),
        RateRestatement(actor=21, interest=2, rating=Rating.UNDERSTOOD),
        RateRestatement(actor=22, interest=2, rating=Rating.NOT_UNDERSTOOD, correction="Nein"),
    )
    assert state.restatements[0].rating is Rating.NOT_UNDERSTOOD


def test_rewording_a_rated_restatement_is_refused() -> None:
    state = run(
        in_restate(),
        Restate(actor=11, interest=2, text="X"),
        RateRestatement(actor=21, interest=2, rating=Rating.UNDERSTOOD),
    )
    refused(state, Restate(actor=11, interest=2, text="Y"), "council.restatement_rated")


def test_rating_a_missing_interest_is_refused() -> None:
    event = RateRestatement(actor=21, interest=77, rating=Rating.UNDERSTOOD)
    refused(in_restate(), event, "council.unknown_interest")


# --- round 3: proposals -------------------------------------------------------------------


def test_anyone_proposes_and_marks_interests_it_addresses() -> None:
    result = step(in_proposals(), Propose(actor=OUTSIDER, text="Park", addresses=(3, 1, 3)))
    (proposal,) = result.state.proposals
    assert (proposal.number, proposal.current.text, proposal.current.addresses) == (
        1,
        "Park",
        (1, 3),
    )
    assert result.effects[0].params == {"proposal": 1, "text": "Park"}


def test_proposal_command_is_parsed() -> None:
    assert parse_proposal("/proposal  Ein Park ", 11).text == "Ein Park"
    with pytest.raises(FlowError) as caught:
        parse_proposal("/proposal", 11)
    assert caught.value.key == "council.proposal_empty"


def test_proposal_addressing_a_missing_interest_is_refused() -> None:
    refused(in_proposals(), Propose(actor=11, text="P", addresses=(9,)), "council.unknown_interest")


def test_author_marks_and_unmarks_an_interest() -> None:
    state = run(
        in_proposals(),
        Propose(actor=11, text="Park"),
        MarkInterest(actor=11, proposal=1, interest=2),
        MarkInterest(actor=11, proposal=1, interest=4),
        MarkInterest(actor=11, proposal=1, interest=2, addressed=False),
    )
    assert state.proposals[0].current.addresses == (4,)


def test_marking_someone_elses_proposal_is_refused() -> None:
    state = run(in_proposals(), Propose(actor=11, text="Park"))
    refused(state, MarkInterest(actor=21, proposal=1, interest=2), "council.not_your_proposal")


def test_marking_twice_is_refused() -> None:
    state = run(in_proposals(), Propose(actor=11, text="Park", addresses=(2,)))
    refused(state, MarkInterest(actor=11, proposal=1, interest=2), "council.mark_unchanged")


def test_proposal_before_round_three_is_refused() -> None:
    refused(in_restate(), Propose(actor=11, text="Park"), "council.not_now")


def test_stance_before_round_four_is_refused() -> None:
    state = run(in_proposals(), Propose(actor=11, text="Park"))
    refused(state, stance(11, StanceKind.AGREE), "council.not_now")


# --- round 4: stances ---------------------------------------------------------------------


def test_member_agrees_and_the_stance_is_kept() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE))
    assert [(s.member, s.group, s.kind, s.version) for s in state.stances] == [
        (11, VERWALTUNG, StanceKind.AGREE, 1)
    ]


def test_concern_without_a_reason_is_refused() -> None:
    refused(in_stances(), stance(11, StanceKind.CONCERNS), "council.concern_needs_reason")


def test_objection_without_a_reason_is_refused() -> None:
    refused(in_stances(), stance(11, StanceKind.OBJECT, " "), "council.objection_needs_reason")


def test_stance_from_outside_every_group_is_refused() -> None:
    refused(in_stances(), stance(OUTSIDER, StanceKind.AGREE), "council.join_first")


def test_same_stance_twice_is_refused() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE))
    refused(state, stance(11, StanceKind.AGREE), "council.stance_unchanged")


def test_a_member_may_change_their_stance() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE), stance(11, StanceKind.OBJECT, "Lärm"))
    assert [(s.kind, s.reason) for s in state.stances] == [(StanceKind.OBJECT, "Lärm")]


def test_stance_on_a_missing_proposal_is_refused() -> None:
    refused(in_stances(), stance(11, StanceKind.AGREE, n=5), "council.unknown_proposal")


def test_group_stance_is_the_speakers_if_one_was_named() -> None:
    state = run(
        in_stances(),
        NameSpeaker(actor=11, group=VERWALTUNG, speaker=13),
        stance(11, StanceKind.AGREE),
        stance(12, StanceKind.AGREE),
    )
    assert group_stance(state, VERWALTUNG, 1) is None
    state = run(state, stance(13, StanceKind.CONCERNS, "Kosten"))
    assert group_stance(state, VERWALTUNG, 1) is StanceKind.CONCERNS


def test_group_stance_is_the_members_majority() -> None:
    state = run(
        in_stances(),
        stance(11, StanceKind.AGREE),
        stance(12, StanceKind.AGREE),
        stance(13, StanceKind.OBJECT, "Nein"),
    )
    assert group_stance(state, VERWALTUNG, 1) is StanceKind.AGREE


def test_a_tie_counts_as_the_more_critical_stance() -> None:
    state = run(in_stances(), stance(21, StanceKind.AGREE), stance(22, StanceKind.CONCERNS, "K"))
    assert group_stance(state, POLITIK, 1) is StanceKind.CONCERNS
    state = run(state, stance(22, StanceKind.OBJECT, "N"))
    assert group_stance(state, POLITIK, 1) is StanceKind.OBJECT


def every_group_agrees(n: int = 1) -> tuple[TakeStance, ...]:
    """A stance from one member of each group: agreement all round."""
    return tuple(stance(members[0], StanceKind.AGREE, n=n) for members in MEMBERS.values())


def test_a_proposal_no_group_objects_to_is_agreed() -> None:
    state = run(
        in_stances(), stance(11, StanceKind.AGREE), stance(21, StanceKind.CONCERNS, "K"),
        stance(31, StanceKind.AGREE), stance(41, StanceKind.AGREE),
    )
    assert [p.number for p in agreed_proposals(state)] == [1]


def test_a_proposal_is_not_agreed_while_a_group_has_not_taken_a_stance() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE), stance(21, StanceKind.AGREE))
    assert agreed_proposals(state) == ()


def test_a_proposal_a_group_objects_to_is_not_agreed() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE), stance(41, StanceKind.OBJECT, "Jobs"))
    assert agreed_proposals(state) == ()
    assert [(o.group, o.member, o.reason) for o in open_objections(state)] == [
        ("Wirtschaft", 41, "Jobs")
    ]


def test_a_proposal_nobody_took_a_stance_on_is_not_agreed() -> None:
    assert agreed_proposals(in_stances()) == ()


def test_amending_without_an_objection_in_round_four_is_refused() -> None:
    state = run(in_stances(), stance(11, StanceKind.AGREE))
    refused(state, Amend(actor=11, proposal=1, text="Neu"), "council.amend_needs_objection")


def test_amendment_is_put_to_the_groups_again_and_keeps_the_history() -> None:
    state = run(in_stances(), stance(41, StanceKind.OBJECT, "Jobs"))
    result = step(state, parse_amend("/amend 1 Park und Gewerbe", 41, source="c:3"))
    proposal = result.state.proposals[0]
    assert [v.text for v in proposal.versions] == ["Park", "Park und Gewerbe"]
    assert result.effects[0].params["version"] == 2
    assert group_stance(result.state, WIRTSCHAFT, 1) is None
    assert len(result.state.stances) == 1
    after = run(result.state, *every_group_agrees())
    assert [p.number for p in agreed_proposals(after)] == [1]


def test_amending_in_round_three_needs_no_objection() -> None:
    state = run(
        in_proposals(), Propose(actor=11, text="Park"), Amend(actor=21, proposal=1, text="X")
    )
    assert state.proposals[0].current.version == 2


def test_amending_with_the_same_wording_is_refused() -> None:
    state = run(in_proposals(), Propose(actor=11, text="Park"))
    refused(state, Amend(actor=11, proposal=1, text="Park"), "council.amend_unchanged")


def test_amending_a_missing_proposal_is_refused() -> None:
    refused(in_proposals(), Amend(actor=11, proposal=3, text="X"), "council.unknown_proposal")


@pytest.mark.parametrize("text", ["/amend", "/amend zwei Text", "/amend 2"])
def test_bad_amend_commands_are_refused(text: str) -> None:
    with pytest.raises(FlowError) as caught:
        parse_amend(text, 11)
    assert caught.value.key == "council.amend_usage"


def test_switching_groups_after_round_one_is_refused_but_a_newcomer_may_join() -> None:
    state = in_restate()
    refused(state, JoinGroup(actor=11, group=POLITIK), "council.no_switch")
    joined = step(state, JoinGroup(actor=77, group=POLITIK)).state
    assert 77 in joined.groups[POLITIK].members


def test_the_facilitator_may_still_move_a_member_who_takes_their_stance_along() -> None:
    state = run(
        in_stances(), stance(11, StanceKind.OBJECT, "Nein"),
        AssignGroup(actor=FAC, member=11, group=POLITIK),
    )
    assert group_stance(state, POLITIK, 1) is StanceKind.OBJECT
    assert group_stance(state, VERWALTUNG, 1) is None


# --- timers -------------------------------------------------------------------------------


def timed() -> CouncilState:
    return run(with_interests(), NextRound(actor=FAC, minutes=10))


def test_warning_is_announced_for_the_current_deadline() -> None:
    state = timed()
    assert state.deadline is not None
    result = step(state, TimerWarning(actor=SYSTEM, deadline=state.deadline))
    assert (result.effects[0].key, result.effects[0].params) == (
        "council.time_warning",
        {"round": 2},
    )


def test_stale_timers_are_ignored() -> None:
    state = timed()
    old = NOW
    assert step(state, TimerWarning(actor=SYSTEM, deadline=old)) == Step(state=state)
    assert step(state, TimerExpired(actor=SYSTEM, deadline=old)) == Step(state=state)


def test_expiry_ends_the_round_as_if_round_was_sent() -> None:
    state = timed()
    assert state.deadline is not None
    result = step(state, TimerExpired(actor=SYSTEM, deadline=state.deadline))
    assert result.state.phase is Phase.PROPOSALS
    assert result.state.deadline is None
    assert [e.key for e in result.effects] == ["council.time_up", "council.round_proposals"]


def test_expiry_in_the_last_round_closes_the_council() -> None:
    state = run(in_stances(), Extend(actor=FAC, minutes=5))
    assert state.deadline is not None
    result = step(state, TimerExpired(actor=SYSTEM, deadline=state.deadline))
    assert result.state.phase is Phase.CLOSED
    assert [e.key for e in result.effects][:2] == ["council.time_up", "council.closed"]


def test_extend_adds_minutes_to_the_deadline() -> None:
    state = timed()
    assert state.deadline is not None
    before_the_end = state.deadline - timedelta(minutes=2)
    extended = apply(state, parse_extend("/extend 5m", FAC), before_the_end)
    assert extended.state.deadline == state.deadline + timedelta(minutes=5)
    assert extended.effects[0].params == {"minutes": 5}


def test_extend_after_the_deadline_passed_counts_from_now() -> None:
    state = timed()
    assert state.deadline is not None
    later = state.deadline + timedelta(minutes=3)
    extended = apply(state, parse_extend("/extend 5m", FAC), later)
    assert extended.state.deadline == later + timedelta(minutes=5)


def test_extend_with_a_bad_duration_is_refused() -> None:
    with pytest.raises(FlowError):
        parse_extend("/extend gleich", FAC)
    refused(council(), Extend(actor=FAC, minutes=-1), "council.bad_duration")


# --- closing ------------------------------------------------------------------------------


def test_close_posts_agreed_proposals_and_open_objections() -> None:
    state = run(
        in_stances("Park", "Halle"),
        *every_group_agrees(),
        stance(41, StanceKind.OBJECT, "Zu teuer", n=2),
    )
    result = step(state, Close(actor=FAC))
    assert result.state.phase is Phase.CLOSED
    assert result.state.closed_at is not None
    keys = [(e.key, e.params) for e in result.effects]
    assert keys[0] == ("council.closed", {"agreed": 1, "objections": 1})
    assert keys[1] == ("council.result_agreed", {"proposal": 1, "text": "Park"})
    assert keys[2][0] == "council.result_objection"
    assert result.effects[2].people == {"member": 41}


def test_close_works_in_round_one() -> None:
    assert step(council(), Close(actor=FAC)).state.phase is Phase.CLOSED


def test_late_stance_after_close_is_refused() -> None:
    state = run(in_stances(), Close(actor=FAC))
    refused(state, stance(11, StanceKind.AGREE), "council.closed_already")
    refused(state, Close(actor=FAC), "council.closed_already")


# --- helpers for the live message and the draft ------------------------------------------


def test_conflict_map_lists_group_interest_and_reason_in_group_order() -> None:
    state = run(council(), interest(21, "B", "b"), interest(11, "A", "a"))
    assert [(r.group, r.text, r.reason) for r in conflict_map(state)] == [
        ("Verwaltung", "A", "a"),
        ("Politik", "B", "b"),
    ]


def test_restatement_table_shows_who_restated_whom_and_the_rating() -> None:
    state = run(
        in_restate(),
        Restate(actor=11, interest=2, text="X"),
        RateRestatement(actor=21, interest=2, rating=Rating.PARTLY, correction="Y"),
    )
    rows = {r.interest: r for r in restatement_table(state)}
    assert (rows[2].original_group, rows[2].restating_group) == ("Politik", "Verwaltung")
    assert (rows[2].restatement, rows[2].rating, rows[2].correction) == ("X", Rating.PARTLY, "Y")
    assert (rows[1].restating_group, rows[1].restatement) == ("Wirtschaft", None)


def test_acceptance_table_has_groups_by_proposals_with_reasons() -> None:
    state = run(
        in_stances("Park", "Halle"),
        stance(31, StanceKind.CONCERNS, "Pflege"),
        stance(41, StanceKind.OBJECT, "Jobs", n=2),
    )
    table = acceptance_table(state)
    assert len(table) == 4 and all(len(row) == 2 for row in table)
    assert table[ZIVIL][0].stance is StanceKind.CONCERNS
    assert [r.text for r in table[ZIVIL][0].reasons] == ["Pflege"]
    assert (table[WIRTSCHAFT][1].stance, table[VERWALTUNG][0].stance) == (StanceKind.OBJECT, None)


def test_missing_shows_what_each_round_still_needs() -> None:
    assert [m.no_interest for m in missing(run(council(), interest(11)))] == [
        False,
        True,
        True,
        True,
    ]
    state = run(in_restate(), Restate(actor=11, interest=2, text="X"))
    rows = missing(state)
    assert (rows[VERWALTUNG].to_restate, rows[POLITIK].to_rate) == ((), (2,))
    assert rows[POLITIK].to_restate == (3,)
    assert missing(in_stances())[0].no_stance_on == (1,)


# --- privacy ------------------------------------------------------------------------------


def full_council() -> CouncilState:
    """Person 21 (Politik) stated interest 2, restated 3, rated 2, proposed 1 and objected to 2."""
    return run(
        in_restate(),
        Restate(actor=21, interest=3, text="X"),
        Restate(actor=11, interest=2, text="Y"),
        RateRestatement(actor=21, interest=2, rating=Rating.UNDERSTOOD),
        NextRound(actor=FAC),
        Propose(actor=21, text="Park", addresses=(1,)),
        Propose(actor=11, text="Halle", addresses=(2,)),
        NextRound(actor=FAC),
        stance(21, StanceKind.OBJECT, "Nein", n=2),
        stance(11, StanceKind.AGREE),
    )


def test_forget_keeping_words_replaces_the_person_by_a_placeholder() -> None:
    state = forget(full_council(), 21, erase=False)
    assert 21 not in state.groups[POLITIK].members
    assert state.interests[1].author == FORGOTTEN
    assert state.proposals[0].current.author == FORGOTTEN
    assert [(r.author, r.rated_by) for r in state.restatements] == [
        (FORGOTTEN, None),
        (11, FORGOTTEN),
    ]
    assert {s.member for s in state.stances} == {11, FORGOTTEN}
    assert [o.reason for o in open_objections(state)] == ["Nein"]


def test_forget_with_erase_removes_the_persons_contributions() -> None:
    state = forget(full_council(), 21, erase=True)
    assert [i.number for i in state.interests] == [1, 3, 4]
    assert state.restatements == ()
    assert [(p.number, p.current.addresses) for p in state.proposals] == [(2, ())]
    assert state.stances == ()
    assert 21 not in state.groups[POLITIK].members


# --- permissions and catalogue ------------------------------------------------------------


def test_every_council_event_has_declared_roles() -> None:
    declared = roles.matrix()
    for event_type in (OpenCouncil, *MACHINE.moves):
        assert event_type in declared
    assert declared[TimerExpired] == frozenset()


def test_participants_cannot_steer_rounds() -> None:
    for event in (
        NextRound(actor=11),
        GoBack(actor=11),
        Close(actor=11),
        Extend(actor=11, minutes=1),
    ):
        with pytest.raises(FlowError) as caught:
            roles.require(event, roles.Role.PARTICIPANT)
        assert caught.value.key == "not_allowed"
    roles.require(TakeStance(actor=11, proposal=1, kind=StanceKind.AGREE), roles.Role.PARTICIPANT)


def catalogue(lang: str) -> dict[str, str]:
    with (ROOT / "locales" / lang / "council.po").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_catalogues_have_the_same_keys_and_placeholders_in_german_and_english() -> None:
    de, en = catalogue("de"), catalogue("en")
    assert de.keys() == en.keys()
    for key in de:
        assert set(re.findall(r"\{(\w+)\}", de[key])) == set(re.findall(r"\{(\w+)\}", en[key])), key
        assert de[key] and en[key]


def test_every_key_the_flow_uses_is_in_the_catalogue() -> None:
    source = "".join(p.read_text() for p in (ROOT / "flows").glob("council*.py"))
    used = set(re.findall(r'"(council\.[a-z_]+)"', source))
    used |= {f"council.round_{p.value}" for p in (Phase.RESTATE, Phase.PROPOSALS, Phase.STANCES)}
    assert used <= catalogue("de").keys()
    assert "duplicate" in locales.catalogue("de"), "the shared key lives in core.po"


# --- property: random sequences of legal and illegal moves --------------------------------

PEOPLE = (FAC, 11, 12, 13, 21, 22, 31, 32, 41, OUTSIDER)
TEXTS = ("Park", "Ruhe", "Lärm 🙂", "<b>&</b>", "عربى", "", " ", "x" * 1001)
SOURCES = (None, None, None, "c:1", "c:2", "c:3")


def round_move(rnd: Random, state: CouncilState, phase: Phase) -> Event:
    """A move of ``phase``'s round about an interest or proposal that mostly exists."""
    who, words, src = rnd.choice(PEOPLE), rnd.choice(TEXTS), rnd.choice(SOURCES)
    interest_no = rnd.choice([i.number for i in state.interests] + [99])
    proposal_no = rnd.choice([p.number for p in state.proposals] + [99])
    reason = rnd.choice((*TEXTS, None))
    moves: dict[Phase, list[Event]] = {
        Phase.INTERESTS: [
            StateInterest(actor=who, text=words, reason=rnd.choice(TEXTS), source=src),
            EditInterest(actor=who, interest=interest_no, text=words, reason=rnd.choice(TEXTS)),
        ],
        Phase.RESTATE: [
            Restate(actor=who, interest=interest_no, text=words, source=src),
            RateRestatement(
                actor=who, interest=interest_no, rating=rnd.choice(list(Rating)), correction=reason
            ),
        ],
        Phase.PROPOSALS: [
            Propose(actor=who, text=words, source=src, addresses=(interest_no,)),
            MarkInterest(actor=who, proposal=proposal_no, interest=interest_no),
        ],
        Phase.STANCES: [
            TakeStance(
                actor=who,
                proposal=proposal_no,
                kind=rnd.choice(list(StanceKind)),
                reason=reason,
                source=src,
            ),
            TakeStance(actor=who, proposal=proposal_no, kind=StanceKind.AGREE),
            Amend(actor=who, proposal=proposal_no, text=words, source=src),
        ],
    }
    return rnd.choice(moves.get(phase, [Close(actor=FAC)]))


def next_move(rnd: Random, state: CouncilState) -> Event:
    """Mostly a move that fits the round; sometimes seating, steering, timers or another round."""
    roll = rnd.random()
    if roll < 0.1:
        return round_move(rnd, state, rnd.choice(ROUNDS))
    if roll < 0.18:
        who, group = rnd.choice(PEOPLE), rnd.randrange(5)
        return rnd.choice(
            [
                JoinGroup(actor=who, group=group),
                AssignGroup(actor=FAC, member=who, group=group),
                NameSpeaker(actor=who, group=group, speaker=rnd.choice((*PEOPLE, None))),
            ]
        )
    if roll < 0.21:
        return NextRound(actor=FAC)
    if roll < 0.23:
        return rnd.choice([GoBack(actor=FAC), Extend(actor=FAC, minutes=rnd.choice((-1, 2)))])
    if roll < 0.24 and state.deadline is not None:
        return TimerExpired(actor=SYSTEM, deadline=state.deadline)
    if roll > 0.998:
        return Close(actor=FAC)
    return round_move(rnd, state, state.phase)


def check_invariants(before: CouncilState, state: CouncilState) -> None:
    members = [m for g in state.groups for m in g.members]
    assert len(members) == len(set(members)), "nobody in two groups"
    assert all(g.speaker is None or g.speaker in g.members for g in state.groups)
    assert {i.number for i in before.interests} <= {i.number for i in state.interests}
    assert all(i.reason.strip() for i in state.interests), "every interest has its reason"
    if state.assignment:
        n = len(state.groups)
        assert sorted(state.assignment) == list(range(n)), "every group is restated"
        assert all(state.assignment[g] != g for g in range(n)), "no group restates itself"
    restated = [r.interest for r in state.restatements]
    assert len(restated) == len(set(restated))
    for r in state.restatements:
        original = next(i.group for i in state.interests if i.number == r.interest)
        assert r.by_group != original and state.assignment[r.by_group] == original
    keys = [(s.proposal, s.version, s.member) for s in state.stances]
    assert len(keys) == len(set(keys)), "one stance per member and version"
    assert all(s.reason for s in state.stances if s.kind is not StanceKind.AGREE)
    for p in state.proposals:
        assert [v.version for v in p.versions] == list(range(1, len(p.versions) + 1))
        active = [g for g, group in enumerate(state.groups) if group.members]
        stances = [group_stance(state, g, p.number) for g in active]
        agreed = bool(active) and None not in stances and StanceKind.OBJECT not in stances
        assert is_agreed(state, p.number) == agreed, "stances consistent"
    assert len(state.sources) == len(set(state.sources))
    if before.phase is Phase.CLOSED:
        assert state == before, "nothing changes after close"


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=20, max_value=200))
def test_random_moves_keep_the_council_consistent(rnd: Random, length: int) -> None:
    state = council()
    for n in range(length):
        event = next_move(rnd, state)
        try:
            new = apply(state, event, NOW + timedelta(minutes=n)).state
        except FlowError:
            continue
        check_invariants(state, new)
        lands_where_the_table_says(MACHINE, state, event, new)
        state = new


# --- asking before the words are written ------------------------------------------------------


def test_open_restatements_are_the_assigned_interests_not_yet_rated() -> None:
    state = in_restate()
    restater = VERWALTUNG
    original = state.assignment[restater]
    number = next(i.number for i in state.interests if i.group == original)
    assert [i.number for i in open_restatements(state, restater)] == [number]
    state = run(state, Restate(actor=MEMBERS[restater][0], interest=number, text="Sinngemäß"))
    assert [i.number for i in open_restatements(state, restater)] == [number], "may still reword"
    rating = RateRestatement(actor=MEMBERS[original][0], interest=number, rating=Rating.UNDERSTOOD)
    state = run(state, rating)
    assert open_restatements(state, restater) == ()
    with pytest.raises(FlowError) as caught:
        may_restate(state, MEMBERS[restater][0], number)
    assert caught.value.key == "council.restatement_rated"


def test_may_restate_refuses_as_the_move_would_without_any_words() -> None:
    state = in_restate()
    own = next(i.number for i in state.interests if i.group == VERWALTUNG)
    with pytest.raises(FlowError) as caught:
        may_restate(state, MEMBERS[VERWALTUNG][0], own)
    assert caught.value.key == "council.own_group"
    restating_own = Restate(actor=MEMBERS[VERWALTUNG][0], interest=own, text="x")
    refused(state, restating_own, "council.own_group")
    with pytest.raises(FlowError) as caught:
        may_restate(state, OUTSIDER, own)
    assert caught.value.key == "council.join_first"


def test_may_rate_needs_a_member_of_the_original_group_and_a_restatement() -> None:
    state = in_restate()
    number = next(i.number for i in state.interests if i.group == POLITIK)
    with pytest.raises(FlowError) as caught:
        may_rate(state, MEMBERS[POLITIK][0], number)
    assert caught.value.key == "council.no_restatement"
    with pytest.raises(FlowError) as caught:
        may_rate(state, MEMBERS[ZIVIL][0], number)
    assert caught.value.key == "council.rate_not_your_group"


def test_may_edit_interest_only_for_the_group_that_stated_it() -> None:
    state = with_interests()
    number = next(i.number for i in state.interests if i.group == VERWALTUNG)
    assert may_edit_interest(state, MEMBERS[VERWALTUNG][1], number).number == number
    with pytest.raises(FlowError) as caught:
        may_edit_interest(state, MEMBERS[POLITIK][0], number)
    assert caught.value.key == "council.not_your_interest"


def test_may_take_stance_refuses_an_outdated_version() -> None:
    state = in_stances()
    proposal, group = may_take_stance(state, 21, 1, 1)
    assert (proposal.number, group) == (1, POLITIK)
    with pytest.raises(FlowError) as caught:
        may_take_stance(state, 21, 1, 2)
    assert caught.value.key == "council.version_changed"
