"""Names only with consent: a draft is forwarded and published, a name in it can't be taken back."""

from __future__ import annotations

import io

import docx

from drafts import Consent, Names, PersonInfo, build_document, render_docx, render_markdown
from flows.base import FORGOTTEN
from locales import translator
from tests.drafts.draft_samples import (
    ANNA,
    BEN,
    CARLA,
    DENIZ,
    SECTIONS,
    realistic_draft,
    unescape_md,
)

PEOPLE = {
    1: PersonInfo(name="Anna", sector="civil_society", consent=True),
    2: PersonInfo(name="Ben", sector="civil_society", consent=False),
    3: PersonInfo(name="Cem", sector="Quartiersmanagement", consent=False),
    4: PersonInfo(name="Dora", sector=None, consent=False),
    5: PersonInfo(name="Emil", sector="municipal", consent=True),
}


def test_a_person_who_did_not_agree_is_a_participant_with_their_sector() -> None:
    de = Names(PEOPLE, translator("de"))
    en = Names(PEOPLE, translator("en"))
    assert de.person(2) == "eine teilnehmende Person (Zivilgesellschaft)"
    assert en.person(2) == "a participant (civil society)"
    assert de.person(3) == "eine teilnehmende Person (Quartiersmanagement)"
    assert de.person(4) == "eine teilnehmende Person"


def test_a_person_who_agreed_is_named() -> None:
    names = Names(PEOPLE, translator("de"))
    assert names.person(1) == "Anna"
    assert names.person_with_sector(5) == "Emil (Kommune)"
    assert names.person_with_sector(2) == "eine teilnehmende Person (Zivilgesellschaft)"


def test_forgotten_and_unknown_people_are_just_a_participant() -> None:
    names = Names(PEOPLE, translator("en"))
    assert names.person(FORGOTTEN) == "a participant"
    assert names.person(999) == "a participant"
    assert names.named_with_sector(FORGOTTEN) == "a participant"


def test_thanks_name_only_those_who_agreed_and_count_the_others() -> None:
    names = Names(PEOPLE, translator("de"))
    assert names.credited([1, 2, 3, 1, 5]) == (["Anna", "Emil"], 2)


def draft_texts() -> tuple[str, str]:
    document = build_document(realistic_draft(), sections=SECTIONS)
    markdown = unescape_md(render_markdown(document))
    word = docx.Document(io.BytesIO(render_docx(document)))
    return markdown, "\n".join(paragraph.text for paragraph in word.paragraphs)


def test_no_name_without_consent_appears_anywhere_in_the_draft() -> None:
    draft = realistic_draft()
    for text in draft_texts():
        for user_id, person in draft.people.items():
            named_quote = any(q.author == user_id and q.consent == Consent.NAMED
                              for q in draft.sessions[0].quotes)
            if not person.consent and not named_quote:
                assert person.name not in text
        assert "Anna Albers" in text
        assert "Carla Conrad" in text


def test_quotes_appear_only_as_their_authors_agreed() -> None:
    for text in draft_texts():
        assert "„Demokratie lebt von Zufallsbegegnung.“" in text
        assert "— Anna Albers (Kommune)" in text
        assert "„Hingehen! Ansprechen!“" in text
        assert "— eine teilnehmende Person (Zivilgesellschaft)" in text
        assert "Das bitte nicht zitieren." not in text
        assert "Noch nicht gefragt." not in text


def test_an_anonymous_quote_hides_even_a_consenting_authors_name() -> None:
    draft = realistic_draft()
    session = draft.sessions[0]
    quotes = tuple(q.model_copy(update={"consent": Consent.ANONYMOUS}) if q.author == ANNA else q
                   for q in session.quotes)
    changed = draft.model_copy(update={
        "sessions": (session.model_copy(update={"quotes": quotes}),),
        "facilitators": (BEN,), "notetakers": (DENIZ,),
    })
    markdown = render_markdown(build_document(changed, sections=SECTIONS))
    assert "— eine teilnehmende Person (Kommune)" in markdown
    assert "Anna Albers (Kommune)" not in markdown


def test_a_named_quote_names_its_author_who_agreed_for_this_quote() -> None:
    draft = realistic_draft()
    session = draft.sessions[0]
    quotes = tuple(q.model_copy(update={"consent": Consent.NAMED}) if q.author == CARLA else q
                   for q in session.quotes)
    sessions = (session.model_copy(update={"quotes": quotes}),)
    changed = draft.model_copy(update={"sessions": sessions})
    markdown = unescape_md(render_markdown(build_document(changed, sections=SECTIONS)))
    assert "„Das bitte nicht zitieren.“" in markdown
    assert "— Carla Conrad (Wissenschaft)" in markdown
