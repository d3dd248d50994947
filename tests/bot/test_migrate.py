"""``werkstatt migrate``: the demo's SQLite database copied to PostgreSQL, every draft the same."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from bot.migrating import differing_drafts
from storage.db import Database
from tests.databases import SERVER_FOR_TESTS, require_server, run_sql

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
