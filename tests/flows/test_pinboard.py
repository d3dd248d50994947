"""The pinboard flow: every phase transition and every illegal move, read as sentences."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import pinboard, roles
from flows.base import FORGOTTEN, SYSTEM, Event, FlowError, Step, TimerExpired, TimerWarning
from flows.pinboard import (
    AcceptSuggestion,
    AddNotes,
    Close,
    EditNotes,
    Extend,
    GroupNotes,
    HideNotes,
    MoveNote,
    OpenBoard,
    Phase,
    PinboardState,
    RenameCluster,
    RestoreNotes,
    ShowTallies,
    StartClustering,
    StartVote,
    UndoNote,
    Ungroup,
    Unvote,
    Vote,
)
from flows.pinboard import machine as pinboard_machine
from locales import catalogue
from tests.flows.tables import lands_where_the_table_says

T0 = datetime(2023, 5, 11, 14, 0, tzinfo=UTC)
FAC, ANNA, BEN, CEM = 1, 11, 12, 13
QUESTIONS = ("Was sind Dritte Orte?", "Wer trägt die Kosten?", "Was müssen wir als Kommune machen?")
ROOT = Path(__file__).resolve().parents[2]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(state: PinboardState | None, *events: Event, now: datetime = T0) -> PinboardState:
    for event in events:
        state = pinboard.apply(state, event, now).state
    assert state is not None
    return state


def refused(state: PinboardState | None, event: Event, now: datetime = T0) -> FlowError:
    with pytest.raises(FlowError) as caught:
        pinboard.apply(state, event, now)
    return caught.value


def board(minutes: float | None = None, anonymity: bool = False) -> PinboardState:
    return run(None, OpenBoard(actor=FAC, title="Dritte Orte", questions=QUESTIONS,
                               minutes=minutes, anonymity_allowed=anonymity))


def note(question: int, *texts: str, actor: int = ANNA, source: str | None = None) -> AddNotes:
    return AddNotes(actor=actor, question=question, texts=texts, source=source)


def with_notes() -> PinboardState:
    """Notes 1-2 to question 1 (Anna), 3-5 to question 2 (Ben, Anna, Cem)."""
    return run(board(), note(1, "Ohne Konsumzwang", "Nicht kommerziell", source="c:1"),
               note(2, "Träger kann jeder sein", actor=BEN, source="c:2"),
               note(2, "Hausmeister & Versicherung", source="c:3"),
               note(2, "Sachkosten", actor=CEM, source="c:4"))


def clustering() -> PinboardState:
    return run(with_notes(), StartClustering(actor=FAC))


def voting(budget: int = 3, per_cluster: int | None = None) -> PinboardState:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(4, 5)))
    return run(state, StartVote(actor=FAC, budget=budget, per_cluster=per_cluster))


# --- opening ------------------------------------------------------------------


def test_opening_a_board_starts_collecting_and_announces_it() -> None:
    step = pinboard.apply(None, OpenBoard(actor=FAC, title="Dritte Orte", questions=QUESTIONS), T0)
    assert step.state.phase == Phase.COLLECTING
    assert step.state.questions == QUESTIONS
    assert step.state.deadline is None
    assert step.effects[0].key == "pinboard.opened"
    assert step.effects[0].params == {"title": "Dritte Orte", "questions": 3}


def test_opening_with_a_duration_sets_the_deadline() -> None:
    step = pinboard.apply(None, OpenBoard(actor=FAC, title="T", questions=("Q",), minutes=10), T0)
    assert step.state.deadline == T0 + timedelta(minutes=10)
    assert step.effects[0].key == "pinboard.opened_timed"
    assert step.effects[0].params["minutes"] == 10


def test_open_command_reads_duration_title_and_one_question_per_line() -> None:
    event = pinboard.parse_open("/pinboard 10m Dritte Orte\n" + "\n".join(QUESTIONS) + "\n", FAC)
    assert (event.title, event.questions, event.minutes) == ("Dritte Orte", QUESTIONS, 10)
    assert not event.anonymity_allowed


def test_open_command_reads_the_anonymity_flag_in_any_order() -> None:
    event = pinboard.parse_open("/pinboard@werkstatt_bot 5m anonym Dritte Orte\nQ", FAC)
    assert (event.title, event.minutes, event.anonymity_allowed) == ("Dritte Orte", 5, True)


def test_a_title_starting_with_a_number_is_not_a_duration() -> None:
    event = pinboard.parse_open("/pinboard 3. Orte gibt es überall\nWo?", FAC)
    assert (event.title, event.minutes) == ("3. Orte gibt es überall", None)


def test_more_than_twelve_questions_are_refused() -> None:
    text = "/pinboard Titel\n" + "\n".join(f"Frage {n}" for n in range(13))
    with pytest.raises(FlowError) as caught:
        pinboard.parse_open(text, FAC)
    assert (caught.value.key, caught.value.params) == ("pinboard.too_many_questions", {"max": 12})
    event = OpenBoard(actor=FAC, title="T", questions=tuple("abcdefghijklm"))
    assert refused(None, event).key == "pinboard.too_many_questions"


def test_twelve_questions_are_fine() -> None:
    text = "/pinboard Titel\n" + "\n".join(f"Frage {n}" for n in range(12))
    assert len(pinboard.parse_open(text, FAC).questions) == 12


@pytest.mark.parametrize(("text", "key"), [
    ("/pinboard Titel", "pinboard.no_questions"),
    ("/pinboard 10m\nFrage", "pinboard.title_missing"),
    ("/pinboard 10x Titel\nFrage", "pinboard.bad_duration"),
    ("/pinboard 0m Titel\nFrage", "core.duration_out_of_range"),
    ("/pinboard 2000m Titel\nFrage", "core.duration_out_of_range"),
    ("/pinboard " + "T" * 201 + "\nFrage", "pinboard.title_too_long"),
    ("/pinboard Titel\n" + "F" * 301, "pinboard.question_too_long"),
])
def test_bad_open_commands_are_refused(text: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        pinboard.parse_open(text, FAC)
    assert caught.value.key == key


def test_a_second_board_while_one_is_open_is_refused() -> None:
    error = refused(board(), OpenBoard(actor=FAC, title="Noch eine", questions=("Q",)))
    assert (error.key, error.params) == ("pinboard.already_open", {"title": "Dritte Orte"})


def test_anything_but_opening_without_a_board_is_refused() -> None:
    assert refused(None, note(1, "Hallo")).key == "pinboard.no_board"


# --- adding notes -------------------------------------------------------------


def test_a_note_goes_to_its_question_with_the_next_number() -> None:
    state = run(board(), note(2, "Hausmeister & Versicherung", source="c:7"), now=at(5))
    (added,) = state.notes
    assert (added.number, added.question, added.author, added.text, added.source, added.created) \
        == (1, 2, ANNA, "Hausmeister & Versicherung", "c:7", at(5))
    assert state.next_note == 2


def test_one_message_with_several_lines_gives_several_notes_to_the_same_question() -> None:
    event = pinboard.parse_note("/note 1 Ohne Konsumzwang\n\n  Nicht kommerziell \n", ANNA,
                                questions=3, source="c:1")
    assert (event.question, event.texts) == (1, ("Ohne Konsumzwang", "Nicht kommerziell"))
    state = run(board(), event)
    assert [(n.number, n.question, n.source) for n in state.notes] == [(1, 1, "c:1"), (2, 1, "c:1")]


def test_a_reply_with_a_number_is_a_note_to_that_question() -> None:
    event = pinboard.parse_note("2 Hausmeister & Versicherung", ANNA, questions=3)
    assert (event.question, event.texts) == (2, ("Hausmeister & Versicherung",))


def test_a_note_without_number_goes_to_the_only_question() -> None:
    event = pinboard.parse_note("Soziale Knotenpunkte", ANNA, questions=1)
    assert (event.question, event.texts) == (1, ("Soziale Knotenpunkte",))


def test_the_duplicate_check_hands_the_boards_sources_on_instead_of_scanning_its_notes() -> None:
    state = run(board(), *(note(1, f"Idee {n}", source=f"c:{n}") for n in range(50)))
    sources = pinboard_machine._SOURCES.get(state)
    assert sources == {f"c:{n}" for n in range(50)}

    after = pinboard.apply(state, note(1, "Noch eine", source="c:50"), T0).state
    assert pinboard_machine._SOURCES.get(after) is sources  # the same set, one source added
    assert "c:50" in sources and pinboard_machine._SOURCES.get(state) is None
    assert refused(after, note(2, "Noch eine", source="c:50")).key == "duplicate"
    assert refused(state, note(1, "Idee 7", source="c:7")).key == "duplicate"  # derived again


def test_a_note_without_number_on_a_board_of_several_questions_asks_which() -> None:
    with pytest.raises(FlowError) as caught:
        pinboard.parse_note("Soziale Knotenpunkte", ANNA, questions=3)
    assert (caught.value.key, caught.value.params) == ("pinboard.which_question", {"count": 3})


@pytest.mark.parametrize("text", ["/note 2", "/note", "   ", "2 \u200b\u200d", "\n\n"])
def test_an_empty_note_is_refused(text: str) -> None:
    with pytest.raises(FlowError) as caught:
        pinboard.parse_note(text, ANNA, questions=3)
    assert caught.value.key == "pinboard.note_empty"
    assert refused(board(), note(1, " \u200b ")).key == "pinboard.note_empty"


def test_a_note_over_1000_characters_is_refused_naming_the_limit() -> None:
    error = refused(board(), note(1, "x" * 1001))
    assert (error.key, error.params) == ("pinboard.note_too_long", {"max": 1000, "length": 1001})
    assert run(board(), note(1, "x" * 1000)).notes[0].text == "x" * 1000


def test_a_message_with_too_many_lines_is_refused() -> None:
    assert refused(board(), note(1, *["x"] * 21)).key == "pinboard.too_many_lines"


@pytest.mark.parametrize("question", [0, 4, 99])
def test_a_question_number_that_does_not_exist_is_refused(question: int) -> None:
    error = refused(board(), note(question, "Hallo"))
    assert (error.key, error.params) == ("pinboard.unknown_question",
                                         {"number": question, "count": 3})


def test_a_note_after_collection_has_closed_is_refused() -> None:
    error = refused(clustering(), note(1, "Zu spät"))
    assert (error.key, error.params) == ("pinboard.not_now", {"phase": "clustering"})
    assert refused(run(board(), Close(actor=FAC)), note(1, "Zu spät")).key == "pinboard.not_now"


def test_the_same_message_delivered_twice_is_stored_once() -> None:
    state = run(board(), note(1, "Ohne Konsumzwang", source="c:1"))
    assert refused(state, note(1, "Ohne Konsumzwang", source="c:1")).key == "duplicate"
    assert len(state.notes) == 1


def test_an_anonymous_note_is_refused_unless_the_board_allows_it() -> None:
    anonymous = AddNotes(actor=ANNA, question=1, texts=("Leise",), anonymous=True)
    assert refused(board(), anonymous).key == "pinboard.anonymity_not_allowed"
    (kept,) = run(board(anonymity=True), anonymous).notes
    assert kept.anonymous and kept.author == ANNA


# --- editing and undo -----------------------------------------------------------


def test_editing_the_message_changes_its_note_and_keeps_the_old_wording() -> None:
    edit = EditNotes(actor=BEN, source="c:2", texts=("Träger kann jede:r sein",))
    state = run(with_notes(), edit, now=at(30))
    edited = state.notes[2]
    assert (edited.number, edited.text) == (3, "Träger kann jede:r sein")
    assert [(e.text, e.at) for e in edited.edits] == [("Träger kann jeder sein", at(30))]


def test_editing_to_more_lines_adds_notes_and_to_fewer_lines_removes_them() -> None:
    state = run(with_notes(), EditNotes(actor=ANNA, source="c:1",
                                        texts=("Ohne Konsumzwang", "Nicht kommerziell", "Offen")))
    assert [(n.number, n.text, n.question) for n in state.notes if n.source == "c:1"] == [
        (1, "Ohne Konsumzwang", 1), (2, "Nicht kommerziell", 1), (6, "Offen", 1)]
    state = run(state, EditNotes(actor=ANNA, source="c:1", texts=("Ohne Konsumzwang",)))
    assert [n.number for n in state.notes if n.source == "c:1"] == [1]
    assert state.next_note == 7


def test_edit_lines_drop_a_leading_question_number() -> None:
    assert pinboard.note_lines("2 Hausmeister\nVersicherung") == ("Hausmeister", "Versicherung")


def test_editing_someone_elses_note_is_refused() -> None:
    event = EditNotes(actor=ANNA, source="c:2", texts=("Meins",))
    assert refused(with_notes(), event).key == "pinboard.not_your_note"


def test_an_edit_that_changes_nothing_is_refused() -> None:
    event = EditNotes(actor=BEN, source="c:2", texts=("Träger kann jeder sein",))
    assert refused(with_notes(), event).key == "pinboard.note_unchanged"


def test_editing_an_unknown_message_is_refused() -> None:
    event = EditNotes(actor=BEN, source="c:99", texts=("Neu",))
    assert refused(with_notes(), event).key == "pinboard.unknown_source"


def test_an_edit_to_empty_or_too_long_text_is_refused() -> None:
    assert refused(with_notes(), EditNotes(actor=BEN, source="c:2", texts=())).key \
        == "pinboard.note_empty"
    assert refused(with_notes(), EditNotes(actor=BEN, source="c:2", texts=("x" * 1001,))).key \
        == "pinboard.note_too_long"


def test_an_edit_after_collection_is_refused() -> None:
    event = EditNotes(actor=BEN, source="c:2", texts=("Neu",))
    assert refused(clustering(), event).key == "pinboard.not_now"


def test_undo_withdraws_the_authors_last_note_and_its_number_is_not_given_again() -> None:
    step = pinboard.apply(with_notes(), UndoNote(actor=ANNA), T0)
    assert [n.number for n in step.state.notes] == [1, 2, 3, 5]
    assert step.effects[0].key == "pinboard.undone" and step.effects[0].to == ANNA
    state = run(step.state, note(1, "Neu", actor=BEN))
    assert state.notes[-1].number == 6


def test_a_message_delivered_again_after_undo_is_a_duplicate() -> None:
    state = run(with_notes(), UndoNote(actor=ANNA))
    assert refused(state, note(2, "Hausmeister & Versicherung", source="c:3")).key == "duplicate"
    edit = EditNotes(actor=ANNA, source="c:3", texts=("x",))
    assert refused(state, edit).key == "pinboard.note_withdrawn"


def test_undo_without_a_note_is_refused() -> None:
    assert refused(board(), UndoNote(actor=ANNA)).key == "pinboard.nothing_to_undo"


def test_undo_after_collection_is_refused() -> None:
    assert refused(clustering(), UndoNote(actor=ANNA)).key == "pinboard.not_now"


# --- hiding -----------------------------------------------------------------------


def test_a_hidden_note_stays_stored_but_is_left_out_of_counts_and_options() -> None:
    state = run(with_notes(), HideNotes(actor=FAC, numbers=(4,)))
    assert [n.number for n in state.notes] == [1, 2, 3, 4, 5]
    assert pinboard.note_counts(state) == (2, 2, 0)
    assert [o.key for o in pinboard.options(state, 2)] == ["n3", "n5"]


def test_a_restored_note_counts_again() -> None:
    state = run(with_notes(), HideNotes(actor=FAC, numbers=(4,)),
                RestoreNotes(actor=FAC, numbers=(4,)))
    assert pinboard.note_counts(state) == (2, 3, 0)


def test_hide_command_reads_note_numbers() -> None:
    assert pinboard.parse_hide("/hide 4, 5", FAC) == HideNotes(actor=FAC, numbers=(4, 5))
    restore = pinboard.parse_hide("/hide 4", FAC, restore=True)
    assert restore == RestoreNotes(actor=FAC, numbers=(4,))
    with pytest.raises(FlowError, match=r"pinboard\.numbers_format"):
        pinboard.parse_hide("/hide vier", FAC)


@pytest.mark.parametrize(("event", "key"), [
    (HideNotes(actor=FAC, numbers=(9,)), "pinboard.unknown_note"),
    (RestoreNotes(actor=FAC, numbers=(4,)), "pinboard.not_hidden"),
    (HideNotes(actor=FAC, numbers=(4, 4)), "pinboard.already_hidden"),
])
def test_bad_hide_and_restore_are_refused(event: Event, key: str) -> None:
    state = with_notes()
    if key == "pinboard.already_hidden":
        state = run(state, HideNotes(actor=FAC, numbers=(4,)))
    assert refused(state, event).key == key


def test_hiding_works_after_close_so_the_draft_can_leave_a_note_out() -> None:
    state = run(with_notes(), Close(actor=FAC), HideNotes(actor=FAC, numbers=(1,)))
    assert [n.number for n in pinboard.result(state)[0].notes] == [2]


# --- timers ---------------------------------------------------------------------------


def test_a_warning_one_minute_before_the_deadline_is_announced() -> None:
    state = board(minutes=10)
    assert state.deadline is not None
    step = pinboard.apply(state, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(540))
    assert step.state == state
    assert step.effects[0].key == "pinboard.collection_ends_soon"


def test_a_stale_timer_is_ignored() -> None:
    state = run(board(minutes=10), Extend(actor=FAC, minutes=5))
    for timer in (TimerWarning, TimerExpired):
        step = pinboard.apply(state, timer(actor=SYSTEM, deadline=T0 + timedelta(minutes=10)),
                              at(600))
        assert step == Step(state=state)


def test_the_end_of_the_duration_ends_collection_and_starts_clustering() -> None:
    state = board(minutes=10)
    assert state.deadline is not None
    step = pinboard.apply(state, TimerExpired(actor=SYSTEM, deadline=state.deadline), at(600))
    assert (step.state.phase, step.state.deadline) == (Phase.CLUSTERING, None)
    assert step.effects[0].key == "pinboard.collection_ended"
    assert refused(step.state, note(1, "Zu spät")).key == "pinboard.not_now"


def test_extend_lengthens_the_running_timer() -> None:
    step = pinboard.apply(board(minutes=10), Extend(actor=FAC, minutes=5), at(60))
    assert step.state.deadline == T0 + timedelta(minutes=15)
    assert step.effects[0].params == {"minutes": 5, "left": 14}


def test_extend_without_a_timer_starts_one() -> None:
    state = run(board(), Extend(actor=FAC, minutes=5), now=at(60))
    assert state.deadline == at(60) + timedelta(minutes=5)


def test_extend_while_grouping_is_refused() -> None:
    assert refused(clustering(), Extend(actor=FAC, minutes=5)).key == "pinboard.not_now"


def test_extend_command_needs_a_duration() -> None:
    assert pinboard.parse_extend("/extend 5m", FAC) == Extend(actor=FAC, minutes=5)
    for text in ("/extend", "/extend bald"):
        with pytest.raises(FlowError, match=r"pinboard\.bad_duration"):
            pinboard.parse_extend(text, FAC)
    with pytest.raises(FlowError, match=r"core\.duration_out_of_range"):
        pinboard.parse_extend("/extend 0", FAC)
    assert refused(board(), Extend(actor=FAC, minutes=-1)).key == "pinboard.bad_duration"


def test_the_end_of_a_timed_vote_closes_the_board() -> None:
    state = run(clustering(), StartVote(actor=FAC, budget=2, minutes=3))
    assert state.deadline == T0 + timedelta(minutes=3)
    warning = pinboard.apply(state, TimerWarning(actor=SYSTEM, deadline=state.deadline), at(120))
    assert warning.effects[0].key == "pinboard.vote_ends_soon"
    step = pinboard.apply(state, TimerExpired(actor=SYSTEM, deadline=state.deadline), at(180))
    assert (step.state.phase, step.state.closed_at) == (Phase.CLOSED, at(180))
    assert step.effects[0].key == "pinboard.closed"


# --- closing --------------------------------------------------------------------------


@pytest.mark.parametrize("make", [with_notes, clustering, voting])
def test_close_ends_the_board_from_every_open_phase(make: Callable[[], PinboardState]) -> None:
    step = pinboard.apply(make(), Close(actor=FAC), at(900))
    assert (step.state.phase, step.state.deadline, step.state.closed_at) \
        == (Phase.CLOSED, None, at(900))
    assert step.effects[0].key == "pinboard.closed"
    assert step.effects[0].params == {"title": "Dritte Orte", "notes": 5}
    assert [m.phase for m in step.state.history][-1] == Phase.CLOSED


def test_closing_a_closed_board_is_refused() -> None:
    assert refused(run(board(), Close(actor=FAC)), Close(actor=FAC)).key == "pinboard.not_now"


# --- clustering -------------------------------------------------------------------------


def test_cluster_command_moves_the_board_to_grouping_and_stops_the_timer() -> None:
    step = pinboard.apply(run(with_notes(), Extend(actor=FAC, minutes=5)),
                          StartClustering(actor=FAC), T0)
    assert (step.state.phase, step.state.deadline) == (Phase.CLUSTERING, None)
    assert step.effects[0].params == {"notes": 5}


def test_grouping_text_is_parsed_as_a_name_and_note_numbers() -> None:
    assert pinboard.parse_grouping("Kosten: 3 5 7") == ("Kosten", (3, 5, 7))
    assert pinboard.parse_grouping(" Träger: Kosten: 3,5, 5 ") == ("Träger: Kosten", (3, 5))


@pytest.mark.parametrize(("text", "key"), [
    ("Kosten 3 5 7", "pinboard.grouping_format"),
    (": 3 5", "pinboard.cluster_name_empty"),
    ("Kosten:", "pinboard.numbers_missing"),
    ("Kosten: drei", "pinboard.numbers_format"),
    ("K" * 101 + ": 3", "pinboard.cluster_name_too_long"),
])
def test_bad_grouping_text_is_refused(text: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        pinboard.parse_grouping(text)
    assert caught.value.key == key


def test_short_cluster_commands_are_parsed() -> None:
    parse = pinboard.parse_cluster_command
    assert parse("Kosten: 4 5", FAC) == GroupNotes(actor=FAC, name="Kosten", notes=(4, 5))
    assert parse("/cluster rename 2 Finanzen", FAC) == RenameCluster(actor=FAC, cluster=2,
                                                                       name="Finanzen")
    assert parse("verschieben 7 2", FAC) == MoveNote(actor=FAC, note=7, cluster=2)
    assert parse("raus 7", FAC) == MoveNote(actor=FAC, note=7, cluster=None)
    assert parse("ungroup 2", FAC) == Ungroup(actor=FAC, cluster=2)
    with pytest.raises(FlowError, match=r"pinboard\.move_format"):
        parse("move 7", FAC)


def test_grouping_creates_a_named_cluster_numbered_per_board() -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(5, 4)),
                GroupNotes(actor=FAC, name="Zugang", notes=(1, 2)))
    assert [(c.number, c.question, c.name, c.notes) for c in state.clusters] == [
        (1, 2, "Kosten", (4, 5)), (2, 1, "Zugang", (1, 2))]


def test_grouping_under_an_existing_name_adds_to_it_and_takes_notes_from_other_clusters() -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(4,)),
                GroupNotes(actor=FAC, name="Träger", notes=(3, 5)),
                GroupNotes(actor=FAC, name="kosten", notes=(5,)))
    assert [(c.name, c.notes) for c in state.clusters] == [("Kosten", (4, 5)), ("Träger", (3,))]


def test_a_cluster_emptied_by_grouping_disappears() -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="A", notes=(4,)),
                GroupNotes(actor=FAC, name="B", notes=(4, 5)))
    assert [(c.name, c.notes) for c in state.clusters] == [("B", (4, 5))]


@pytest.mark.parametrize(("event", "key"), [
    (GroupNotes(actor=FAC, name="Mix", notes=(1, 3)), "pinboard.mixed_questions"),
    (GroupNotes(actor=FAC, name="X", notes=(9,)), "pinboard.unknown_note"),
    (GroupNotes(actor=FAC, name="Kosten", notes=(4,)), "pinboard.grouping_unchanged"),
    (GroupNotes(actor=FAC, name=" ", notes=(3,)), "pinboard.cluster_name_empty"),
    (RenameCluster(actor=FAC, cluster=9, name="X"), "pinboard.unknown_cluster"),
    (RenameCluster(actor=FAC, cluster=1, name="träger"), "pinboard.cluster_name_taken"),
    (MoveNote(actor=FAC, note=1, cluster=1), "pinboard.other_question"),
    (MoveNote(actor=FAC, note=4, cluster=1), "pinboard.note_already_there"),
    (MoveNote(actor=FAC, note=1, cluster=None), "pinboard.note_not_grouped"),
    (MoveNote(actor=FAC, note=9, cluster=None), "pinboard.unknown_note"),
    (Ungroup(actor=FAC, cluster=9), "pinboard.unknown_cluster"),
    (AcceptSuggestion(actor=FAC, name="K", notes=(4, 5)), "pinboard.suggestion_stale"),
])
def test_bad_cluster_moves_are_refused(event: Event, key: str) -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(4, 5)),
                GroupNotes(actor=FAC, name="Träger", notes=(3,)))
    assert refused(state, event).key == key


def test_renaming_moving_and_ungrouping_reshape_the_clusters() -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(4, 5)),
                GroupNotes(actor=FAC, name="Träger", notes=(3,)),
                RenameCluster(actor=FAC, cluster=1, name="Finanzen"),
                MoveNote(actor=FAC, note=5, cluster=2))
    assert [(c.name, c.notes) for c in state.clusters] == [("Finanzen", (4,)), ("Träger", (3, 5))]
    state = run(state, MoveNote(actor=FAC, note=4, cluster=None), Ungroup(actor=FAC, cluster=2))
    assert state.clusters == ()


def test_ungrouped_notes_count_as_their_own_cluster() -> None:
    state = run(clustering(), GroupNotes(actor=FAC, name="Kosten", notes=(4, 5)))
    assert [(o.key, o.name, [n.number for n in o.notes]) for o in pinboard.options(state, 2)] == [
        ("n3", None, [3]), ("c1", "Kosten", [4, 5])]


def test_accepting_a_suggestion_makes_it_a_cluster() -> None:
    state = run(clustering(), AcceptSuggestion(actor=FAC, name="Kosten", notes=(4, 5)))
    assert [(c.name, c.notes) for c in state.clusters] == [("Kosten", (4, 5))]


def test_grouping_while_collecting_is_refused() -> None:
    event = GroupNotes(actor=FAC, name="Kosten", notes=(4, 5))
    assert refused(with_notes(), event).key == "pinboard.not_now"


# --- dot-vote ---------------------------------------------------------------------------


def test_vote_command_reads_budget_cap_and_duration() -> None:
    assert pinboard.parse_vote("/vote 3", FAC) == StartVote(actor=FAC, budget=3)
    assert pinboard.parse_vote("/vote 5 max 2 10m", FAC) == StartVote(
        actor=FAC, budget=5, per_cluster=2, minutes=10)


@pytest.mark.parametrize(("text", "key"), [
    ("/vote", "pinboard.budget_missing"),
    ("/vote drei", "pinboard.budget_missing"),
    ("/vote 0", "pinboard.budget_out_of_range"),
    ("/vote 13", "pinboard.budget_out_of_range"),
    ("/vote 3 max 4", "pinboard.per_cluster_out_of_range"),
    ("/vote 3 bitte", "pinboard.vote_format"),
    ("/vote 3 10x", "pinboard.bad_duration"),
])
def test_bad_vote_commands_are_refused(text: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        pinboard.parse_vote(text, FAC)
    assert caught.value.key == key


def test_starting_the_vote_gives_everyone_the_budget() -> None:
    step = pinboard.apply(clustering(), StartVote(actor=FAC, budget=3, per_cluster=1), T0)
    assert (step.state.phase, step.state.budget, step.state.per_cluster) == (Phase.VOTING, 3, 1)
    assert step.effects[0].key == "pinboard.voting_started_limited"
    assert step.effects[0].params == {"budget": 3, "max": 1}
    assert pinboard.dots_left(step.state, CEM) == 3


def test_a_vote_can_start_straight_from_collecting() -> None:
    assert run(with_notes(), StartVote(actor=FAC, budget=2)).phase == Phase.VOTING


def test_a_vote_without_notes_or_with_a_bad_budget_is_refused() -> None:
    assert refused(board(), StartVote(actor=FAC, budget=3)).key == "pinboard.nothing_to_vote"
    assert refused(with_notes(), StartVote(actor=FAC, budget=13)).key \
        == "pinboard.budget_out_of_range"


def test_dots_are_placed_until_the_budget_is_spent() -> None:
    state = run(voting(budget=2), Vote(actor=ANNA, option="c1"), Vote(actor=ANNA, option="n3"))
    assert pinboard.dots_of(state, ANNA) == {"c1": 1, "n3": 1}
    error = refused(state, Vote(actor=ANNA, option="n1"))
    assert (error.key, error.params) == ("pinboard.budget_spent", {"budget": 2})


def test_a_double_tap_on_a_vote_button_is_refused_kindly() -> None:
    state = run(voting(), Vote(actor=ANNA, option="c1"), now=at(10))
    error = refused(state, Vote(actor=ANNA, option="c1"), now=at(11))
    assert (error.key, error.params) == ("pinboard.vote_unchanged", {"dots": 1})
    assert pinboard.dots_of(run(state, Vote(actor=ANNA, option="c1"), now=at(20)), ANNA) \
        == {"c1": 2}


def test_with_one_dot_per_cluster_a_second_tap_is_always_a_double_tap() -> None:
    state = run(voting(per_cluster=1), Vote(actor=ANNA, option="c1"), now=at(10))
    assert refused(state, Vote(actor=ANNA, option="c1"), now=at(90)).key \
        == "pinboard.vote_unchanged"


def test_the_cap_per_cluster_is_respected() -> None:
    state = run(voting(per_cluster=2), Vote(actor=ANNA, option="c1"), now=at(10))
    state = run(state, Vote(actor=ANNA, option="c1"), now=at(20))
    error = refused(state, Vote(actor=ANNA, option="c1"), now=at(30))
    assert (error.key, error.params) == ("pinboard.cluster_limit", {"max": 2})


def test_moving_a_dot_is_taking_it_back_and_placing_it_again() -> None:
    state = run(voting(budget=1), Vote(actor=ANNA, option="c1"), Unvote(actor=ANNA, option="c1"),
                Vote(actor=ANNA, option="n3"))
    assert pinboard.dots_of(state, ANNA) == {"n3": 1}


def test_taking_back_a_dot_that_is_not_there_is_refused() -> None:
    assert refused(voting(), Unvote(actor=ANNA, option="c1")).key == "pinboard.no_dot_there"


@pytest.mark.parametrize("option", ["c9", "n4", "x", "n1; DROP TABLE"])
def test_a_forged_or_stale_option_is_refused(option: str) -> None:
    assert refused(voting(), Vote(actor=ANNA, option=option)).key == "pinboard.unknown_option"


def test_a_vote_on_a_hidden_note_is_refused() -> None:
    state = run(voting(), HideNotes(actor=FAC, numbers=(3,)))
    assert refused(state, Vote(actor=ANNA, option="n3")).key == "pinboard.unknown_option"


def test_a_vote_before_voting_or_after_close_is_refused() -> None:
    assert refused(clustering(), Vote(actor=ANNA, option="n1")).key == "pinboard.not_now"
    late = refused(run(voting(), Close(actor=FAC)), Vote(actor=ANNA, option="c1"))
    assert (late.key, late.params) == ("pinboard.not_now", {"phase": "closed"})


def test_the_same_button_press_delivered_twice_counts_once() -> None:
    state = run(voting(), Vote(actor=ANNA, option="c1", source="cb:1"), now=at(10))
    assert refused(state, Vote(actor=ANNA, option="c1", source="cb:1"), at(30)).key == "duplicate"


def test_tallies_stay_hidden_until_the_facilitator_shows_them() -> None:
    state = run(voting(), Vote(actor=ANNA, option="c1"))
    assert pinboard.visible_tallies(state) is None
    step = pinboard.apply(state, ShowTallies(actor=FAC), T0)
    assert step.effects[0].key == "pinboard.tallies_shown"
    assert pinboard.visible_tallies(step.state) == {"c1": 1}
    assert refused(step.state, ShowTallies(actor=FAC)).key == "pinboard.tallies_already_shown"
    assert pinboard.visible_tallies(run(state, Close(actor=FAC))) == {"c1": 1}


# --- result -------------------------------------------------------------------------------


def test_the_result_ranks_clusters_by_dots_with_their_notes_and_leaves_hidden_notes_out() -> None:
    state = run(voting(budget=3), Vote(actor=ANNA, option="n3"), Vote(actor=BEN, option="c1"),
                Vote(actor=CEM, option="c1"), Vote(actor=CEM, option="n2"),
                HideNotes(actor=FAC, numbers=(5,)), Close(actor=FAC))
    first, second, third = pinboard.result(state)
    assert [(o.key, o.dots, [n.text for n in o.notes]) for o in second.options] == [
        ("c1", 2, ["Hausmeister & Versicherung"]), ("n3", 1, ["Träger kann jeder sein"])]
    assert [(o.key, o.dots) for o in first.options] == [("n2", 1), ("n1", 0)]
    assert [n.number for n in second.notes] == [3, 4]
    assert (third.text, third.notes, third.options) == (QUESTIONS[2], (), ())


# --- roles, privacy, catalogue ----------------------------------------------------------------


EVENTS = [OpenBoard, AddNotes, EditNotes, UndoNote, HideNotes, RestoreNotes, StartClustering,
          GroupNotes, AcceptSuggestion, RenameCluster, MoveNote, Ungroup, StartVote, ShowTallies,
          Vote, Unvote, Extend, Close, TimerWarning, TimerExpired]


def test_every_event_has_declared_roles() -> None:
    declared = roles.matrix()
    assert all(event in declared for event in EVENTS)
    assert declared[AddNotes] == roles.TAKE_PART and declared[Vote] == roles.TAKE_PART
    assert declared[GroupNotes] == roles.STEER and declared[Close] == roles.STEER
    assert declared[TimerExpired] == frozenset()


def test_participants_may_not_steer_and_outsiders_may_not_vote() -> None:
    with pytest.raises(FlowError, match="not_allowed"):
        roles.require(HideNotes(actor=ANNA, numbers=(1,)), roles.Role.PARTICIPANT)
    with pytest.raises(FlowError, match="not_allowed"):
        roles.require(Vote(actor=ANNA, option="c1"), roles.Role.OUTSIDER)
    roles.require(Vote(actor=ANNA, option="c1"), roles.Role.PARTICIPANT)


def test_forgetting_with_erasure_removes_the_persons_notes_and_dots() -> None:
    state = run(voting(), Vote(actor=ANNA, option="n1"), Vote(actor=ANNA, option="c1"),
                Vote(actor=BEN, option="c1"), Vote(actor=CEM, option="n2"))
    forgotten = pinboard.forget(state, ANNA, erase=True)
    assert [n.number for n in forgotten.notes] == [3, 5]
    assert [(c.name, c.notes) for c in forgotten.clusters] == [("Kosten", (5,))]
    assert [(d.voter, d.option) for d in forgotten.dots] == [(BEN, "c1")]
    assert refused(run(forgotten, Close(actor=FAC)), Close(actor=FAC)).key == "pinboard.not_now"


def test_forgetting_without_erasure_keeps_the_words_but_not_the_person() -> None:
    state = run(voting(), Vote(actor=ANNA, option="c1"))
    forgotten = pinboard.forget(state, ANNA, erase=False)
    assert [n.author for n in forgotten.notes] == [FORGOTTEN, FORGOTTEN, BEN, FORGOTTEN, CEM]
    assert [n.text for n in forgotten.notes] == [n.text for n in state.notes]
    assert [d.voter for d in forgotten.dots] == [FORGOTTEN]
    assert pinboard.forget(state, FAC, erase=False).opened_by == FORGOTTEN


def _catalogue(language: str) -> dict[str, str]:
    """The pinboard's messages; a plural message as its forms together (placeholders compare)."""
    return {key: " ".join(text) if isinstance(text, tuple) else text
            for key, text in catalogue(language).items() if key.startswith("pinboard.")}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_is_in_both_catalogues_with_the_same_placeholders() -> None:
    german, english = _catalogue("de"), _catalogue("en")
    assert german.keys() == english.keys()
    for key in german:
        assert _placeholders(german[key]) == _placeholders(english[key]), key
    sources = "".join(p.read_text() for p in (ROOT / "flows").glob("pinboard*.py"))
    used = set(re.findall(r'"(pinboard\.[a-z_.]+)"', sources))
    assert used <= german.keys()
    assert {f"pinboard.phase.{phase}" for phase in Phase} <= german.keys()


