"""Receipts: a webhook's update on disk before its 200, until its inbox row is committed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage import receipts as receipts_module
from storage.receipts import Receipts, folder_for


def update(update_id: int, text: str = "Notiz") -> str:
    return json.dumps({"update_id": update_id, "message": {"text": text}}, ensure_ascii=False)


def files(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_size for path in sorted(folder.glob("*.receipts"))}


def test_the_folder_lies_beside_the_database_file(tmp_path: Path) -> None:
    assert folder_for(tmp_path / "werkstatt.sqlite3") == tmp_path / "werkstatt.sqlite3-receipts"


def test_a_file_is_emptied_once_every_receipt_in_it_is_committed(tmp_path: Path) -> None:
    kept = Receipts(tmp_path / "r")
    first = kept.keep(1, update(1))
    second = kept.keep(2, update(2, "Zweite Notiz mit Ümlauten\nund Zeilen"))
    assert first is second
    second_text = update(2, "Zweite Notiz mit Ümlauten\nund Zeilen")
    assert Receipts(tmp_path / "r").recover() == [(1, update(1)), (2, second_text)]
    kept.release(first)
    assert [u for u, _ in Receipts(tmp_path / "r").recover()] == [1, 2]  # one still waits
    kept.release(second)
    assert list(files(tmp_path / "r").values()) == [0]
    assert Receipts(tmp_path / "r").recover() == []
    kept.close()
    assert files(tmp_path / "r") == {}  # an empty file goes


def test_a_full_file_is_closed_and_goes_once_its_last_receipt_is_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(receipts_module, "ROTATE_AT", 100)
    kept = Receipts(tmp_path / "r")
    segments = [kept.keep(n, update(n, "x" * 40)) for n in range(1, 5)]
    assert len({id(s) for s in segments}) == 2  # two receipts fill a file
    assert len(files(tmp_path / "r")) == 2
    for segment in segments[:2]:
        kept.release(segment)
    assert len(files(tmp_path / "r")) == 1  # the full one went
    assert [u for u, _ in Receipts(tmp_path / "r").recover()] == [3, 4]
    kept.close()  # receipts still waiting stay for the next start
    assert [u for u, _ in Receipts(tmp_path / "r").recover()] == [3, 4]


def test_what_a_crash_left_is_read_in_order_once_and_a_record_cut_short_is_skipped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "r"
    kept = Receipts(folder)
    for n in (7, 5, 6):
        kept.keep(n, update(n))
    kept.keep(5, update(5))  # Telegram sent it again before the first was committed
    [path] = folder.glob("*.receipts")
    with path.open("ab") as torn:  # a power loss in the middle of a write
        torn.write(b"120\n{\"update_id\": 8, \"mes")
    again = Receipts(folder)
    assert [u for u, _ in again.recover()] == [5, 6, 7]
    again.forget_recovered()
    assert files(folder) == {}
    assert again.recover() == []
    # A new start after that begins a new file, beside the one still open in the old run.
    again.keep(9, update(9))
    assert [u for u, _ in Receipts(folder).recover()] == [9]


def test_a_disk_that_refuses_keeps_nothing_and_says_so(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")  # the folder cannot be made
    kept = Receipts(blocked)
    with pytest.raises(OSError):
        kept.keep(1, update(1))
    assert kept.recover() == []
    kept.close()
    with pytest.raises(OSError):  # closed: nothing more is kept
        kept.keep(2, update(2))
