"""A consistent copy of the live database, taken beside a running bot.

SQLite's online backup copies the pages of one read transaction. Copied in
one step (``pages=-1``) the copy is a snapshot of the moment it began: the bot
keeps writing to the WAL meanwhile (WAL lets a reader beside the writer). A
copy in many small steps would start over at every write of the bot, and
under a burst never finish. The copy is written beside the target, checked
with ``PRAGMA integrity_check``, switched out of WAL (a single file to keep)
and only then renamed into place, so a failed backup never replaces a good one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from storage.db import is_server, migrations
from storage.guard import DatabaseFileError, check_file


def backup(database: str | Path, out: str | Path) -> Path:
    """Copy ``database`` to ``out`` consistently; raise ``DatabaseFileError`` with one line."""
    if is_server(database):
        raise DatabaseFileError(
            "werkstatt backup copies a SQLite file; back up a PostgreSQL database with"
            " PostgreSQL's own tools (pg_dump, or the backups of your provider).")
    source, target = Path(database), Path(out)
    if not source.exists():
        raise DatabaseFileError(f"there is no database at {source} to back up.")
    if target.resolve() == source.resolve():
        raise DatabaseFileError("the backup must go to another file than the database.")
    check_file(source, migrations()[-1][0])
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        copy = sqlite3.connect(partial)
        try:
            reader.execute("PRAGMA busy_timeout=5000")
            reader.backup(copy, pages=-1)
            copy.execute("PRAGMA journal_mode=DELETE")
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            copy.close()
            reader.close()
        if verdict != "ok":
            raise DatabaseFileError(f"the copy of {source} failed its integrity check: {verdict}")
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    except sqlite3.Error as error:
        raise DatabaseFileError(f"backing up {source} failed: {error}") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