# --- properties: random sequences of legal and illegal events -------------------------------

PEOPLE = st.sampled_from([FAC, ANNA, BEN, CEM])
NUMBERS = st.lists(st.integers(0, 9), min_size=1, max_size=3).map(tuple)
GOOD_TEXTS = st.lists(st.sampled_from(["Kosten", "Träger", "Raum", "Mittel"]), min_size=1,
                      max_size=3).map(tuple)
TEXTS = GOOD_TEXTS | st.lists(st.sampled_from([" ", "x" * 1001, "Raum", "\u200b"]),
                              max_size=3).map(tuple)
SOURCES = st.none() | st.sampled_from(["m:1", "m:2", "m:3", "m:4"])
OPTIONS = st.sampled_from(["c1", "c2", "c3", "n1", "n2", "n3", "n4", "n5", "n6", "zz"])
CURRENT = object()
"""Stands for a timer event for the state's current deadline."""

ADD = st.builds(AddNotes, actor=PEOPLE, question=st.integers(0, 4), texts=TEXTS, source=SOURCES)
GROUP = st.builds(GroupNotes, actor=PEOPLE, name=st.sampled_from(["A", "a", "B", ""]),
                  notes=NUMBERS)
VOTE = st.builds(Vote, actor=PEOPLE, option=OPTIONS, source=st.none() | st.just("b:1"))
UNVOTE = st.builds(Unvote, actor=PEOPLE, option=OPTIONS)
ENDING = st.one_of(
    st.builds(Close, actor=PEOPLE),
    st.tuples(st.sampled_from([TimerWarning, TimerExpired]), st.just(CURRENT)),
    st.builds(TimerExpired, actor=st.just(SYSTEM), deadline=st.just(T0)),
)
EVENT_STRATEGY = st.one_of(
    ADD, ADD, ADD,
    st.builds(EditNotes, actor=PEOPLE, source=st.sampled_from(["m:1", "m:2"]), texts=TEXTS),
    st.builds(UndoNote, actor=PEOPLE),
    st.builds(HideNotes, actor=PEOPLE, numbers=NUMBERS),
    st.builds(RestoreNotes, actor=PEOPLE, numbers=NUMBERS),
    st.builds(StartClustering, actor=PEOPLE),
    GROUP, GROUP, GROUP,
    st.builds(AcceptSuggestion, actor=PEOPLE, name=st.sampled_from(["S", "A"]), notes=NUMBERS),
    st.builds(RenameCluster, actor=PEOPLE, cluster=st.integers(0, 3),
              name=st.sampled_from(["A", "B", "C"])),
    st.builds(MoveNote, actor=PEOPLE, note=st.integers(0, 9),
              cluster=st.none() | st.integers(1, 3)),
    st.builds(Ungroup, actor=PEOPLE, cluster=st.integers(0, 3)),
    st.builds(StartVote, actor=PEOPLE, budget=st.integers(0, 13),
              per_cluster=st.none() | st.integers(0, 3), minutes=st.none() | st.just(5.0)),
    st.builds(ShowTallies, actor=PEOPLE),
    VOTE, VOTE, VOTE, VOTE, VOTE, UNVOTE, UNVOTE,
    st.builds(Extend, actor=PEOPLE, minutes=st.sampled_from([-1.0, 1.0, 5.0])),
    ENDING,
)
OPENING = st.lists(st.builds(AddNotes, actor=PEOPLE, question=st.integers(1, 3),
                             texts=GOOD_TEXTS, source=SOURCES), max_size=6)
