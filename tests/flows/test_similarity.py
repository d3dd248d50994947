"""Cluster suggestions: shared word stems, checked on the reference's "Dritte Orte" pinboard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows import pinboard
from flows.pinboard import AddNotes, GroupNotes, OpenBoard, StartClustering
from flows.pinboard.similarity import (
    detect_language,
    keywords,
    related,
    suggest_clusters,
    suggest_groups,
)
from tests.reference import REFERENCE_BOARD

T0 = datetime(2023, 5, 11, 14, 0, tzinfo=UTC)

# The pinboard transcript of workshop 2 ("Dritte Orte - Räume mit Potential") in
# ../shared/reference/kommunalkonferenz-kassel-2023.txt, question by question.
DRITTE_ORTE: dict[str, list[str]] = {
    question: REFERENCE_BOARD[question]
    for question in (
        "Was sind „Dritte Orte“?",
        "Wer trägt die Kosten?",
        "Was müssen wir als Kommune machen?",
        "Welche Erwartungshaltung weckt man?",
        "3. Orte sind spontan & flexibel aber auch organisiert",
        "Was braucht die Zivilgesellschaft?",
    )
}


def groups_for(question: str) -> dict[str, set[str]]:
    notes = DRITTE_ORTE[question]
    found = suggest_groups(list(enumerate(notes, start=1)), question)
    return {name: {notes[n - 1] for n in numbers} for name, _, numbers in found}


def test_support_funding_and_school_notes_are_grouped_by_their_shared_word() -> None:
    assert groups_for("Was braucht die Zivilgesellschaft?") == {
        "Unterstützung": {
            "3. Orte brauchen Unterstützung für die Attraktivitätssteigerung",
            "Flexible Unterstützung anbieten",
        },
        "Förderung": {"Förderung von Sachkosten ...", "Förderung nicht auf Ressort bezogen"},
        "Schule": {
            "Kooperation z.B. zu Schule", "Brücken bauen => Kneipe & Kunst, Schule & Senioren",
        },
    }


def test_three_notes_about_people_form_one_group() -> None:
    groups = groups_for("Welche Erwartungshaltung weckt man?")
    assert groups == {
        "Menschen": {
            "Menschen nicht vergessen", "Zu den Menschen gehen",
            "Menschen begegnen, denen man nicht begegnen möchte",
        },
    }


def test_word_forms_of_one_stem_are_grouped() -> None:
    groups = groups_for("3. Orte sind spontan & flexibel aber auch organisiert")
    assert {"Zweckentwicklung -> Organisation notwendig",
            "Zivilgesellschaft selbst kann organisieren"} in groups.values()
    assert {"Kommunen sollten dahinter stehen",
            "Räume zur Verfügung stellen (Kommune u.a.) & bespielt von allen"} in groups.values()
    kommune = groups_for("Was müssen wir als Kommune machen?")
    assert list(kommune.values()) == [
        {"Ermöglichung durch Haltung", "Selbstwirksamkeit ermöglichen"},
    ]


@pytest.mark.parametrize("question", ["Was sind „Dritte Orte“?", "Wer trägt die Kosten?"])
def test_notes_sharing_only_stopwords_or_nothing_get_no_suggestion(question: str) -> None:
    """'Selbst … für „alle“ zugänglich' and '„Alle“ Altersgruppen' share only a stopword."""
    assert groups_for(question) == {}


def test_words_of_the_question_itself_do_not_group_notes() -> None:
    notes = [(1, "Kosten für Räume"), (2, "Kosten der Versicherung")]
    assert suggest_groups(notes, "Wer trägt die Kosten?") == ()
    assert suggest_groups(notes, "Was fehlt?") == (("Kosten", "kost", (1, 2)),)


def test_a_compound_joins_its_head_word() -> None:
    assert related("zufallsbegegn", "begegn")
    assert related("sachkost", "kost")
    assert related("ermoglich", "ermog")
    assert not related("ort", "wort")
    assert not related("schul", "kunst")


def test_english_notes_are_stemmed_as_english() -> None:
    notes = [(1, "The libraries are open to all"), (2, "A library in every district"),
             (3, "No consumption required")]
    assert detect_language(text for _, text in notes) == "english"
    assert suggest_groups(notes) == (("Libraries", "librari", (1, 2)),)


def test_keywords_drop_stopwords_numbers_and_short_words() -> None:
    assert keywords("3. Orte gibt es überall, z.B. in der Kirche", "german") == {
        "ort": "Orte", "uberall": "überall", "kirch": "Kirche",
    }


def test_suggestions_for_a_board_skip_grouped_and_hidden_notes_and_can_be_accepted() -> None:
    question = "Was braucht die Zivilgesellschaft?"
    step = pinboard.apply(None, OpenBoard(actor=1, title="Dritte Orte", questions=(question,)), T0)
    state = pinboard.apply(step.state, AddNotes(actor=2, question=1,
                                                texts=tuple(DRITTE_ORTE[question])), T0).state
    state = pinboard.apply(state, StartClustering(actor=1), T0).state
    state = pinboard.apply(state, GroupNotes(actor=1, name="Schule", notes=(3, 6)), T0).state
    state = pinboard.apply(state, pinboard.HideNotes(actor=1, numbers=(7,)), T0).state
    suggestions = suggest_clusters(state)
    assert [(s.question, s.name, s.notes) for s in suggestions] == [(1, "Unterstützung", (1, 4))]
    accepted = pinboard.apply(state, suggestions[0].accept(actor=1), T0).state
    assert [(c.name, c.notes) for c in accepted.clusters] == [
        ("Schule", (3, 6)), ("Unterstützung", (1, 4)),
    ]
    assert suggest_clusters(accepted) == ()
