"""Durations as people write them, and the commands that read them: one table per question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.base import FlowError
from flows.council import model as council_models
from flows.council.parse import parse_extend as council_extend
from flows.council.parse import parse_open as council_open
from flows.council.parse import parse_round
from flows.durations import MAX_MINUTES, parse_duration, take_duration, unreadable
from flows.fishbowl import model as fishbowl_model
from flows.fishbowl.parse import parse_open as fishbowl_open
from flows.pinboard import model as pinboard_model
from flows.pinboard.parse import parse_extend as pinboard_extend
from flows.pinboard.parse import parse_open as pinboard_open
from flows.pinboard.parse import parse_vote
from locales import translator

FAC = 7
OUT_OF_RANGE = "core.duration_out_of_range"

WRITTEN = [
    ("15m", 15), ("15 m", 15), ("15 min", 15), ("15 Min.", 15), ("15min", 15), ("15Min.", 15),
    ("15 Minuten", 15), ("15 minutes", 15), ("1 minute", 1), ("15 MIN", 15),
    ("1h", 60), ("1 h", 60), ("1 Std.", 60), ("1 Std", 60), ("2 Stunden", 120), ("1 hour", 60),
    ("2 hours", 120), ("1,5 h", 90), ("1.5h", 90), ("1,5 Std.", 90), ("0,1h", 6),
    ("90s", 1.5), ("90 Sek.", 1.5), ("90 seconds", 1.5), ("30 Sekunden", 0.5),
    ("1h30m", 90), ("1h 30m", 90), ("1 Std. 30 Min.", 90), ("1 hour 30 minutes", 90),
    ("24h", MAX_MINUTES), ("1440 min", MAX_MINUTES),
]


@pytest.mark.parametrize(("text", "minutes"), WRITTEN)
def test_a_duration_is_read_in_every_way_people_write_it(text: str, minutes: float) -> None:
    assert take_duration(f"{text} Dritte Orte") == (minutes, "Dritte Orte")
    assert parse_duration(text) == minutes


@pytest.mark.parametrize("text", [
    "2 Tage Konferenz", "3 Orte gibt es überall", "3. Orte", "2030 Vision", "Dritte Orte",
    "10x Titel", "1h30 Titel", "15 Minutenpause", "-5 Grad", "1,5,7", "", "   ",
    "– 5 Minuten Pause",
])
def test_what_is_no_duration_at_the_start_is_left_as_content(text: str) -> None:
    assert take_duration(text) is None


@pytest.mark.parametrize(("text", "minutes", "rest"), [
    ("5", 5, ""), ("5 bitte", 5, "bitte"), ("1,5", 1.5, ""), ("5 Minuten", 5, ""),
])
def test_a_bare_number_is_a_duration_only_where_it_is_allowed(
    text: str, minutes: float, rest: str
) -> None:
    assert take_duration(text, bare=True) == (minutes, rest)
    assert take_duration(text) is None or rest == ""


@pytest.mark.parametrize("text", ["5 bitte", "bald", "gleich", "10x", "1h30", "5 Tage", "3."])
def test_a_whole_text_that_is_more_or_other_than_a_duration_is_none(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize("text", [
    "0", "0m", "0 Min.", "-5", "-5m", "− 5 Minuten", "0,001s", "25h", "1441 min",
    "99999999999999999999m", "9" * 5000 + "h",
])
def test_zero_negative_and_absurdly_long_durations_are_refused(text: str) -> None:
    with pytest.raises(FlowError) as caught:
        parse_duration(text)
    assert caught.value.key == OUT_OF_RANGE


def test_the_refusal_names_the_limit_in_both_languages() -> None:
    assert MAX_MINUTES == 24 * 60
    assert "einen Tag" in translator("de")(OUT_OF_RANGE)
    assert "Sie" in translator("de")(OUT_OF_RANGE)
    assert "at most a day" in translator("en")(OUT_OF_RANGE)


def test_every_format_allows_the_same_longest_timer() -> None:
    limits = {pinboard_model.MAX_MINUTES, fishbowl_model.MAX_MINUTES, council_models.MAX_MINUTES}
    assert limits == {MAX_MINUTES}


@pytest.mark.parametrize(("word", "typo"), [
    ("10x", True), ("3D", True), ("15mn", True), ("15min", False), ("3.", False),
    ("2030", False), ("Orte", False), ("2er-Gruppen", False),
])
def test_a_number_glued_to_letters_that_are_no_unit_is_a_mistyped_duration(
    word: str, typo: bool
) -> None:
    assert unreadable(word) is typo


@given(st.text(max_size=40))
def test_reading_any_text_either_finds_a_duration_or_refuses_clearly(text: str) -> None:
    try:
        taken = take_duration(text, bare=True)
    except FlowError as error:
        assert error.key == OUT_OF_RANGE
        return
    if taken is not None:
        assert 0 < taken[0] <= MAX_MINUTES
        assert text.endswith(taken[1])


# --- the commands ------------------------------------------------------------------------------

PINBOARD = [
    ("/pinboard 15 Min Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15 Min. Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15min Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 1,5 h Dritte Orte", "Dritte Orte", 90),
    ("/pinboard 2 Tage Konferenz", "2 Tage Konferenz", None),
    ("/pinboard 10 Dritte Orte", "10 Dritte Orte", None),
    ("/pinboard 3 Orte gibt es überall", "3 Orte gibt es überall", None),
    ("/pinboard 2030 Vision", "2030 Vision", None),
    ("/pinboard anonym 15 Minuten Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15 Minuten anonym Dritte Orte", "Dritte Orte", 15),
    ("/pinboard 15 Min 2 Tage Konferenz", "2 Tage Konferenz", 15),
]


@pytest.mark.parametrize(("command", "title", "minutes"), PINBOARD)
def test_the_pinboard_reads_its_timer_and_keeps_numbers_in_the_title(
    command: str, title: str, minutes: float | None
) -> None:
    event = pinboard_open(f"{command}\nWas?", FAC)
    assert (event.title, event.minutes) == (title, minutes)


@pytest.mark.parametrize(("command", "key"), [
    ("/pinboard 0 Min. Titel", OUT_OF_RANGE),
    ("/pinboard -5m Titel", OUT_OF_RANGE),
    ("/pinboard 25 Stunden Titel", OUT_OF_RANGE),
    ("/pinboard 10x Titel", "pinboard.bad_duration"),
])
def test_the_pinboard_refuses_an_unreasonable_timer(command: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        pinboard_open(f"{command}\nWas?", FAC)
    assert caught.value.key == key


FISHBOWL = [
    ("/fishbowl 3 Orte gibt es überall", 5, None, "3 Orte gibt es überall"),
    ("/fishbowl 5 Stühle 4 Min. Was nehmen wir mit?", 5, 4, "Was nehmen wir mit?"),
    ("/fishbowl chairs=5 4m Was nehmen wir mit?", 5, 4, "Was nehmen wir mit?"),
    ("/fishbowl Stühle=4 Sitzzeit=3 Thema", 4, 3, "Thema"),
    ("/fishbowl seat=90s 6 chairs Thema", 6, 1.5, "Thema"),
    ("/fishbowl 4 Min. 6 Stühle Thema", 6, 4, "Thema"),
    ("/fishbowl 5 4m Thema", 5, 4, "Thema"),
    ("/fishbowl 5 4 Minuten Thema", 5, 4, "Thema"),
    ("/fishbowl 4 Minuten Thema", 5, 4, "Thema"),
    ("/fishbowl 5 4 Thema", 5, None, "5 4 Thema"),
    ("/fishbowl 2 Tage Konferenz", 5, None, "2 Tage Konferenz"),
    ("/fishbowl 90s Kurz und knapp", 5, 1.5, "Kurz und knapp"),
]


@pytest.mark.parametrize(("command", "chairs", "minutes", "topic"), FISHBOWL)
def test_the_fishbowl_reads_named_or_unit_suffixed_chairs_and_seat_time(
    command: str, chairs: int, minutes: float | None, topic: str
) -> None:
    event = fishbowl_open(command, FAC)
    assert (event.chairs, event.seat_minutes, event.topic) == (chairs, minutes, topic)


@pytest.mark.parametrize(("command", "key"), [
    ("/fishbowl 5 Stühle", "fishbowl.no_topic"),
    ("/fishbowl 5", "fishbowl.no_topic"),
    ("/fishbowl 12 Stühle Thema", "fishbowl.chairs_out_of_range"),
    ("/fishbowl Sitzzeit=bald Thema", "fishbowl.bad_duration"),
    ("/fishbowl Sitzzeit=0 Thema", OUT_OF_RANGE),
    ("/fishbowl 5 0m Thema", OUT_OF_RANGE),
    ("/fishbowl 25h Thema", OUT_OF_RANGE),
])
def test_the_fishbowl_refuses_unreasonable_chairs_or_seat_times(command: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        fishbowl_open(command, FAC)
    assert caught.value.key == key


@pytest.mark.parametrize(("command", "question", "minutes"), [
    ("/council 15 Min. Wohin?", "Wohin?", 15),
    ("/council 15min Wohin?", "Wohin?", 15),
    ("/council 1 Std. Wohin?", "Wohin?", 60),
    ("/council 2030 Vision", "2030 Vision", None),
    ("/council 2 Tage Konferenz", "2 Tage Konferenz", None),
])
def test_the_council_reads_a_timer_only_with_a_unit(
    command: str, question: str, minutes: float | None
) -> None:
    event = council_open(f"{command}\nA\nB", FAC)
    assert (event.question, event.minutes) == (question, minutes)


@pytest.mark.parametrize(("command", "minutes"), [
    ("/extend 5", 5), ("/extend 5m", 5), ("/extend 5 Minuten", 5), ("/extend 15min", 15),
    ("/extend 1,5 h", 90), ("/extend 90 Sek.", 1.5),
])
def test_extend_takes_a_duration_with_or_without_a_unit(command: str, minutes: float) -> None:
    assert pinboard_extend(command, FAC).minutes == minutes
    assert council_extend(command, FAC).minutes == minutes
    assert parse_round(command.replace("/extend", "/round"), FAC).minutes == minutes


@pytest.mark.parametrize(("command", "key"), [
    ("/extend 5 Tage", "council.bad_duration"),
    ("/extend 0", OUT_OF_RANGE),
    ("/extend -5 Min.", OUT_OF_RANGE),
    ("/extend 1441", OUT_OF_RANGE),
])
def test_extend_refuses_what_is_no_reasonable_duration(command: str, key: str) -> None:
    with pytest.raises(FlowError) as caught:
        council_extend(command, FAC)
    assert caught.value.key == key


@pytest.mark.parametrize(("command", "per_cluster", "minutes"), [
    ("/vote 3", None, None),
    ("/vote 3 10", None, 10),
    ("/vote 3 10 Min.", None, 10),
    ("/vote 3 max 1 15min", 1, 15),
    ("/vote 3 10 Minuten max 1", 1, 10),
])
def test_the_vote_reads_its_timer_after_the_budget(
    command: str, per_cluster: int | None, minutes: float | None
) -> None:
    event = parse_vote(command, FAC)
    assert (event.budget, event.per_cluster, event.minutes) == (3, per_cluster, minutes)
