"""Questions from the floor and the closing round in the draft: ranking, consent, the rating."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from drafts import (
    SECTIONS,
    Consent,
    DraftInput,
    EventInfo,
    Heading,
    Names,
    PersonInfo,
    Quotation,
    QuoteInput,
    RoundInput,
    SessionInput,
    build_document,
    render_markdown,
)
from drafts.closing import CLOSING_SECTION
from drafts.questions import QUESTIONS_SECTION
from flows import closing as cl
from flows import questions as qs
from flows.base import Event, Step
from locales import translator
from tests.drafts.draft_samples import DEFAULT_SECTORS, tables, unescape_md

T0 = datetime(2023, 5, 6, 11, 0, tzinfo=UTC)
FAC, ANNA, BEN, CEM = 1, 11, 12, 13
PEOPLE = {
    ANNA: PersonInfo(name="Anna Abel", sector="municipal", consent=True, registered=True),
    BEN: PersonInfo(name="Ben Berg", sector="civil_society", consent=False, registered=True),
    CEM: PersonInfo(name="Cem Cakir", sector="research", consent=True, registered=True),
}
SESSION = SessionInput(id=1, title="Podium")


S = TypeVar("S", qs.QuestionsState, cl.ClosingState)


def play(state: S, apply: Callable[[S | None, Event, datetime], Step[S]], *events: Event) -> S:
    for minute, event in enumerate(events, start=1):
        state = apply(state, event, T0 + timedelta(minutes=minute)).state
    return state


def asked() -> qs.QuestionsState:
    """Four questions, one anonymous, one merged into another, one hidden, one answered."""
    opened = qs.apply(None, qs.OpenQuestions(actor=FAC, title="Podium Dritte Orte",
                                             anonymity_allowed=True), T0).state
    return play(
        opened, qs.apply,
        qs.AskQuestion(actor=ANNA, text="Wer zahlt die Miete?", source="1"),
        qs.AskQuestion(actor=BEN, text="Geheimnis?", anonymous=True, source="2"),
        qs.AskQuestion(actor=CEM, text="Wer bezahlt die Räume?", source="3"),
        qs.AskQuestion(actor=CEM, text="Werbung!", source="4"),
        qs.Upvote(actor=BEN, number=1), qs.Upvote(actor=CEM, number=1),
        qs.Upvote(actor=ANNA, number=2), qs.Upvote(actor=BEN, number=3),
        qs.MergeQuestions(actor=FAC, number=3, into=1), qs.HideQuestion(actor=FAC, number=4),
        qs.MarkAnswered(actor=FAC, number=1), qs.Close(actor=FAC),
    )


def draft(*rounds: RoundInput, quotes: tuple[QuoteInput, ...] = (),
          language: str = "de") -> DraftInput:
    session = SessionInput(id=1, title="Podium", rounds=rounds, quotes=quotes)
    return DraftInput(
        event=EventInfo(title="Kommunalkonferenz", dates="6. Mai 2023", place="Kassel",
                        language=language, sectors=DEFAULT_SECTORS),
        people=PEOPLE, participants=frozenset(PEOPLE), sessions=(session,))


def markdown(result: DraftInput) -> str:
    return unescape_md(render_markdown(build_document(result)))


# --- questions from the floor ---------------------------------------------------------------


def test_the_questions_are_ranked_by_votes_with_answered_ones_marked() -> None:
    t = translator("de")
    blocks = QUESTIONS_SECTION.build(asked(), Names(PEOPLE, t), t, SESSION)
    assert blocks[0] == Heading(level=2, text="Fragen aus dem Publikum – Podium Dritte Orte")
    (table,) = tables(blocks)
    assert table.header == ("Rang", "Frage", "Stimmen", "Beantwortet")
    assert table.rows == (("1", "Wer zahlt die Miete?", "2", "✓"), ("2", "Geheimnis?", "1", ""))
    assert t("questions.draft_frame", count=2, answered=1) in markdown(
        draft(RoundInput(kind="questions", state=asked().model_dump_json())))


def test_no_question_names_its_author_and_an_anonymous_one_least_of_all() -> None:
    text = markdown(draft(RoundInput(kind="questions", state=asked())))
    assert "Geheimnis?" in text
    for person in PEOPLE.values():
        assert person.name not in text


def test_the_default_title_is_not_said_twice_and_an_empty_round_is_left_out() -> None:
    t = translator("en")
    opened = qs.apply(None, qs.OpenQuestions(actor=FAC, title=t("questions.default_title")),
                      T0).state
    assert QUESTIONS_SECTION.build(opened, Names(PEOPLE, t), t, SESSION) == []
    state = play(opened, qs.apply, qs.AskQuestion(actor=ANNA, text="Why?", source="1"))
    blocks = QUESTIONS_SECTION.build(state, Names(PEOPLE, t), t, SESSION)
    assert blocks[0] == Heading(level=2, text="Questions from the floor")


def test_the_questions_section_is_the_drafts_section_for_their_rounds() -> None:
    assert SECTIONS["questions"] is QUESTIONS_SECTION
    assert SECTIONS["closing"] is CLOSING_SECTION


# --- the closing round ----------------------------------------------------------------------


def blitz(*questions: str, rating: bool = True) -> cl.ClosingState:
    """Anna, Ben and Cem answer (to the last question, when there are two); ratings 5, 4, 4."""
    opening = cl.OpenClosing(actor=FAC, questions=questions or ("Was nehme ich mit?",),
                             rating=rating)
    opened = cl.apply(None, opening, T0).state
    last = len(opened.questions)
    events: list[Event] = [
        cl.GiveAnswer(actor=ANNA, question=1, text="Viele neue Kontakte", source="-5:1"),
        cl.GiveAnswer(actor=BEN, question=last, text="Mut zur Lücke", source="-5:2"),
        cl.GiveAnswer(actor=CEM, question=last, text="Nichts für das Protokoll", source="9:3"),
    ]
    if rating:
        events += [cl.Rate(actor=ANNA, value=5), cl.Rate(actor=BEN, value=4),
                   cl.Rate(actor=CEM, value=4)]
    return play(opened, cl.apply, *events, cl.Close(actor=FAC))


CONSENTED = (
    QuoteInput(text="Viele neue Kontakte", author=ANNA, consent=Consent.NAMED, source="-5:1"),
    QuoteInput(text="Mut zur Lücke", author=BEN, consent=Consent.ANONYMOUS, source="-5:2"),
    QuoteInput(text="Nichts für das Protokoll", author=CEM, consent=Consent.DECLINED,
               source="9:3"),
)


def test_voices_appear_only_as_their_authors_agreed() -> None:
    t = translator("de")
    session = SESSION.model_copy(update={"quotes": CONSENTED})
    blocks = CLOSING_SECTION.build(blitz(), Names(PEOPLE, t), t, session)
    assert blocks[0] == Heading(level=2, text="Stimmen zum Abschluss")
    quotes = [(b.text, b.attribution) for b in blocks if isinstance(b, Quotation)]
    assert quotes == [
        (t("draft.quoted", text="Viele neue Kontakte"), "Anna Abel (Kommune)"),
        (t("draft.quoted", text="Mut zur Lücke"),
         t("draft.participant_sector", sector=t("draft.sector.civil_society"))),
    ]


def test_the_voices_are_not_repeated_under_the_sessions_quotes() -> None:
    other = QuoteInput(text="Ein anderes Zitat", author=CEM, consent=Consent.NAMED, source="-5:9")
    text = markdown(draft(RoundInput(kind="closing", state=blitz()),
                          quotes=(*CONSENTED, other)))
    assert text.count("Viele neue Kontakte") == 1
    assert text.index("Stimmen zum Abschluss") < text.index("Ein anderes Zitat")
    assert "Nichts für das Protokoll" not in text


def test_two_questions_get_a_heading_each() -> None:
    t = translator("de")
    session = SESSION.model_copy(update={"quotes": CONSENTED})
    blocks = CLOSING_SECTION.build(blitz("Was nehme ich mit?", "Was wünsche ich mir?"),
                                   Names(PEOPLE, t), t, session)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings == ["Stimmen zum Abschluss", "Was nehme ich mit?", "Was wünsche ich mir?",
                        "Bewertung"]


def test_the_rating_is_tabled_per_value_with_shares_and_a_mean_in_the_drafts_language() -> None:
    for language, mean in (("de", "4,3"), ("en", "4.3")):
        t = translator(language)
        blocks = CLOSING_SECTION.build(blitz(), Names(PEOPLE, t), t, SESSION)
        (table,) = tables(blocks)
        shares = [t("draft.percent", value=value) for value in (33, 67, 0)]
        assert table.rows == (("5", "1", shares[0]), ("4", "2", shares[1]), ("3", "0", shares[2]),
                              ("2", "0", shares[2]), ("1", "0", shares[2]),
                              (t("draft.composition_total"), "3", ""))
        assert t("closing.draft_mean", mean=mean, count=3) in markdown(
            draft(RoundInput(kind="closing", state=blitz()), language=language))


def test_without_consent_the_section_says_how_many_answered_and_without_rating_no_table() -> None:
    t = translator("de")
    blocks = CLOSING_SECTION.build(blitz(rating=False), Names(PEOPLE, t), t, SESSION)
    assert tables(blocks) == []
    assert t("closing.draft_no_voices", count=3) in markdown(
        draft(RoundInput(kind="closing", state=blitz(rating=False))))


def test_a_closing_round_nobody_took_part_in_is_left_out() -> None:
    t = translator("de")
    opened = cl.apply(None, cl.OpenClosing(actor=FAC, questions=("Was?",)), T0).state
    assert CLOSING_SECTION.build(opened, Names(PEOPLE, t), t, SESSION) == []
