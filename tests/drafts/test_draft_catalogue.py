"""Every text of the draft exists in German and English, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

from babel.messages.pofile import read_po

from drafts.names import DEFAULT_SECTORS
from locales import LANGUAGES

ROOT = Path(__file__).parents[2]


def messages(language: str) -> dict[str, tuple[str, ...]]:
    """The draft's messages, each as its forms (one, or a plural message's forms)."""
    with (ROOT / "locales" / language / "drafts.po").open("rb") as handle:
        found: dict[str, tuple[str, ...]] = {}
        for m in read_po(handle):
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            if key:
                strings = m.string if isinstance(m.string, tuple) else (m.string,)
                found[str(key)] = tuple(str(s or "") for s in strings)
        return found


def placeholders(forms: tuple[str, ...]) -> set[str]:
    return {field for text in forms for _, field, _, _ in string.Formatter().parse(text) if field}


def test_every_draft_key_exists_in_both_languages_with_the_same_placeholders() -> None:
    german, english = messages("de"), messages("en")
    assert set(german) == set(english)
    for key, forms in german.items():
        assert all(forms) and all(english[key]), key
        assert placeholders(forms) == placeholders(english[key]), key


def test_every_key_the_drafts_package_uses_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for source in (ROOT / "drafts").glob("*.py"):
        used |= set(re.findall(r"\"(draft\.[a-z_.]+)\"", source.read_text(encoding="utf-8")))
    used |= {f"draft.sector.{key}" for key in DEFAULT_SECTORS}
    for language in LANGUAGES:
        assert used <= set(messages(language)), used - set(messages(language))
