"""The composition's numbers from a registration list or typed counts, matched to sectors.

Organizers name sectors as their spreadsheets do ("Kommunale Ebene (Gemeinde/Kommune/
Landkreis, Kommunalverband)", "Kommune", "Municipal level"); each value is matched to one
of the event's sectors by the sector's texts in every language (long and short, and its
key), and what matches none stays a row of its own, so nothing counted is lost and the
organizer sees it in the answer. Empty cells count as "ohne Angabe". Nothing here knows
Telegram: the bot hands in the file's bytes or the typed text, and stores the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flows.composition import count_registrations, folded, match_label, parse_counts
from locales import LANGUAGES, translator
from storage.records import DEFAULT_SECTORS

UNKNOWN = ""
"""The row of people without a sector."""


@dataclass(frozen=True)
class Counted:
    """The rows to store (sector key, own label or ``UNKNOWN``, with the count) and, for the
    organizer's check, the values that matched no sector."""

    rows: tuple[tuple[str, int], ...]
    unmatched: tuple[tuple[str, int], ...]
    column: str | None = None
    guessed: tuple[tuple[str, str], ...] = ()
    """Values that were not a sector's name exactly, with the sector they were counted for."""
    """The header of the sector column a list was read from."""

    @property
    def total(self) -> int:
        return sum(count for _, count in self.rows)


def sector_names(sectors: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each sector key with every name it goes by: the key, and for the default sectors
    their long and short texts in every language."""
    names: dict[str, tuple[str, ...]] = {}
    for key in sectors:
        found = [key]
        if key in DEFAULT_SECTORS:
            for language in LANGUAGES:
                t = translator(language)
                found += [t(f"sector.{key}"), t(f"draft.sector.{key}")]
        names[key] = tuple(found)
    return names


NOT_STATED = ("keine angabe", "k. a.", "k.a.", "ka", "unbekannt", "n/a", "na",
              "unknown", "none", "-", "–")
"""What registration lists write where nobody gave a sector (besides "Ohne Angabe" itself)."""


def not_stated_names() -> set[str]:
    """Every way of writing "no sector", folded, "Ohne Angabe" in every language included."""
    names = {folded(translator(language)("draft.composition_unknown")) for language in LANGUAGES}
    return names | {folded(name) for name in NOT_STATED}


def counted(sectors: Sequence[str], values: Iterable[tuple[str, int]],
            column: str | None = None) -> Counted:
    """Values with their counts matched to the event's sectors, in the sectors' order; other
    values after them in the order met, people without a value last."""
    names = sector_names(sectors)
    exact = {folded(name) for known in names.values() for name in known}
    by_key: Counter[str] = Counter()
    unmatched: dict[str, int] = {}
    guessed: dict[str, str] = {}
    not_stated = not_stated_names()
    for value, count in values:
        stated = value.strip() and folded(value) not in not_stated
        key = match_label(value, names) if stated else UNKNOWN
        if key is None:
            unmatched[value] = unmatched.get(value, 0) + count
            continue
        by_key[key] += count
        if key != UNKNOWN and folded(value) not in exact:
            guessed[value] = key
    rows = [(key, by_key[key]) for key in sectors if by_key[key]]
    rows += list(unmatched.items())
    if by_key[UNKNOWN]:
        rows.append((UNKNOWN, by_key[UNKNOWN]))
    return Counted(rows=tuple(rows), unmatched=tuple(unmatched.items()), column=column,
                   guessed=tuple(guessed.items()))


def registration_list(data: bytes, sectors: Sequence[str]) -> Counted:
    """A CSV registration list counted by its sector column (``FlowError`` if unreadable)."""
    column, values = count_registrations(data)
    return counted(sectors, values.items(), column)


def typed_counts(text: str, sectors: Sequence[str]) -> Counted:
    """"Kommune 48, Land 6, …" matched to the event's sectors."""
    return counted(sectors, parse_counts(text))
