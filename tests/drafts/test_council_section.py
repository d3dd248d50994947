"""The development council in the draft: conflict map, perspective change, acceptance, result."""

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
from drafts.council import council_section
from flows import council as fc
from flows.base import Event
from locales import translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, bullets, tables

T0 = datetime(2023, 5, 12, 12, 0, tzinfo=UTC)
FAC = 1
ANNA, BEN, CEM, DORA, EMIL = 11, 21, 31, 41, 42
"""Anna (Verwaltung), Ben (Politik), Cem (Zivilgesellschaft), Dora and Emil (Wirtschaft)."""
PEOPLE = {
    ANNA: PersonInfo(name="Anna Abel", sector="municipal", consent=True, registered=True),
    BEN: PersonInfo(name="Ben Berg", sector="state", consent=False, registered=True),
    CEM: PersonInfo(name="Cem Cakir", sector="civil_society", consent=True, registered=True),
    DORA: PersonInfo(name="Dora Dietz", sector=None, consent=True, registered=True),
    EMIL: PersonInfo(name="Emil Ernst", sector="foundation", consent=False, registered=True),
}


def play(*events: Event) -> fc.CouncilState:
    state: fc.CouncilState | None = None
    for n, event in enumerate(events):
        state = fc.apply(state, event, T0 + timedelta(minutes=n)).state
    assert state is not None
    return state


def opened() -> tuple[Event, ...]:
    return (
        fc.OpenCouncil(
            actor=FAC,
            question="Zukunft des Industriegebiets",
            groups=("Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft"),
        ),
        fc.JoinGroup(actor=ANNA, group=0),
        fc.JoinGroup(actor=BEN, group=1),
        fc.JoinGroup(actor=CEM, group=2),
        fc.JoinGroup(actor=DORA, group=3),
        fc.JoinGroup(actor=EMIL, group=3),
        fc.NameSpeaker(actor=DORA, group=3, speaker=DORA),
    )


def council() -> fc.CouncilState:
    """Four interests, three restatements (one corrected), two proposals, one amended and agreed."""
    agree = fc.StanceKind.AGREE
    return play(
        *opened(),
        fc.StateInterest(actor=ANNA, text="Flächen sichern", reason="Gewerbesteuer"),
        fc.StateInterest(actor=BEN, text="Entscheidung | bald", reason="Wahl"),
        fc.StateInterest(actor=CEM, text="Park am Kanal", reason="kein Grün im Viertel"),
        fc.StateInterest(actor=DORA, text="Planungssicherheit", reason="Investitionen"),
        fc.NextRound(actor=FAC),
        fc.Restate(actor=ANNA, interest=2, text="Ihr wollt liefern"),
        fc.Restate(actor=BEN, interest=3, text="Ihr wollt Bäume"),
        fc.Restate(actor=EMIL, interest=1, text="Die Stadt braucht Geld"),
        fc.RateRestatement(actor=BEN, interest=2, rating=fc.Rating.UNDERSTOOD),
        fc.RateRestatement(
            actor=CEM, interest=3, rating=fc.Rating.PARTLY, correction="Ein Ort für alle"
        ),
        fc.NextRound(actor=FAC),
        fc.Propose(actor=EMIL, text="Gewerbehof mit Uferpark", addresses=(1, 3, 4)),
        fc.Propose(actor=CEM, text="Halle für Initiativen"),
        fc.NextRound(actor=FAC),
        fc.TakeStance(actor=ANNA, proposal=1, kind=agree),
        fc.TakeStance(actor=CEM, proposal=1, kind=fc.StanceKind.OBJECT, reason="Ufer zu schmal"),
        fc.Amend(actor=EMIL, proposal=1, text="Gewerbehof mit 50 m Uferpark"),
        fc.TakeStance(actor=ANNA, proposal=1, kind=agree),
        fc.TakeStance(actor=BEN, proposal=1, kind=fc.StanceKind.CONCERNS, reason="Förderung?"),
        fc.TakeStance(actor=CEM, proposal=1, kind=agree),
        fc.TakeStance(actor=DORA, proposal=1, kind=agree),
        fc.TakeStance(actor=EMIL, proposal=1, kind=fc.StanceKind.OBJECT, reason="zu teuer"),
        fc.TakeStance(actor=DORA, proposal=2, kind=fc.StanceKind.OBJECT, reason="Erweiterung"),
        fc.Close(actor=FAC),
    )


