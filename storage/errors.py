"""What storage refuses, in its own words: callers never read a database driver's error text."""

from __future__ import annotations


class StorageError(Exception):
    """Something storage would not do."""


class DuplicateSource(StorageError):
    """A round's log already has an event from this source (the same message or press)."""

    def __init__(self, round_id: int | None, detail: str) -> None:
        super().__init__(f"round {round_id}: {detail}" if round_id is not None else detail)
        self.round_id = round_id