ORDER = list(Phase)


def _concrete(drawn: object, state: PinboardState) -> Event:
    if isinstance(drawn, tuple):
        timer, _ = drawn
        return timer(actor=SYSTEM, deadline=state.deadline or T0)  # type: ignore[no-any-return]
    assert isinstance(drawn, Event)
    return drawn


def _check_invariants(state: PinboardState) -> None:
    numbers = [n.number for n in state.notes]
    assert numbers == sorted(set(numbers)) and all(n < state.next_note for n in numbers)
    by_number = {n.number: n for n in state.notes}
    grouped = [n for c in state.clusters for n in c.notes]
    assert len(grouped) == len(set(grouped)), "a note is in two clusters"
    for cluster in state.clusters:
        assert cluster.notes and all(by_number[n].question == cluster.question
                                     for n in cluster.notes)
    names = [(c.question, c.name.casefold()) for c in state.clusters]
    assert len(names) == len(set(names))
    for voter in {d.voter for d in state.dots}:
        mine = [d.option for d in state.dots if d.voter == voter]
        assert len(mine) <= (state.budget or 0), "dot budget exceeded"
        if state.per_cluster is not None:
            assert max(mine.count(o) for o in mine) <= state.per_cluster
    if state.phase in (Phase.CLUSTERING, Phase.CLOSED):
        assert state.deadline is None
    shown = {n.number for r in pinboard.result(state) for n in r.notes}
    assert shown == {n.number for n in state.notes if not n.hidden}


