"""What keeps the database file safe: one bot process per file, and no foreign file taken over.

Two bot processes on one SQLite file would each keep their own rounds in
memory and overwrite each other's states: a lock file beside the database
(``fcntl.flock``, released by the operating system when the process ends,
also after a crash) lets only one of them run. Reading the file (an export, a
backup) needs no lock: WAL lets readers beside the writer.

A file that is not Werkstatt's (a text file, random bytes, another program's
SQLite database) must be left exactly as it is: opening it as ours would switch
it to WAL and create our tables in it. ``check_file`` looks with a read-only
connection before anything writes.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from storage.db import is_server

SQLITE_HEADER = b"SQLite format 3\x00"
OWN_TABLES = frozenset({"events", "people", "rounds", "round_log", "meta"})
"""Tables every Werkstatt database has since its first migration."""


class DatabaseFileError(Exception):
    """The database file cannot be used; the message is one line an operator can act on."""


class DatabaseLock:
    """The exclusive lock of one database file, held while this object is open."""

    def __init__(self, database: str | Path) -> None:
        self.database = Path(database)
        self.path = Path(f"{database}.lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise ``DatabaseFileError`` at once if another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DatabaseFileError(
                f"another Werkstatt bot ({holder}) is running on {self.database};"
                " stop it first (export and backup work beside it)."
            ) from None
        handle.truncate(0)
        handle.write(f"process {os.getpid()}\n")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file gives the lock back
            self._handle = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextmanager
def one_bot(database: str | Path, newest: int, *, several: bool = False) -> Iterator[None]:
    """Hold the database for this bot process while the block runs, or raise
    ``DatabaseFileError``: the lock file and ``check_file`` for SQLite, the server's advisory
    lock (``storage.postgres.ServerLock``) for PostgreSQL, which checks itself when opened.

    ``several``: processes behind one webhook may share a PostgreSQL database (they claim
    its chats, timers and live messages, ``bot.sharing``); a SQLite file stays one bot's."""
    if is_server(database) and several:
        yield
        return
    if is_server(database):
        from storage.postgres import ServerLock

        with ServerLock(str(database)):
            yield
        return
    with DatabaseLock(database):
        check_file(database, newest)
        yield


def check_file(database: str | Path, newest: int) -> None:
    """Raise ``DatabaseFileError`` unless ``database`` is missing, empty, or a Werkstatt database
    of schema ``newest`` or older. Reads only: the file is left as it was. (A PostgreSQL
    database is not a file: it is checked when it is opened.)"""
    path = Path(database)
    if str(database) == ":memory:" or is_server(database) or not path.exists():
        return
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if not header:
        return
    if header != SQLITE_HEADER:
        raise DatabaseFileError(
            f"{path} is not a SQLite database (damaged, or another kind of file); it was left"
            " untouched. Restore a backup or set WERKSTATT_DATABASE to another file.")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            tables = {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(
            f"{path} is a damaged SQLite database ({error}); it was left untouched."
            " Restore a backup.") from None
    if version == 0 and not tables:
        return
    if version == 0 or not OWN_TABLES.issubset(tables):
        raise DatabaseFileError(
            f"{path} is another program's SQLite database, not Werkstatt's; it was left"
            " untouched. Set WERKSTATT_DATABASE to another file.")
    if version > newest:
        raise DatabaseFileError(
            f"{path} was written by a newer Werkstatt (schema {version}; this one knows up to"
            f" {newest}); it was left untouched. Update Werkstatt.")
