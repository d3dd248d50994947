"""The fishbowl protocol in the draft: seats with times, speaking time tables, points, consent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from drafts import (
    SECTIONS,
    Block,
    DraftInput,
    EventInfo,
    Heading,
    Names,
    Paragraph,
    PersonInfo,
    RoundInput,
    SessionInput,
    build_document,
    render_markdown,
)
from drafts.fishbowl import fishbowl_section
from flows import fishbowl as fb
from flows.base import Event
from locales import translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, bullets, tables

T0 = datetime(2023, 5, 12, 12, 0, tzinfo=UTC)
"""14:00 in Kassel."""
FAC, NOTES, ANNA, BEN, CEM = 1, 2, 11, 12, 13
PEOPLE = {
    ANNA: PersonInfo(name="Anna Abel", sector="municipal", consent=True, registered=True),
    BEN: PersonInfo(name="Ben Berg", sector="civil_society", consent=False, registered=True),
    CEM: PersonInfo(name="Cem Cakir", sector=None, consent=True, registered=True),
}


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def play(*moves: tuple[float, Event]) -> fb.FishbowlState:
    """Open a fishbowl at 14:00 and apply each move at its minute."""
    opening = fb.OpenFishbowl(actor=FAC, topic="Was nehmen wir mit?", chairs=3, seat_minutes=4)
    state = fb.apply(None, opening, T0).state
    for minute, event in moves:
        state = fb.apply(state, event, at(minute)).state
    return state


def protocol() -> fb.FishbowlState:
    """Anna (WS1) and Ben (WS2) start; Anna speaks 3 min, Ben 1 min; Cem takes the empty chair."""
    return play(
        (0, fb.SeatPerson(actor=FAC, user_id=ANNA, label="WS1")),
        (0, fb.SeatPerson(actor=FAC, user_id=BEN, label="WS2")),
        (1, fb.Speaks(actor=NOTES, user_id=ANNA)),
        (2, fb.AddPoint(actor=NOTES, text="Strategie braucht Ziele\nund Personal")),
        (4, fb.Speaks(actor=NOTES, user_id=BEN)),
        (5, fb.Speaks(actor=NOTES, user_id=BEN)),
        (5, fb.AddPoint(actor=NOTES, text="Verwaltung einbinden")),
        (6, fb.JoinQueue(actor=CEM)),
        (7, fb.SeatNext(actor=FAC)),
        (8, fb.LeaveCircle(actor=ANNA)),
        (20, fb.Close(actor=FAC)),
    )


def section(state: fb.FishbowlState | str, language: str = "de") -> Sequence[Block]:
    t = translator(language)
    return fishbowl_section(state, Names(PEOPLE, t), t)


def test_the_protocol_names_the_topic_and_lists_the_seats_in_order_with_times() -> None:
    blocks = section(protocol())
    assert blocks[0] == Heading(level=2, text="Fishbowl: Was nehmen wir mit?")
    assert isinstance(blocks[1], Paragraph)
    assert blocks[1].runs[0].text == (
        "3 Stühle im Innenkreis, einer blieb immer frei · Sitzzeit 4 Min. · 14:00–14:20 Uhr"
    )
    assert bullets(blocks)[0] == [
        "14:00–14:08 Uhr: WS1: Anna Abel (Kommune)",
        "14:00–14:20 Uhr: WS2: eine teilnehmende Person (Zivilgesellschaft)",
        "14:07–14:20 Uhr: Cem Cakir",
    ]


def test_speaking_time_is_tabled_per_person_and_per_sector_with_minutes_and_shares() -> None:
    people, sectors = tables(section(protocol()))
    assert people.header == ("Person", "Redezeit (Min.)", "Anteil")
    assert people.rows == (
        ("Anna Abel (Kommune)", "3:00", "75 %"),
        ("eine teilnehmende Person (Zivilgesellschaft)", "1:00", "25 %"),
        ("Gesamt", "4:00", ""),
    )
    assert sectors.rows == (
        ("Kommunale Ebene (Gemeinde, Landkreis, Kommunalverband)", "3:00", "75 %"),
        ("Zivilgesellschaftliche Organisationen", "1:00", "25 %"),
        ("Gesamt", "4:00", ""),
    )


def test_key_points_stand_under_the_turn_they_belong_to() -> None:
    points = bullets(section(protocol()))[1]
    assert points == [
        "Anna Abel (Kommune), ab 14:01 Uhr (3:00 Min.)",
        "Strategie braucht Ziele",
        "und Personal",
        "eine teilnehmende Person (Zivilgesellschaft), ab 14:04 Uhr (1:00 Min.)",
        "Verwaltung einbinden",
    ]


def test_a_forgotten_person_and_one_without_sector_are_shown_without_a_name() -> None:
    state = fb.forget(protocol(), ANNA, erase=False)
    blocks = section(state)
    assert bullets(blocks)[0][0] == "14:00–14:08 Uhr: WS1: eine teilnehmende Person"
    _, sectors = tables(blocks)
    assert sectors.rows[0] == ("Ohne Angabe", "3:00", "75 %")
    assert "Anna" not in str(blocks)


def test_without_speaking_time_the_draft_says_so_and_lists_no_points() -> None:
    state = play(
        (0, fb.SeatPerson(actor=FAC, user_id=CEM)),
        (3, fb.Close(actor=FAC)),
    )
    blocks = section(state)
    assert tables(blocks) == []
    assert Paragraph.of("Die Redezeit wurde nicht erfasst.", italic=True) in blocks
    assert not any(isinstance(b, Heading) and b.text == "Kernpunkte je Beitrag" for b in blocks)


def test_a_fishbowl_nobody_sat_in_is_left_out() -> None:
    assert section(play((1, fb.Close(actor=FAC)))) == []


def test_the_registered_section_reads_the_stored_state_into_an_english_markdown_draft() -> None:
    assert SECTIONS["fishbowl"] is fishbowl_section
    draft = DraftInput(
        event=EventInfo(title="Kommunalkonferenz", dates="12 May 2023", place="Kassel",
                        language="en", sectors=DEFAULT_SECTORS),
        people=PEOPLE,
        sessions=(SessionInput(id=1, title="Interim summary", rounds=(
            RoundInput(kind="fishbowl", state=protocol().model_dump_json()),
        )),),
    )
    markdown = render_markdown(build_document(draft))
    assert "## Fishbowl: Was nehmen wir mit?" in markdown
    assert "### Order in the inner circle" in markdown
    assert "14:00–14:08: WS1: Anna Abel (municipality)" in markdown
    assert "### Key points per turn" in markdown
    assert "Ben Berg" not in markdown
