"""Every message exists in German and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from locales import LANGUAGES, catalogue, pick_language, translator

ROOT = Path(__file__).parents[1]


def placeholders(text: object) -> set[str]:
    """The placeholders of a message (of all its plural forms: the counter comes first)."""
    forms = text[1:] if isinstance(text, tuple) else (text,)
    assert all(isinstance(form, str) for form in forms)
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(str(form))
            if name}


def test_every_message_exists_in_both_languages() -> None:
    german, english = catalogue("de"), catalogue("en")
    assert set(german) == set(english)
    assert all(german.values()) and all(english.values())


def test_both_languages_use_the_same_placeholders() -> None:
    german, english = catalogue("de"), catalogue("en")
    differing = {k for k in german if placeholders(german[k]) != placeholders(english[k])}
    assert differing == set()


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    known = set(catalogue("de"))
    pattern = re.compile(r"""["']((?:core|help|profile|pinboard|fishbowl|council|draft|privacy)"""
                         r"""\.[a-z0-9_]+)["']""")
    used: set[str] = set()
    for package in ("bot", "flows", "drafts"):
        for path in (ROOT / package).rglob("*.py"):
            used.update(pattern.findall(path.read_text(encoding="utf-8")))
    assert used - known == set()


def test_languages_other_than_german_and_english_fall_back_to_german() -> None:
    assert pick_language("en-GB") == "en"
    assert pick_language("fr") == "de"
    assert pick_language(None) == "de"
    assert translator("en")("core.cancel") == "Cancel"
    assert set(LANGUAGES) == {"de", "en"}