def section(state: fc.CouncilState | str, language: str = "de") -> Sequence[Block]:
    t = translator(language)
    return council_section(state, Names(PEOPLE, t), t)


def headings(blocks: Sequence[Block]) -> list[str]:
    return [block.text for block in blocks if isinstance(block, Heading)]


def test_the_section_follows_the_rounds_under_the_question() -> None:
    blocks = section(council())
    assert headings(blocks) == [
        "Entwicklungsbeirat: Zukunft des Industriegebiets",
        "Konfliktlandkarte",
        "Perspektivwechsel",
        "Vorschläge",
        "Zustimmung der Interessengruppen",
        "Ergebnis",
    ]
    assert blocks[0] == Heading(level=2, text="Entwicklungsbeirat: Zukunft des Industriegebiets")
    groups = blocks[1]
    assert isinstance(groups, Paragraph)
    assert "".join(run.text for run in groups.runs) == (
        "Interessengruppen: Verwaltung (1), Politik (1), Zivilgesellschaft (1), "
        "Wirtschaft (2; Sprecherin oder Sprecher: Dora Dietz)"
    )


def test_the_conflict_map_tables_group_interest_and_reason() -> None:
    conflict = tables(section(council()))[0]
    assert conflict.header == ("Interessengruppe", "Interesse", "Begründung")
    assert conflict.rows == (
        ("Verwaltung", "Flächen sichern", "Gewerbesteuer"),
        ("Politik", "Entscheidung | bald", "Wahl"),
        ("Zivilgesellschaft", "Park am Kanal", "kein Grün im Viertel"),
        ("Wirtschaft", "Planungssicherheit", "Investitionen"),
    )


def test_an_english_interest_in_a_german_draft_keeps_its_own_words_without_german_glue() -> None:
    state = play(
        *opened(),
        fc.parse_interest("/interest More green space because the district has none", CEM),
        fc.parse_interest("/interest Mehr Grün, denn der Stadtteil hat keins", ANNA),
        fc.Close(actor=FAC),
    )
    blocks = section(state)
    assert tables(blocks)[0].rows == (
        ("Verwaltung", "Mehr Grün", "der Stadtteil hat keins"),
        ("Zivilgesellschaft", "More green space", "the district has none"),
    )
    assert "weil" not in repr(blocks)


def test_the_perspective_change_shows_who_restated_whom_the_rating_and_corrections() -> None:
    perspective = tables(section(council()))[1]
    assert perspective.header == (
        "Interesse",
        "Wiedergabe durch eine andere Interessengruppe",
        "Verstanden?",
        "Korrektur",
    )
    assert perspective.rows == (
        (
            "1. Flächen sichern (Verwaltung)",
            "„Die Stadt braucht Geld“ (Wirtschaft)",
            "nicht bewertet",
            "",
        ),
        ("2. Entscheidung | bald (Politik)", "„Ihr wollt liefern“ (Verwaltung)", "verstanden", ""),
        (
            "3. Park am Kanal (Zivilgesellschaft)",
            "„Ihr wollt Bäume“ (Politik)",
            "teilweise",
            "Ein Ort für alle",
        ),
        ("4. Planungssicherheit (Wirtschaft)", "nicht wiedergegeben", "", ""),
    )


def test_proposals_keep_their_versions_why_they_were_amended_and_what_they_address() -> None:
    proposals = bullets(section(council()))[0]
    assert proposals == [
        "Vorschlag 1: Gewerbehof mit 50 m Uferpark",
        "Fassung 1 (eine teilnehmende Person (Stiftung)): Gewerbehof mit Uferpark",
        "Einwand (Zivilgesellschaft, Cem Cakir): Ufer zu schmal",
        "Fassung 2 (eine teilnehmende Person (Stiftung)): Gewerbehof mit 50 m Uferpark",
        "Greift auf: 1. Flächen sichern; 3. Park am Kanal; 4. Planungssicherheit",
        "Vorschlag 2: Halle für Initiativen",
        "Eingebracht von: Cem Cakir",
    ]


