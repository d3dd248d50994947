"""Which public function of the storage package each contract test exercises.

A test names what it exercises with ``@covers(...)``;
``test_every_public_function.py`` fails when a public function of ``storage``
is named by no test, so a new function comes with its contract.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any, TypeVar

import storage

TestFn = TypeVar("TestFn", bound=Callable[..., Any])
COVERED: set[str] = set()

NOT_IN_THE_CONTRACT: dict[str, str] = {
    **{f"storage.db.Tx.{name}": "runs a statement in the backend's own SQL; the contract "
       "goes through the functions that do" for name in
       ("execute", "insert", "changes", "insert_rows", "one", "all")},
    "storage.sqlite.SqliteDatabase.conn": "the SQLite connection itself; each backend has its "
    "own",
    "storage.postgres.PostgresDatabase.pool": "the PostgreSQL backend's pool of connections; "
    "each backend has its own",
    "storage.postgres.PgChannel.backend": "the server process of the PostgreSQL backend's "
    "listening connection, which its own tests end (tests/storage/test_postgres.py)",
    "storage.postgres.translate_migration": "the PostgreSQL backend's own machinery: every "
    "contract test on PostgreSQL runs the migrations it translated",
    "storage.db.Row.keys": "a row's column names, as each driver gives them; every read of "
    "this suite goes through rows",
    **{f"storage.records.row_to_{name}": "turns a row of SQLite into a record; each backend "
       "maps its own rows, and every read of this suite goes through them"
       for name in ("event", "person", "session", "round")},
    **dict.fromkeys(
        ("storage.backup.backup", "storage.guard.check_file",
         "storage.guard.DatabaseLock.acquire", "storage.guard.DatabaseLock.release",
         "storage.guard.one_bot", "storage.postgres.ServerLock.acquire",
         "storage.postgres.ServerLock.release"),
        "works on the SQLite file itself (a lock file beside it, its header, SQLite's online "
        "backup) or holds a server's database for one bot (an advisory lock); a server database "
        "has its own backups (tests/storage/test_guard.py, tests/storage/test_postgres.py, "
        "tests/bot/test_operations.py)",
    ),
    **dict.fromkeys(
        (f"storage.receipts.{name}" for name in (
            "folder_for", "Receipts.recover", "Receipts.forget_recovered", "Receipts.keep",
            "Receipts.release", "Receipts.close")),
        "files beside a SQLite file, which a webhook writes before its 200; several processes "
        "on a server database store each update in its inbox instead "
        "(tests/storage/test_receipts.py, tests/reliability/test_receipts_webhook.py)",
    ),
}
"""Public names that are the SQLite backend's own machinery, not part of the contract."""


def qualified(target: object) -> str:
    """``storage.module.function`` or ``storage.module.Class.method`` of a function or property."""
    if isinstance(target, property) and target.fget is not None:
        target = target.fget
    return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', '?')}"


def covers(*targets: object) -> Callable[[TestFn], TestFn]:
    """Mark a test as the contract of ``targets`` (functions, methods or properties)."""
    def mark(test: TestFn) -> TestFn:
        COVERED.update(qualified(target) for target in targets)
        return test

    return mark


def _members(cls: type) -> list[str]:
    """A class's own public methods and properties (and ``__call__``); not those that override
    a method of a base class in storage (a backend's ``open``): the base's contract is theirs,
    and runs on every backend."""
    inherited = {name for base in cls.__mro__[1:] if base.__module__.startswith("storage.")
                 for name in vars(base)}
    return [
        name for name, value in vars(cls).items()
        if (not name.startswith("_") or name == "__call__") and name not in inherited
        and (inspect.isfunction(value) or isinstance(value, property))
    ]


def public_functions() -> set[str]:
    """Every public function of the storage package, and every public method of its classes."""
    found: set[str] = set()
    for info in pkgutil.walk_packages(storage.__path__, "storage."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(value):
                found.add(f"{module.__name__}.{name}")
            elif inspect.isclass(value):
                found.update(f"{module.__name__}.{name}.{member}" for member in _members(value))
    return found
