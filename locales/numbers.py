"""Numbers and language tags as a reader of the event's language expects them (Babel).

A chart's axis and bar labels and a DOCX's proofing language come from here:
"6,5" and "1.234" in German, "6.5" and "1,234" in English, and the region
each language is proofed in (German for Germany, British English).
"""

from __future__ import annotations

from babel.numbers import format_decimal

from locales import pick_language

LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB"}
"""The proofing language of a draft in each of the catalogue's languages."""


def language_tag(language: str) -> str:
    """The BCP 47 tag a word processor proofs the language in: ``de-DE`` or ``en-GB``."""
    return LANGUAGE_TAGS[pick_language(language)]


def number(value: float, language: str, *, decimals: int = 0) -> str:
    """``value`` with the language's separators, at most ``decimals`` digits after the point."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    locale = language_tag(language).replace("-", "_")
    return str(format_decimal(value, format=pattern, locale=locale))