def _moves(favoured: st.SearchStrategy[Event]) -> st.SearchStrategy[list[tuple[object, int]]]:
    mixed = st.integers(0, 3).flatmap(lambda n: favoured if n else EVENT_STRATEGY)
    return st.lists(st.tuples(mixed, st.integers(0, 30)), max_size=15)


SEQUENCES = st.tuples(
    OPENING.map(lambda events: [(event, 1) for event in events]),
    _moves(ADD),
    st.just([(StartClustering(actor=FAC), 1)]),
    _moves(GROUP | st.builds(MoveNote, actor=PEOPLE, note=st.integers(1, 9),
                             cluster=st.none() | st.integers(1, 3))),
    st.builds(StartVote, actor=st.just(FAC), budget=st.integers(1, 4),
              per_cluster=st.none() | st.integers(1, 2)).map(lambda event: [(event, 1)]),
    _moves(VOTE | UNVOTE),
).map(lambda parts: [move for part in parts for move in part])


@settings(max_examples=300, deadline=None)
@given(SEQUENCES)
def test_random_sequences_keep_every_accepted_note_and_respect_the_budgets(
    moves: list[tuple[object, int]],
) -> None:
    known = _catalogue("de").keys() | {"duplicate"}
    state = board(minutes=10)
    now = T0
    for drawn, seconds in moves:
        now += timedelta(seconds=seconds)
        event = _concrete(drawn, state)
        try:
            step = pinboard.apply(state, event, now)
        except FlowError as error:
            assert error.key in known
            continue
        before = {n.number for n in state.notes}
        lost = before - {n.number for n in step.state.notes}
        if isinstance(event, UndoNote):
            assert lost == {max(n.number for n in state.notes if n.author == event.actor)}
        elif isinstance(event, EditNotes):
            assert all(n.source == event.source for n in state.notes if n.number in lost)
        else:
            assert not lost, f"{type(event).__name__} lost notes {lost}"
        assert ORDER.index(step.state.phase) >= ORDER.index(state.phase)
        lands_where_the_table_says(pinboard.MACHINE, state, event, step.state)
        state = step.state
        _check_invariants(state)
    for person in (ANNA, BEN):
        _check_invariants(pinboard.forget(state, person, erase=True))
        _check_invariants(pinboard.forget(state, person, erase=False))


