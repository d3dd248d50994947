"""``werkstatt backup`` beside a running bot: a whole copy, with every note acknowledged before."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.simulate import World
from storage.backup import backup
from storage.guard import DatabaseFileError
from tests.bot.test_pinboard import opened

pytestmark = pytest.mark.sqlite_only("werkstatt backup copies the SQLite file (PostgreSQL has its"
                                     " own backups: tests/storage/test_postgres.py)")


def notes_in(copy: Path) -> tuple[str, set[str]]:
    """The copy's integrity verdict and the texts of the notes logged in it."""
    with sqlite3.connect(copy) as conn:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        events = [row[0] for row in conn.execute("SELECT event FROM round_log")]
    conn.close()
    found = {text for text in (f"Notiz {n}" for n in range(400)) if any(
        f'"{text}"' in event for event in events)}
    return verdict, found


async def test_a_backup_taken_during_a_burst_is_whole_and_holds_every_acknowledged_note(
    world: World, tmp_path: Path,
) -> None:
    here = await opened(world)
    people = [world.person(f"Person {n}") for n in range(40)]
    texts: dict[int, str] = {}
    copy = tmp_path / "backups" / "werkstatt-copy.sqlite3"
    taking: asyncio.Future[Path] | None = None
    promised: set[str] = set()
    for burst in range(6):
        for n, person in enumerate(people):
            text = f"Notiz {burst * 40 + n}"
            message = await here.say(person, f"/note {n % 3 + 1} {text}", settle=False)
            texts[message["message_id"]] = text
        await asyncio.sleep(0.05)  # the bot handles and commits part of the burst meanwhile
        if burst == 2:
            promised = {texts[int(call.params["message_id"])] for call in here.reactions()
                        if call.status == 200}
            taking = asyncio.ensure_future(
                asyncio.to_thread(backup, world.settings.database, copy))
    await world.settle()
    assert taking is not None
    assert await taking == copy
    assert 0 < len(promised) < 240
    verdict, stored = notes_in(copy)
    assert verdict == "ok"
    assert promised <= stored
    assert {p.name for p in copy.parent.iterdir()} == {copy.name}  # no WAL, no partial left
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_backup_onto_the_database_itself_or_of_no_database_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "werkstatt.sqlite3"
    with pytest.raises(DatabaseFileError, match="no database"):
        backup(database, tmp_path / "copy.sqlite3")
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.close()
    with pytest.raises(DatabaseFileError, match="another file"):
        backup(database, database)
    with pytest.raises(DatabaseFileError, match="another program's"):
        backup(database, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
