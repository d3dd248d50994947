"""Copying a SQLite database into an empty one (``werkstatt migrate``), row for row.

Both are migrated to the newest schema first, so their tables and columns are
the same. Tables are copied parents first (by their foreign keys), in one
transaction on the target: a copy that fails leaves the target as empty as it
was. Ids are kept, so every reference stays; afterwards PostgreSQL's identity
columns are moved past the copied ids, so new rows get new ones.
"""

from __future__ import annotations

from graphlib import TopologicalSorter

from storage.db import Database, Tx
from storage.guard import DatabaseFileError
from storage.records import Event, row_to_event

COPY_CHUNK = 100
"""Rows read and written at a time (a photo's bytes among them)."""


async def all_events(tx: Tx) -> list[Event]:
    """Every event, in the order they were created."""
    rows = await tx.all("SELECT * FROM events ORDER BY id")
    return [row_to_event(row) for row in rows]


async def copy_database(source: Database, target: Database) -> dict[str, int]:
    """Copy every row of the SQLite database ``source`` into ``target``, which must hold no
    rows yet (``DatabaseFileError`` otherwise); how many rows each table had."""
    if source.dialect != "sqlite":
        raise DatabaseFileError("werkstatt migrate copies from a SQLite file.")
    async with source.read() as reader:
        tables = await _tables_parents_first(reader)
        columns = {table: [str(row["name"]) for row in await reader.all(
            f"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")] for table in tables}
    copied: dict[str, int] = {}
    async with target.transaction() as tx:
        for table in tables:
            if await tx.one(f"SELECT 1 FROM {table} LIMIT 1") is not None:
                raise DatabaseFileError(
                    f"the target database already holds Werkstatt's data ({table}); copy"
                    " into an empty database only.")
        for table in tables:
            names = ", ".join(columns[table])
            copied[table] = 0
            last = None
            while True:  # by rowid, a chunk at a time: a database of photos need not fit memory
                async with source.read() as reader:
                    rows = await reader.all(
                        f"SELECT rowid AS copy_rowid, {names} FROM {table}"
                        f"{'' if last is None else ' WHERE rowid > ?'} ORDER BY rowid"
                        f" LIMIT {COPY_CHUNK}", () if last is None else (last,))
                if not rows:
                    break
                last = rows[-1]["copy_rowid"]
                copied[table] += await tx.insert_rows(
                    f"INSERT INTO {table} ({names})", [tuple(row)[1:] for row in rows],
                    chunk=COPY_CHUNK)
        if tx.dialect == "postgresql":
            for table in tables:
                if "id" in columns[table]:
                    await tx.all(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                 f" coalesce(max(id), 0) + 1, false) FROM {table}")
    return copied


async def _tables_parents_first(tx: Tx) -> list[str]:
    """The SQLite database's tables, each after the tables its foreign keys point to."""
    names = [str(row["name"]) for row in await tx.all(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        " ORDER BY name")]
    graph: dict[str, set[str]] = {}
    for name in names:
        parents = await tx.all(f"SELECT \"table\" FROM pragma_foreign_key_list('{name}')")
        graph[name] = {str(row[0]) for row in parents} - {name}
    return list(TopologicalSorter(graph).static_order())
