"""Who came, by sector: what the composition table counts, and the organizer's own numbers.

By default the draft counts everyone who took part in one of the event's sessions
(``storage.drafting.participants`` says who that is): those who stated a sector by
it, the others as "ohne Angabe". The reference's table came from the registration
list instead, so the organizer may

- send the list as a CSV file, as German spreadsheets export it: comma or
  semicolon, UTF-8 with or without BOM, or Windows-1252; the sector column is
  found by its header (German or English), and each row counts once; or
- type the counts in, e.g. "Kommune 48, Land 6, Zivilgesellschaft 17".

Either replaces the participants' count until the organizer goes back to it,
and the draft says which source it used.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from typing import Literal

from flows.access import ORGANIZE, Matrix
from flows.base import Event, FlowError, has_visible_text

Source = Literal["participants", "import", "typed"]
SOURCES: tuple[Source, ...] = ("participants", "import", "typed")
MAX_ROWS = 100_000
"""Rows (people) a registration list may have."""
MAX_LABELS = 40
"""Different sectors a count may name."""
MAX_BYTES = 5_000_000
SECTOR_HEADERS = (
    "bereich", "sektor", "sector", "zugehörigkeit", "zugehoerigkeit", "organisationstyp",
    "organisationsart", "art der organisation", "ebene", "herkunft", "kategorie", "category",
    "affiliation", "organisation type", "organization type", "type of organisation",
    "type of organization", "teilnehmergruppe", "zielgruppe", "gruppe", "group",
)
"""Header names of a sector column, best first (compared without case and accents)."""


class SetComposition(Event):
    """Count the composition from the participants, a registration list or typed numbers."""

    source: Source


PERMISSIONS: Matrix = {SetComposition: ORGANIZE}
"""Only organizers decide where the composition's numbers come from."""


def folded(text: str) -> str:
    """Text compared loosely: lower case, accents and umlauts kept apart from letters, single
    spaces, no punctuation at the ends."""
    decomposed = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(decomposed.replace("\ufeff", "").split()).strip(" .:;,-–\"'")


_PART = re.compile(r"^(?:(?P<before>\d+)\s*[x×]?\s+(?P<label_after>.+)|(?P<label>.+?)\s*[:=]?\s*"
                   r"(?P<after>\d+))$")


def parse_counts(text: str) -> list[tuple[str, int]]:
    """"Kommune 48, Land 6, …" (or "48 Kommune", "Kommune: 48", one per line) → the labels
    with their counts, in the order given; a label named twice adds up."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for part in re.split(r"[,;\n]+", text):
        part = " ".join(part.split())
        if not any(char.isalnum() for char in part):  # "…" where a list goes on
            continue
        match = _PART.match(part)
        if match is None:
            raise FlowError("composition.count_unclear", part=part[:60])
        label = (match.group("label") or match.group("label_after")).strip(" :=-–")
        number = int(match.group("after") or match.group("before"))
        if not has_visible_text(label) or len(label) > 120:
            raise FlowError("composition.count_unclear", part=part[:60])
        if number > MAX_ROWS:
            raise FlowError("composition.too_many", max=MAX_ROWS)
        key = folded(label)
        shown.setdefault(key, label)
        counts[key] = counts.get(key, 0) + number
    if not counts:
        raise FlowError("composition.counts_missing")
    if len(counts) > MAX_LABELS:
        raise FlowError("composition.too_many_labels", max=MAX_LABELS)
    return [(shown[key], count) for key, count in counts.items()]


def decoded(data: bytes) -> str:
    """A CSV file's text: UTF-8 (with or without BOM), else Windows-1252 (Excel's "CSV")."""
    if len(data) > MAX_BYTES:
        raise FlowError("composition.file_too_big", megabytes=MAX_BYTES // 1_000_000)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def dialect_of(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The file's dialect as ``csv.Sniffer`` reads it from its first lines; a file it cannot
    read is taken by its first line's semicolons and commas."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {delimiter: first.count(delimiter) for delimiter in ";,\t"}

        class Simple(csv.excel):
            delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","

        return Simple


def read_rows(data: bytes) -> list[list[str]]:
    """Every row of a CSV file, its header first; blank rows left out."""
    text = decoded(data)
    if not text.strip():
        raise FlowError("composition.file_empty")
    reader = csv.reader(io.StringIO(text, newline=""), dialect_of(text))
    try:
        rows = [[cell.strip() for cell in row] for row in reader if any(c.strip() for c in row)]
    except csv.Error as error:
        raise FlowError("composition.file_unreadable") from error
    if len(rows) > MAX_ROWS + 1:
        raise FlowError("composition.too_many", max=MAX_ROWS)
    return rows


def sector_column(header: list[str]) -> int:
    """The index of the sector column: a header named as in ``SECTOR_HEADERS``, the first such
    name winning; a header that contains one of the names counts too."""
    names = [folded(cell) for cell in header]
    for wanted in SECTOR_HEADERS:
        if wanted in names:
            return names.index(wanted)
    for wanted in SECTOR_HEADERS[:-4]:  # "gruppe" or "group" inside a longer name is too vague
        for index, name in enumerate(names):
            if wanted in name:
                return index
    raise FlowError("composition.no_sector_column", columns=", ".join(header)[:200])


HEADER_SEARCH = 5
"""Rows searched for the header: exports often start with a title line or two."""


def header_row(rows: list[list[str]]) -> tuple[int, int]:
    """The header's row and the sector column's index in it, among the first rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        try:
            return index, sector_column(row)
        except FlowError:
            continue
    return 0, sector_column(rows[0])


def count_registrations(data: bytes) -> tuple[str, Counter[str]]:
    """The sector column's header and how often each value occurs in it (an empty cell is
    ``""``); each row below the header (found among the first rows) is one person."""
    rows = read_rows(data)
    start, column = header_row(rows)
    header, body = rows[start], rows[start + 1:]
    if not body:
        raise FlowError("composition.file_empty")
    counts: Counter[str] = Counter()
    for row in body:
        value = " ".join(row[column].split()) if column < len(row) else ""
        counts[value] += 1
    return header[column], counts


def match_label(value: str, sectors: dict[str, tuple[str, ...]]) -> str | None:
    """The sector key whose names include ``value`` (compared loosely), else ``None``.

    ``sectors`` maps each of the event's sector keys to the names it goes by (its texts in
    every language, long and short, and the key itself). Without an exact match, a value
    whose first word nearly is a name's first word ("Kommune", "Kommunale Ebene …") matches
    when it does so for one sector only.
    """
    wanted = folded(value)
    if not wanted:
        return None
    for key, names in sectors.items():
        if wanted in {folded(name) for name in names}:
            return key
    near = [key for key, names in sectors.items()
            if any(_near(_first_word(wanted), _first_word(folded(name))) for name in names)]
    return near[0] if len(near) == 1 else None


def _first_word(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text)
    return words[0] if words else ""


def _near(one: str, other: str) -> bool:
    """The words share their first six letters or more, and most of the shorter one:
    "kommune" and "kommunale", "stiftung" and "stiftungen", not "bundesland" and
    "bundesebene" nor "landkreis" and "landesebene"."""
    if one == other:
        return bool(one)
    common = 0
    for a, b in zip(one, other, strict=False):
        if a != b:
            break
        common += 1
    return common >= 6 and common >= 0.8 * min(len(one), len(other))
