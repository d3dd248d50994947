"""The database file is guarded: one process holds it, and a file that is not ours is left alone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import migrations
from storage.guard import DatabaseFileError, DatabaseLock, check_file
from storage.sqlite import SqliteDatabase

HOLD = """
import sys, time
from storage.guard import DatabaseLock
with DatabaseLock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_the_lock_is_refused_while_another_process_holds_it_and_free_when_it_ends(
    tmp_path: Path,
) -> None:
    database = tmp_path / "werkstatt.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseFileError, match=f"process {holder.pid}"):
            DatabaseLock(database).acquire()
    finally:
        holder.communicate("", timeout=30)
    with DatabaseLock(database), pytest.raises(DatabaseFileError, match="another Werkstatt bot"):
        DatabaseLock(database).acquire()
    with DatabaseLock(database):
        pass


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def foreign_files(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.txt"
    text.write_text("Einkaufsliste: Milch, Brot\n", encoding="utf-8")
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(4096))
    other = tmp_path / "recipes.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    cut = tmp_path / "cut.sqlite3"
    with sqlite3.connect(cut) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    conn.close()
    cut.write_bytes(cut.read_bytes()[:100] + os.urandom(4000))
    return {"text": text, "random": noise, "foreign": other, "damaged": cut}


@pytest.mark.parametrize("kind", ["text", "random", "foreign", "damaged"])
async def test_a_file_that_is_not_werkstatts_is_refused_and_left_byte_for_byte(
    tmp_path: Path, kind: str,
) -> None:
    path = foreign_files(tmp_path)[kind]
    before = listing(tmp_path)
    content = path.read_bytes()
    database = SqliteDatabase(path)
    with pytest.raises(DatabaseFileError, match=r"left untouched|damaged") as caught:
        await database.open()
    assert "\n" not in str(caught.value)
    assert path.read_bytes() == content
    assert listing(tmp_path) == before  # no -wal, no -shm


async def test_a_database_of_a_newer_werkstatt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "werkstatt.sqlite3"
    database = SqliteDatabase(path)
    await database.open()
    newest = await database.schema_version()
    await database.conn.execute(f"PRAGMA user_version = {newest + 1}")
    await database.close()
    with pytest.raises(DatabaseFileError, match="newer Werkstatt"):
        check_file(path, migrations()[-1][0])


async def test_a_missing_empty_or_own_database_is_accepted(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    for path in (tmp_path / "new.sqlite3", empty):
        database = SqliteDatabase(path)
        await database.open()
        await database.close()
        check_file(path, migrations()[-1][0])
