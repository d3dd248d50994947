"""Registration lists as German spreadsheets export them, and counts typed in, matched to the
event's sectors: every encoding and delimiter, headers in German or English."""

from __future__ import annotations

import pytest

from drafts import CompositionInput, DraftInput, EventInfo, Table, build_document
from flows.base import FlowError
from flows.composition import parse_counts, read_rows, sector_column
from service.composition import UNKNOWN, registration_list, typed_counts
from storage.records import DEFAULT_SECTORS

REFERENCE = [
    ("Kommunale Ebene (Gemeinde/Kommune/Landkreis, Kommunalverband)", 48),
    ("Landesebene (Ministerium, Behörde)", 6),
    ("Bundesebene (Ministerium Behörde)", 3),
    ("Zivilgesellschaftliche Organisationen", 17),
    ("Stiftungen", 2),
    ("Wissenschaft", 3),
]
"""The reference's table as a registration list names the sectors."""
EXPECTED = (("municipal", 48), ("state", 6), ("federal", 3), ("civil_society", 17),
            ("foundation", 2), ("research", 3))


def reference_list(delimiter: str, sector_header: str = "Bereich") -> str:
    """79 rows: a name, an organization with the delimiter inside quotes, the sector."""
    lines = [delimiter.join(["Nachname", "Vorname", "Organisation", sector_header])]
    number = 0
    for sector, count in REFERENCE:
        for _ in range(count):
            number += 1
            organization = f'"Verein {number}{delimiter} e.V."'
            lines.append(delimiter.join([f"Müller-{number}", "Jürgen", organization,
                                         f'"{sector}"']))
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_the_reference_list_is_counted_in_every_encoding_and_delimiter(
    delimiter: str, encoding: str,
) -> None:
    data = reference_list(delimiter).encode(encoding)
    found = registration_list(data, DEFAULT_SECTORS)
    assert found.rows == EXPECTED
    assert found.total == 79 and found.unmatched == () and found.column == "Bereich"
    assert dict(found.guessed) == {REFERENCE[0][0]: "municipal", REFERENCE[1][0]: "state",
                                   REFERENCE[2][0]: "federal"}


@pytest.mark.parametrize("header", ["Sector", "Sektor", "Organisationstyp", "BEREICH ",
                                    "Type of organisation", "Bereich / Ebene"])
def test_the_sector_column_is_found_by_its_header_in_german_or_english(header: str) -> None:
    data = reference_list(";", header).encode("utf-8-sig")
    assert registration_list(data, DEFAULT_SECTORS).rows == EXPECTED


def test_a_tab_separated_export_is_read_too() -> None:
    data = b"Name\tSektor\nA\tStiftungen\nB\tWissenschaft\n"
    assert registration_list(data, DEFAULT_SECTORS).rows == (("foundation", 1),
                                                             ("research", 1))


def test_a_list_the_sniffer_cannot_read_is_taken_by_its_first_line() -> None:
    data = "Bereich;Name\nKommune;A\n".encode("cp1252")
    assert read_rows(data) == [["Bereich", "Name"], ["Kommune", "A"]]


def test_empty_cells_are_not_stated_and_unknown_values_keep_a_row_of_their_own() -> None:
    data = (b"Name;Bereich\nA;Kommune\nB;\nC;Verwaltung\nD;verwaltung\nE;Stiftung\n"
            b"F;Landkreis\n;\n")
    found = registration_list(data, DEFAULT_SECTORS)
    assert found.rows == (("municipal", 1), ("foundation", 1), ("Verwaltung", 1),
                          ("verwaltung", 1), ("Landkreis", 1), (UNKNOWN, 1))
    assert found.unmatched == (("Verwaltung", 1), ("verwaltung", 1), ("Landkreis", 1))


def test_a_title_line_above_the_header_is_passed_over() -> None:
    data = ("Anmeldeliste Kommunalkonferenz 2023;;\n;;\nName;Organisation;Sektor\n"
            "A;Stadt;Kommune\nB;Verein;Zivilgesellschaft\n").encode("cp1252")
    found = registration_list(data, DEFAULT_SECTORS)
    assert found.column == "Sektor"
    assert found.rows == (("municipal", 1), ("civil_society", 1))


def test_ways_of_writing_no_sector_count_as_not_stated() -> None:
    found = typed_counts("Kommune 5, ohne Angabe 2, keine Angabe 1, Not stated 1, k. A. 1",
                         DEFAULT_SECTORS)
    assert found.rows == (("municipal", 5), (UNKNOWN, 5))


def test_an_events_own_sectors_are_matched_by_their_names() -> None:
    data = "Zugehörigkeit,Name\nPolitik,A\npolitik,B\nVerwaltung,C\n".encode("cp1252")
    found = registration_list(data, ("Verwaltung", "Politik"))
    assert found.rows == (("Verwaltung", 1), ("Politik", 2))


@pytest.mark.parametrize(("data", "key"), [
    (b"", "composition.file_empty"),
    (b"Bereich\n", "composition.file_empty"),
    (b"Name;Stadt\nA;Kassel\n", "composition.no_sector_column"),
    (b"x" * 5_000_001, "composition.file_too_big"),
])
def test_a_list_that_cannot_be_counted_is_refused_with_a_reason(data: bytes, key: str) -> None:
    with pytest.raises(FlowError) as refused:
        registration_list(data, DEFAULT_SECTORS)
    assert refused.value.key == key


def test_the_first_matching_header_name_wins() -> None:
    assert sector_column(["Gruppe", "Name", "Sektor"]) == 2
    assert sector_column(["Arbeitsgruppe", "Sektor (Ebene)"]) == 1


def test_typed_counts_are_matched_like_a_list() -> None:
    found = typed_counts("Kommune 48, Verwaltung 6, Land: 6\n17 Zivilgesellschaft; …",
                         DEFAULT_SECTORS)
    assert found.rows == (("municipal", 48), ("state", 6), ("civil_society", 17),
                          ("Verwaltung", 6))
    assert found.unmatched == (("Verwaltung", 6),)


@pytest.mark.parametrize(("text", "key"), [
    ("", "composition.counts_missing"),
    ("Kommune viele", "composition.count_unclear"),
    ("Kommune 1000001", "composition.too_many"),
])
def test_typed_counts_that_cannot_be_read_are_refused(text: str, key: str) -> None:
    with pytest.raises(FlowError) as refused:
        parse_counts(text)
    assert refused.value.key == key


def test_an_imported_reference_list_gives_the_references_shares_in_the_draft() -> None:
    found = registration_list(reference_list(";").encode("cp1252"), DEFAULT_SECTORS)
    draft = DraftInput(
        event=EventInfo(title="Kommunalkonferenz", dates="11.–12. Mai 2023", place="Kassel",
                        language="de", sectors=DEFAULT_SECTORS),
        composition=CompositionInput(source="import", label="anmeldung.csv", counts=found.rows),
    )
    table = next(b for b in build_document(draft).blocks if isinstance(b, Table))
    assert [row[2] for row in table.rows[:-1]] == ["61 %", "8 %", "4 %", "22 %", "3 %", "4 %"]
    assert table.rows[-1][1] == "79"
