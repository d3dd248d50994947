"""Every storage module writes its SQL once, in what SQLite and PostgreSQL both understand.

The contract suite finds a statement only one backend runs when it runs it; this
finds the usual ones at once, with what to write instead.
"""

from __future__ import annotations

import re
from pathlib import Path

STORAGE = Path(__file__).parents[2] / "storage"
BACKENDS_OWN = {"sqlite.py", "postgres.py", "guard.py", "backup.py", "transfer.py"}
"""The modules that speak one backend's language on purpose."""
ONE_DIALECT = {
    r"\bINSERT\s+OR\s+IGNORE\b": "INSERT … ON CONFLICT DO NOTHING",
    r"\bINSERT\s+OR\s+REPLACE\b|\bREPLACE\s+INTO\b": "INSERT … ON CONFLICT (key) DO UPDATE SET …",
    r"\bgroup_concat\s*\(": "a query per value, or EXISTS per known value",
    r"\bPRAGMA\b": "nothing: pragmas are the SQLite backend's (storage/sqlite.py)",
    r"\blast_insert_rowid\b": "Tx.insert (answers the new id) or RETURNING",
    r"\b(julianday|strftime|datetime)\s*\(": "ISO times compared as text, computed in Python",
}


def test_no_storage_module_writes_sql_only_one_backend_understands() -> None:
    found = {
        f"{path.name}:{number}": advice
        for path in sorted(STORAGE.glob("*.py")) if path.name not in BACKENDS_OWN
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for pattern, advice in ONE_DIALECT.items() if re.search(pattern, line, re.IGNORECASE)
    }
    assert found == {}
