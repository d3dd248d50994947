"""Every text of the draft exists in German and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.pofile import read_po

from drafts.names import DEFAULT_SECTORS
from locales import LANGUAGES

ROOT = Path(__file__).parents[2]


def messages(language: str) -> dict[str, str]:
    with (ROOT / "locales" / language / "drafts.po").open("rb") as handle:
        return {m.id: str(m.string) for m in read_po(handle) if m.id and isinstance(m.id, str)}


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_draft_key_exists_in_both_languages_with_the_same_placeholders() -> None:
    german, english = messages("de"), messages("en")
    assert set(german) == set(english)
    for key, text in german.items():
        assert text and english[key], key
        assert placeholders(text) == placeholders(english[key]), key


def test_every_key_the_drafts_package_uses_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for source in (ROOT / "drafts").glob("*.py"):
        used |= set(re.findall(r"\"(draft\.[a-z_.]+)\"", source.read_text(encoding="utf-8")))
    used |= {f"draft.sector.{key}" for key in DEFAULT_SECTORS}
    for language in LANGUAGES:
        assert used <= set(messages(language)), used - set(messages(language))
