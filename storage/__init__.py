"""Keeps events, people, sessions and every round's state in one SQLite file (aiosqlite)."""
