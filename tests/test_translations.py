"""The catalogue: every message in German (Sie and du) and English, with the same placeholders,
counted nouns through plural forms, no English left in German, one address per catalogue."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

from locales import LANGUAGES, Text, catalogue, forms, pick_language, translator

ROOT = Path(__file__).parents[1]
GERMAN = ("de", "de_du")
"""The German catalogue folders: Sie (the default) and the du variants."""


def placeholders(text: Text) -> set[str]:
    """The names a message fills in; a plural message's counting placeholder among them."""
    if isinstance(text, tuple):
        counter, *plurals = text
        return {counter}.union(*(placeholders(form) for form in plurals))
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def texts(text: Text) -> tuple[str, ...]:
    """The forms of a message people read (a plural message without its counter)."""
    return tuple(text[1:]) if isinstance(text, tuple) else (text,)


def readable(text: str) -> str:
    """The words of a message without commands (/session), hashtags and placeholders."""
    return re.sub(r"[/#][A-Za-z_]+|\{[^}]*\}", " ", text)


def offending(folders: tuple[str, ...], check: re.Pattern[str],
              allowed: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Each message of the folders whose readable text matches ``check``: key → what matched."""
    found: dict[str, list[str]] = {}
    for folder in folders:
        for key, text in forms(folder).items():
            if key in allowed:
                continue
            hits = [m.group(0) for form in texts(text) for m in check.finditer(readable(form))]
            if hits:
                found[f"{folder}:{key}"] = hits
    return found


# -- both languages -------------------------------------------------------------------------------
def test_every_message_exists_in_both_languages() -> None:
    german, english = catalogue("de"), catalogue("en")
    assert set(german) == set(english)
    assert all(german.values()) and all(english.values())


def test_both_languages_use_the_same_placeholders() -> None:
    german, english = catalogue("de"), catalogue("en")
    differing = {k for k in german if placeholders(german[k]) != placeholders(english[k])}
    assert differing == set()


def test_a_plural_message_is_plural_in_both_languages_with_two_forms() -> None:
    german, english = catalogue("de"), catalogue("en")
    plural = {key for key, text in german.items() if isinstance(text, tuple)}
    assert plural == {key for key, text in english.items() if isinstance(text, tuple)}
    assert all(len(text) == 3 and all(text) for text in (*german.values(), *english.values())
               if isinstance(text, tuple))


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    known = set(catalogue("de"))
    pattern = re.compile(r"""["']((?:core|help|profile|pinboard|fishbowl|council|draft|privacy"""
                         r"""|panel|documentation|menu|role|not_allowed|questions|closing|choice|kit|survey"""
                         r""")\.[a-z0-9_]+)["']""")
    used: set[str] = set()
    for package in ("bot", "flows", "drafts", "service"):
        for path in (ROOT / package).rglob("*.py"):
            used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert used - known == set()


def test_languages_other_than_german_and_english_fall_back_to_german() -> None:
    assert pick_language("en-GB") == "en"
    assert pick_language("fr") == "de"
    assert pick_language(None) == "de"
    assert translator("en")("core.cancel") == "Cancel"
    assert set(LANGUAGES) == {"de", "en"}


# -- Sie and du -----------------------------------------------------------------------------------
def test_every_du_message_replaces_a_german_message_of_the_same_file_and_shape() -> None:
    sie, du = forms("de"), forms("de_du")
    assert set(du) - set(sie) == set()
    files = {path.name for path in (ROOT / "locales" / "de_du").glob("*.po")}
    assert files <= {path.name for path in (ROOT / "locales" / "de").glob("*.po")}
    differing = {key for key in du if isinstance(du[key], tuple) != isinstance(sie[key], tuple)
                 or placeholders(du[key]) != placeholders(sie[key])}
    assert differing == set()
    copies = {key for key in du if du[key] == sie[key]}
    assert copies == set(), "a du variant that says the same as the Sie text is not needed"


def test_du_falls_back_to_sie_and_english_has_one_address() -> None:
    assert translator("de", "du")("core.cancel") == translator("de")("core.cancel")
    assert translator("de", "du")("core.no_dialog") != translator("de")("core.no_dialog")
    assert translator("en", "du")("core.no_dialog") == translator("en")("core.no_dialog")


DU_FORMS = re.compile(
    r"\b(?:[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein\w*|[Ee]uch|[Ee]uer|[Ee]ure\w*)\b"
    r"|(?i:\b(?:habt|wollt|könnt|seid|müsst|dürft|werdet|sollt)\s+ihr\b)"
    r"|\b[Ii]hr\s+(?i:habt|wollt|könnt|seid|müsst|dürft|werdet|sollt)\b"
    r"|(?<![Ii]ch )\b(?:[Ss]chreib|[Dd]rück|[Tt]ipp|[Tt]ippe|[Aa]ntworte|[Gg]ib|[Nn]imm|[Öö]ffne"
    r"|[Bb]eende|[Vv]ersuch|[Pp]rüfe?|[Ll]eg|[Ww]ähle?|[Nn]enne?|[Ss]tell)\b(?! ich)"
)
"""How a German text speaks to someone it calls du (or a group it calls ihr), imperatives
included; "ich nenne" or "schreib ich" is the bot speaking of itself."""

SIE_FORMS = re.compile(r"(?<![.!?:]\s)(?<!^)(?<![„\n•]\s)(?<![„\n])\b(?:Sie|Ihnen|Ihre?\w*)\b"
                       r"|\bIhnen\b")
"""How a German text speaks to someone it calls Sie: "Sie", "Ihnen", "Ihr…" inside a
sentence (at a sentence's start "Sie" may be the pronoun "she" or "they")."""

NOT_ADDRESSING = frozenset({"core.address_sie", "core.address_ask", "core.address_saved"})
"""Messages that name the two addresses rather than use them."""


def test_a_german_message_in_sie_never_speaks_to_the_reader_as_du() -> None:
    assert offending(("de",), DU_FORMS, NOT_ADDRESSING | {"core.address_du"}) == {}


def test_a_du_message_never_speaks_to_the_reader_as_sie() -> None:
    assert offending(("de_du",), SIE_FORMS, NOT_ADDRESSING) == {}


def test_the_address_checks_catch_what_they_are_for() -> None:
    assert DU_FORMS.search("Bitte schreib einen Text dazu.")
    assert DU_FORMS.search("Wollt ihr das ändern?")
    assert not DU_FORMS.search("Ich nenne die Gruppe „Kosten“; ihr Name bleibt.")
    assert SIE_FORMS.search("Gerade erwarte ich keine Antwort von Ihnen.")
    assert SIE_FORMS.search("Bitte schreiben Sie den Text dahinter.")
    assert not SIE_FORMS.search("Wann findet sie statt? Sie beginnt um 14:30 Uhr.")


# -- German that reads as German --------------------------------------------------------------
ENGLISH_LEFTOVERS = re.compile(
    r"\b(?:Facilitators?|Note-?Takers?|Boards?|Sessions?|Drafts?|Events?|Voting|Organizers?"
    r"|Panel|Council|Amendments?|Veto|Dots?|Notes?|rename|move|out|ungroup)\b"
    r"|\bPinwand\w*|\bTeilnehmer\b|Moderator(?::|\*)innen"
)
"""English words and spellings GERMAN.md replaces, as whole words outside commands."""
CLUSTER = re.compile(r"\bCluster\w*")
"""A group of notes is a "Gruppe" in chat; "Cluster" only in the draft's headings."""


def draft_heading(key: str) -> bool:
    """A text of the draft (its headings, its charts), where the reference writes "Cluster"."""
    return key.startswith(("draft.", "docx.chart")) or ".draft" in key


def test_no_german_message_keeps_an_english_word_or_a_spelling_german_md_replaces() -> None:
    found = offending(GERMAN, ENGLISH_LEFTOVERS)
    clusters = {key: hits for key, hits in offending(GERMAN, CLUSTER).items()
                if not draft_heading(key.split(":", 1)[1])}
    assert {**found, **clusters} == {}


def test_the_leftover_check_sees_words_not_commands() -> None:
    assert not ENGLISH_LEFTOVERS.search(readable("Senden Sie /session <Code> <Titel>."))
    assert ENGLISH_LEFTOVERS.search(readable("Die Pinwand ist offen."))
    assert ENGLISH_LEFTOVERS.search(readable("Moderation (Facilitators)"))
    assert not ENGLISH_LEFTOVERS.search(readable("Zusammensetzung der Teilnehmerschaft"))


# -- numbers and the nouns they count ------------------------------------------------------------
GERMAN_PLURALS = (
    "leitfragen", "personen", "minuten", "stunden", "sekunden", "tage", "notizen", "punkte",
    "stimmen", "gruppen", "sitzungen", "teilnehmenden?", "stühlen?", "bereiche", "interessen",
    "vorschläge", "runden", "plätze", "karten", "zitate", "fotos", "veranstaltungen", "einträge",
    "zeilen", "nachrichten", "fragen", "begründungen", "wiedergaben", "einwände", "bedenken",
)
ENGLISH_PLURALS = (
    "notes", "people", "persons", "minutes", "hours", "seconds", "days", "votes", "dots",
    "points", "groups", "sessions", "participants", "chairs", "seats", "sectors", "interests",
    "proposals", "rounds", "questions", "quotes", "photos", "events", "lines", "messages",
    "reasons", "restatements", "objections", "concerns",
)


def counted_noun(nouns: tuple[str, ...]) -> re.Pattern[str]:
    """A number or a placeholder, perhaps one word ("weitere", "more"), then a plural noun
    (compounds too: "Interessengruppen", "key points")."""
    return re.compile(r"(\{(?P<name>\w+)\}|\b\d+)\s+(?:[\w-]+\s+)?\w*(?:"
                      + "|".join(nouns) + r")\b", re.IGNORECASE)


COUNTED = {"de": counted_noun(GERMAN_PLURALS), "de_du": counted_noun(GERMAN_PLURALS),
           "en": counted_noun(ENGLISH_PLURALS)}


def uncounted(folder: str) -> dict[str, list[str]]:
    """Messages where a number or a placeholder counts a plural noun without plural forms (in
    a plural message: a number other than the one its forms follow)."""
    found: dict[str, list[str]] = {}
    for key, text in forms(folder).items():
        counter = text[0] if isinstance(text, tuple) else None
        hits = [m.group(0) for form in texts(text) for m in COUNTED[folder].finditer(form)
                if counter is None or m.group("name") != counter]
        if hits:
            found[f"{folder}:{key}"] = hits
    return found


def test_a_number_before_a_plural_noun_comes_from_plural_forms() -> None:
    assert {k: v for folder in (*GERMAN, "en") for k, v in uncounted(folder).items()} == {}


def test_the_plural_check_sees_numbers_and_placeholders_before_nouns() -> None:
    assert COUNTED["de"].search("{count} Leitfragen")
    assert COUNTED["de"].search("1 Personen")
    assert COUNTED["de"].search("{count} weitere Interessengruppen")
    assert COUNTED["en"].search("{count} key points")
    assert not COUNTED["de"].search("höchstens {max} Zeichen")
    assert not COUNTED["de"].search("Runde {number}: Vorschläge")


def test_plural_forms_follow_the_number() -> None:
    t = translator("de")
    assert t("panel.notes", count=1) == "1 Notiz"
    assert t("panel.notes", count=2) == "2 Notizen"
    assert t("panel.notes", count=0) == "0 Notizen"
    assert translator("en")("panel.waiting", count=1) == "1 person waiting"


def every_message() -> Iterator[tuple[str, str, str]]:
    for folder in (*GERMAN, "en"):
        for key, text in forms(folder).items():
            for form in texts(text):
                yield folder, key, form


def test_times_and_durations_are_written_the_german_way() -> None:
    clock = re.compile(r"\b\d{1,2}:\d{2}\b(?! Uhr)")
    minutes = re.compile(r"\bMin\b(?!\.)|\bmins?\.")
    typed = re.compile(r"„[^“]*“")  # an example of what to type, as it is typed
    wrong = {f"{folder}:{key}" for folder, key, form in every_message()
             if folder in GERMAN and (clock.search(typed.sub("", form))
                                      or minutes.search(typed.sub("", form)))}
    assert wrong == set()