def test_the_acceptance_table_counts_the_speaker_and_lists_concerns_and_objections() -> None:
    blocks = section(council())
    acceptance = tables(blocks)[2]
    assert acceptance.header == (
        "Interessengruppe", "Vorschlag 1 (Fassung 2)", "Vorschlag 2 (Fassung 1)")
    assert acceptance.rows == (
        ("Verwaltung", "Zustimmung", "–"),
        ("Politik", "Zustimmung mit Bedenken", "–"),
        ("Zivilgesellschaft", "Zustimmung", "–"),
        ("Wirtschaft", "Zustimmung", "Einwand"),
    )
    assert bullets(blocks)[1] == [
        "Vorschlag 1, Politik – Bedenken (eine teilnehmende Person (Land)): Förderung?",
        "Vorschlag 1, Wirtschaft – Einwand (eine teilnehmende Person (Stiftung)): zu teuer",
        "Vorschlag 2, Wirtschaft – Einwand (Dora Dietz): Erweiterung",
    ]


def test_the_result_names_the_agreed_solution_and_the_objection_that_stayed_open() -> None:
    result = bullets(section(council()))[-1]
    assert result == [
        "Einvernehmlich – Vorschlag 1: Gewerbehof mit 50 m Uferpark",
        "Offener Einwand gegen Vorschlag 2 (Wirtschaft, Dora Dietz): Erweiterung",
    ]


def test_without_an_agreement_the_result_says_so() -> None:
    state = play(
        *opened(),
        fc.StateInterest(actor=ANNA, text="Flächen", reason="Steuern"),
        fc.NextRound(actor=FAC),
        fc.NextRound(actor=FAC),
        fc.Propose(actor=ANNA, text="Alles Gewerbe"),
        fc.NextRound(actor=FAC),
        fc.TakeStance(actor=CEM, proposal=1, kind=fc.StanceKind.OBJECT, reason="kein Grün"),
        fc.Close(actor=FAC),
    )
    blocks = section(state)
    assert "Perspektivwechsel" not in headings(blocks)
    assert bullets(blocks)[-1] == [
        "Kein Vorschlag fand die Zustimmung aller Interessengruppen.",
        "Offener Einwand gegen Vorschlag 1 (Zivilgesellschaft, Cem Cakir): kein Grün",
    ]


def test_a_council_in_which_nothing_was_handed_in_is_left_out() -> None:
    assert section(play(*opened(), fc.Close(actor=FAC))) == []


def test_a_forgotten_person_is_not_named_and_their_erased_words_are_gone() -> None:
    kept = section(fc.forget(council(), CEM, erase=False))
    assert "Cem" not in str(kept)
    assert "Eingebracht von: eine teilnehmende Person" in bullets(kept)[0]
    erased = section(fc.forget(council(), CEM, erase=True))
    assert "Park am Kanal" not in str(erased)
    assert "Halle für Initiativen" not in str(erased)


def test_the_registered_section_reads_the_stored_state_into_an_english_markdown_draft() -> None:
    assert SECTIONS["council"] is council_section
    draft = DraftInput(
        event=EventInfo(
            title="Kommunalkonferenz",
            dates="12 May 2023",
            place="Kassel",
            language="en",
            sectors=DEFAULT_SECTORS,
        ),
        people=PEOPLE,
        sessions=(
            SessionInput(
                id=1,
                title="Workshop 3",
                rounds=(RoundInput(kind="council", state=council().model_dump_json()),),
            ),
        ),
    )
    markdown = render_markdown(build_document(draft))
    assert "## Development council: Zukunft des Industriegebiets" in markdown
    assert "### Conflict map" in markdown
    assert "| Interest group | Interest | Reason |" in markdown
    assert "Entscheidung \\| bald" in markdown
    assert "### Acceptance by the interest groups" in markdown
    assert "agrees with concerns" in markdown
    assert "Agreed – proposal 1:" in markdown
    assert "Ben Berg" not in markdown and "Emil" not in markdown
