"""What storage refuses, in its own words: callers never read a database driver's error text."""

from __future__ import annotations

import sqlite3

import asyncpg

DATABASE_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError)
"""What either backend's driver raises when the database refuses or cannot be reached (a full
disk, a server gone): a caller that must go on without the database catches these."""
INTEGRITY_ERRORS: tuple[type[Exception], ...] = (
    sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
"""A broken constraint (a unique row stored twice, a row whose parent is gone), either backend."""


class StorageError(Exception):
    """Something storage would not do."""


class DuplicateSource(StorageError):
    """A round's log already has an event from this source (the same message or press)."""

    def __init__(self, round_id: int | None, detail: str) -> None:
        super().__init__(f"round {round_id}: {detail}" if round_id is not None else detail)
        self.round_id = round_id


class StaleRound(StorageError):
    """A round changed since the state a contribution was applied to was read (another
    process stored a step): nothing of it was stored; apply it to the round as it is now."""

    def __init__(self, round_id: int) -> None:
        super().__init__(f"round {round_id} changed meanwhile")
        self.round_id = round_id


TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.DeadlockDetectedError, asyncpg.SerializationError)
"""A transaction the server gave up so that another could go on: trying again may succeed."""


def breaks_unique(error: Exception, table: str) -> bool:
    """Whether ``error`` is a row of ``table`` that repeats a unique key (not a missing
    parent row or another constraint)."""
    if isinstance(error, asyncpg.UniqueViolationError):
        return error.table_name == table
    return (isinstance(error, sqlite3.IntegrityError)
            and f"UNIQUE constraint failed: {table}." in str(error))