def test_a_note_with_nothing_visible_in_it_is_refused() -> None:
    board = pinboard.apply(None, pinboard.parse_open("/pinboard Dritte Orte\nWas?", 1), T0).state
    for invisible in ("\u200e", "\u202e\u2066", "\x00", "\u0301"):
        with pytest.raises(FlowError):
            pinboard.apply(board, AddNotes(actor=5, question=1, texts=(invisible,)), T0)


def test_a_dot_on_a_note_hidden_during_the_vote_can_be_placed_again() -> None:
    board = pinboard.apply(None, pinboard.parse_open("/pinboard Dritte Orte\nWas?", 1), T0).state
    for number, text in enumerate(("Ohne Konsumzwang", "Soziale Knotenpunkte")):
        board = pinboard.apply(board, AddNotes(actor=5 + number, question=1, texts=(text,)),
                      T0).state
    board = pinboard.apply(board, StartVote(actor=1, budget=1), T0).state
    board = pinboard.apply(board, Vote(actor=9, option="n1", source="cb:1"), T0).state
    board = pinboard.apply(board, HideNotes(actor=1, numbers=(1,)), T0).state
    board = pinboard.apply(board, Vote(actor=9, option="n2", source="cb:2"), T0).state
    assert [dot.option for dot in board.dots if dot.voter == 9][-1] == "n2"


def test_the_back_button_takes_back_the_latest_dot_of_that_person() -> None:
    state = run(voting(), Vote(actor=ANNA, option="n1"), Vote(actor=BEN, option="n2"),
                Vote(actor=ANNA, option="c1"))
    assert pinboard.latest_dot(state, ANNA) == "c1"
    assert pinboard.latest_dot(state, BEN) == "n2"
    with pytest.raises(FlowError) as caught:
        pinboard.latest_dot(state, CEM)
    assert caught.value.key == "pinboard.no_dots_yet"
