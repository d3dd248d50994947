"""``werkstatt migrate``: the demo's SQLite database copied to PostgreSQL, every draft the same."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from bot import migrating
from bot.migrating import differing_drafts
from storage import people
from storage.db import Database
from storage.transfer import copy_database
from tests.databases import SERVER_FOR_TESTS, require_server, run_sql
from tests.storage.contract.scene import BEN, workshop

ROOT = Path(__file__).parents[2]


def werkstatt(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *arguments], capture_output=True, text=True,
        timeout=300, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PTB_TIMEDELTA": "1"},
    )


async def drafts_differ(source: Path, target: str) -> list[str]:
    before, after = Database(source), Database(target)
    await before.open()
    await after.open()
    try:
        return await differing_drafts(before, after)
    finally:
        await before.close()
        await after.close()


def test_the_demo_is_copied_to_postgresql_with_every_draft_the_same(tmp_path: Path) -> None:
    require_server()
    database = tmp_path / "demo.sqlite3"
    assert werkstatt("demo", "--quiet", "--database", str(database)).returncode == 0
    target = SERVER_FOR_TESTS.fresh(migrated=False)
    try:
        copied = werkstatt("migrate", "--from", str(database), "--to", target)
        assert copied.returncode == 0, copied.stderr
        assert "the drafts of all 1 events read the same from both databases" in copied.stdout
        again = werkstatt("migrate", "--from", str(database), "--to", target)
        assert again.returncode == 1
        assert "already holds Werkstatt's data" in again.stderr

        run_sql(target, "UPDATE quotes SET text = 'Anders' WHERE id = (SELECT min(id) FROM quotes)")
        code = run_sql(database, "SELECT code FROM events")[0][0]
        assert asyncio.run(drafts_differ(database, target)) == [code]
    finally:
        SERVER_FOR_TESTS.drop(target)


def test_migrate_takes_a_sqlite_file_only(tmp_path: Path) -> None:
    missing = werkstatt("migrate", "--from", str(tmp_path / "none.sqlite3"),
                        "--to", "postgresql://werkstatt@127.0.0.1/werkstatt")
    assert missing.returncode == 2
    assert "is not a SQLite file" in missing.stderr


async def test_a_copy_whose_drafts_read_otherwise_is_refused_naming_those_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    """Every event's draft is compared, not only the first: a copy that lost or changed
    anything of one event (here the second's title) ends with 1 and names that event only."""
    require_server()
    path = tmp_path / "two.sqlite3"
    source = Database(path)
    await source.open()
    shop = await workshop(source)
    async with source.transaction() as tx:
        second = await people.create_event(tx, "Zweiter Tag", "2. Mai", "Aula", "de", BEN)
    await source.close()

    async def lossy(source: Database, target: Database) -> dict[str, int]:
        copied = await copy_database(source, target)
        async with target.transaction() as tx:
            await tx.execute("UPDATE events SET title = 'Anders' WHERE id = ?", (second.id,))
        return copied

    monkeypatch.setattr(migrating, "copy_database", lossy)
    target = SERVER_FOR_TESTS.fresh(migrated=False)
    try:
        assert await migrating.copy_and_check(str(path), target) == 1
        refused = capsys.readouterr().err
        assert second.code in refused and shop.event.code not in refused
        assert "do not use the copy" in refused
    finally:
        SERVER_FOR_TESTS.drop(target)
