"""The rules around the draft: how people are written, guests read, minutes written, the
programme read and ordered."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.base import FlowError
from flows.minutes import MAX_MINUTES, without_command, written
from flows.people import (
    Guest,
    clean_organization,
    described,
    missing_pieces,
    named_in_part,
    parse_guest,
    parse_speaker_answer,
)
from flows.programme import Entry, Line, by_day, in_order, parse_line, parse_time


@pytest.mark.parametrize(("text", "guest"), [
    ("Dr. Uli Glaser (Stadt Nürnberg)", Guest(name="Dr. Uli Glaser",
                                              organization="Stadt Nürnberg")),
    ("Ute Bertel (Stadt München | AG-Sprecherin)",
     Guest(name="Ute Bertel", organization="Stadt München", function="AG-Sprecherin")),
    ("Gabriella Hinn | BaS | Geschäftsführung",
     Guest(name="Gabriella Hinn", organization="BaS", function="Geschäftsführung")),
    ("  Claudia   Spruch ", Guest(name="Claudia Spruch")),
    ("Stephan Willinger (Bundesinstitut – BBSR | Referent | Stadtentwicklung)",
     Guest(name="Stephan Willinger", organization="Bundesinstitut – BBSR",
           function="Referent | Stadtentwicklung")),
])
def test_a_guest_is_read_as_the_reference_writes_people(text: str, guest: Guest) -> None:
    assert parse_guest(text) == guest


@pytest.mark.parametrize("text", ["", "   ", "(Stadt Kassel)", "x" * 301])
def test_a_guest_without_a_name_or_too_long_is_refused(text: str) -> None:
    with pytest.raises(FlowError):
        parse_guest(text)


def test_people_are_described_with_organization_and_function_where_given() -> None:
    assert described("Lynn Apelt", "LandesEhrenamtsagentur Hessen", None) == (
        "Lynn Apelt (LandesEhrenamtsagentur Hessen)")
    assert described("Ute", "Stadt München", "AG-Sprecherin") == (
        "Ute (Stadt München | AG-Sprecherin)")
    assert described("Ute", None, "AG-Sprecherin") == "Ute (AG-Sprecherin)"
    assert described("Ute", None, None) == "Ute"


def test_an_organization_is_trimmed_and_must_say_something() -> None:
    assert clean_organization("  Stadt   Kassel ") == "Stadt Kassel"
    with pytest.raises(FlowError, match=r"people\.organization_missing"):
        clean_organization("\u200b ")
    with pytest.raises(FlowError, match=r"people\.too_long"):
        clean_organization("x" * 151)


def test_a_speakers_answer_for_the_part_wins_over_their_general_consent() -> None:
    assert named_in_part("named", general_consent=False)
    assert not named_in_part("declined", general_consent=True)
    assert named_in_part("pending", general_consent=True)
    assert not named_in_part("pending", general_consent=False)
    assert parse_speaker_answer("declined") == "declined"
    with pytest.raises(FlowError):
        parse_speaker_answer("maybe")


def test_what_a_draft_lacks_is_the_summary_the_impulse_and_the_moderation() -> None:
    assert missing_pieces(False, set()) == ("minutes", "impulse", "moderation")
    assert missing_pieces(True, {"impulse", "podium"}) == ("moderation",)
    assert missing_pieces(True, {"impulse", "moderation"}) == ()


def test_minutes_append_as_paragraphs_replace_and_clear() -> None:
    first = written(None, "append", "Erster Absatz.  \r\nZweite Zeile")
    assert first == "Erster Absatz.\nZweite Zeile"
    assert written(first, "append", "\n\n\nNoch einer\n\n\n\nund mehr") == (
        "Erster Absatz.\nZweite Zeile\n\nNoch einer\n\nund mehr")
    assert written(first, "replace", "Neu") == "Neu"
    assert written(first, "clear") is None


def test_minutes_need_words_and_have_a_limit() -> None:
    with pytest.raises(FlowError, match=r"minutes\.empty"):
        written("alt", "append", " \n ")
    with pytest.raises(FlowError, match=r"minutes\.too_long"):
        written("x" * (MAX_MINUTES - 3), "append", "more")


def test_the_command_is_taken_off_a_minutes_message() -> None:
    assert without_command("/minutes@werkstatt_bot Text\nmehr") == "Text\nmehr"
    assert without_command("/minutes\nErste Zeile") == "Erste Zeile"
    assert without_command(None) == ""


@pytest.mark.parametrize(("text", "line"), [
    ("1 09:30 Begrüßung Grußworte der Bürgermeisterin",
     Line(day=1, time="09:30", kind="welcome", title="Grußworte der Bürgermeisterin")),
    ("Tag 2, 14:00, Werkstatt, Kooperationen neu denken",
     Line(day=2, time="14:00", kind="workshop", title="Kooperationen neu denken")),
    ("T1 9 Uhr Keynote: Transformation der Kommunen",
     Line(day=1, time="09:00", kind="keynote", title="Transformation der Kommunen")),
    ("2 12:30-13:30 Mittagspause", Line(day=2, time="12:30", kind="break", title="")),
    ("Day 2 Closing Farewell", Line(day=2, time=None, kind="closing", title="Farewell")),
    ("1; 16.00; Podium; Zwischenresümee",
     Line(day=1, time="16:00", kind="podium", title="Zwischenresümee")),
])
def test_a_programme_line_is_read_with_or_without_commas(text: str, line: Line) -> None:
    assert parse_line(text) == line


@pytest.mark.parametrize(("text", "key"), [
    ("Begrüßung am Morgen", "programme.line_unclear"),
    ("1 09:30 Frühstück mit allen", "programme.kind_unclear"),
    ("10 09:30 Keynote Zu spät", "programme.day_unclear"),
    ("1 25:00 Keynote Nachts", "programme.time_unclear"),
    ("1 09:30 Keynote", "programme.title_missing"),
])
def test_a_programme_line_that_cannot_be_read_says_why(text: str, key: str) -> None:
    with pytest.raises(FlowError) as refused:
        parse_line(text)
    assert refused.value.key == key


def test_times_are_read_as_people_write_them() -> None:
    assert [parse_time(t) for t in ("9:30", "09.30", "9 Uhr", "14:00 Uhr", "7")] == [
        "09:30", "09:30", "09:00", "14:00", "07:00"]


entries = st.lists(st.builds(
    Entry, id=st.integers(1, 1000), day=st.integers(1, 3),
    time=st.one_of(st.none(), st.sampled_from(["09:00", "10:30", "14:00"])),
    title=st.just("x"), kind=st.just("workshop")), max_size=12)


@given(entries)
def test_the_programme_is_ordered_by_day_then_time_then_as_entered(items: list[Entry]) -> None:
    ordered = in_order(items)
    keys = [(e.day, e.time is None, e.time or "", e.id) for e in ordered]
    assert keys == sorted(keys)
    assert [e for _, group in by_day(items) for e in group] == ordered
    assert [day for day, _ in by_day(items)] == sorted({e.day for e in items})
