"""Keeps events, people, sessions and every round's state in one SQLite file (aiosqlite) or one
PostgreSQL database (asyncpg): ``storage.db.Database`` opens either, ``storage.sqlite`` and
``storage.postgres`` are the two backends, the other modules speak SQL both understand."""
