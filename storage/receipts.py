"""Receipts: a webhook's updates on disk before the 200, without waiting for a commit.

Telegram sends a chat's next update only once the previous one was answered 200, and
the 200 may go only once the update is safe. Waiting for the inbox's transaction
made every update of a busy chat wait for a commit, one after another (half the bare
bot's speed on one board). A receipt is instead one append to a file beside the
database, in the event loop, a few microseconds: as durable as a commit with SQLite's
``synchronous=NORMAL`` (both survive a crash of the process, both are in the operating
system's hands until it writes them out). The receipt is kept until the update is
marked handled in the inbox (``bot.inbox``): only then is it no longer needed, and the
update's content never has to go into the inbox at all.

A file is emptied when every receipt in it is released; a file that grows past
``ROTATE_AT`` while receipts are still waiting is closed, and a new one started (the old
one goes once its last receipt is released). At start-up, what the files hold goes into
the inbox first (an update handled already stays as it is) and the files go.

One process writes them: the database's run lock (``storage.guard.one_bot``) sees to it.
Several processes on PostgreSQL store each update in the shared inbox instead, where any
of them may handle it.

A receipt is ``<length>\\n<JSON>\\n``; a record cut short (a crash in the middle of a
write, which only a power loss makes possible) is skipped when read.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
ROTATE_AT = 4 * 1024 * 1024
"""Bytes after which a file with receipts still waiting is closed and a new one begun."""


def folder_for(database_path: str | Path) -> Path:
    """Where the receipts of a database file live: beside it, like SQLite's own ``-wal``."""
    path = Path(database_path)
    return path.with_name(f"{path.name}-receipts")


@dataclass(eq=False)
class Segment:
    """One file of receipts, and how many of them are not yet committed."""

    path: Path
    fd: int
    size: int = 0
    waiting: int = 0


class Receipts:
    """The receipts of one database file (``folder_for``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._current: Segment | None = None
        self._closed: list[Segment] = []
        self._next = 0
        self._shut = False

    def recover(self) -> list[tuple[int, str]]:
        """The updates (id, JSON) that every file left holds, in Telegram's order; call
        ``forget_recovered`` once they are in the inbox."""
        found: dict[int, str] = {}
        for path in self._files():
            for update_id, payload in _read(path):
                found.setdefault(update_id, payload)
        return sorted(found.items())

    def forget_recovered(self) -> None:
        """The files read by ``recover`` are in the inbox: they go."""
        for path in self._files():
            path.unlink(missing_ok=True)
        _sync_folder(self.folder)

    def keep(self, update_id: int, payload: str) -> Segment:
        """Append one receipt (``OSError`` if the disk refuses: nothing was kept); the
        segment to ``release`` once the update no longer needs it."""
        if self._shut:
            raise OSError("the receipts are closed")
        segment = self._segment()
        data = payload.encode()
        record = b"%d\n%s\n" % (len(data), data)
        written = os.write(segment.fd, record)
        if written != len(record):  # a full disk part-way: cut back, as if never written
            os.ftruncate(segment.fd, segment.size)
            raise OSError(f"only {written} of {len(record)} bytes of a receipt were written")
        segment.size += written
        segment.waiting += 1
        return segment

    def release(self, segment: Segment) -> None:
        """One of the segment's receipts is no longer needed."""
        segment.waiting -= 1
        if segment.waiting > 0 or self._shut:
            return
        try:
            if segment is self._current:
                os.ftruncate(segment.fd, 0)
                segment.size = 0
            else:
                os.close(segment.fd)
                segment.path.unlink(missing_ok=True)
                self._closed.remove(segment)
        except OSError:  # kept on disk: read again at the next start, where nothing repeats
            log.warning("a file of receipts could not be emptied", exc_info=True)

    def close(self) -> None:
        """Close the files; what they hold stays for the next start (an empty one goes)."""
        self._shut = True
        for segment in (*self._closed, *([self._current] if self._current else [])):
            os.close(segment.fd)
            if segment.waiting == 0:
                segment.path.unlink(missing_ok=True)
        self._closed, self._current = [], None

    def _segment(self) -> Segment:
        current = self._current
        if current is not None and current.size < ROTATE_AT:
            return current
        if current is not None:  # full, and receipts in it still wait
            self._closed.append(current)
        self.folder.mkdir(parents=True, exist_ok=True)
        while (path := self.folder / f"{self._next:08d}.receipts").exists():
            self._next += 1
        self._next += 1
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _sync_folder(self.folder)  # the new file's name itself survives
        self._current = Segment(path, fd)
        return self._current

    def _files(self) -> list[Path]:
        return sorted(self.folder.glob("*.receipts")) if self.folder.is_dir() else []


def _read(path: Path) -> list[tuple[int, str]]:
    data = path.read_bytes()
    found: list[tuple[int, str]] = []
    at = 0
    while at < len(data):
        newline = data.find(b"\n", at)
        if newline < 0 or not data[at:newline].isdigit():
            break
        start = newline + 1
        end = start + int(data[at:newline])
        if end + 1 > len(data) or data[end:end + 1] != b"\n":
            break  # cut short
        try:
            payload = data[start:end].decode()
            found.append((int(json.loads(payload)["update_id"]), payload))
        except (ValueError, KeyError, TypeError):
            log.warning("a receipt that holds no update was skipped (%s)", path.name)
        at = end + 1
    if at < len(data):
        log.warning("a receipt cut short was skipped (%s)", path.name)
    return found


def _sync_folder(folder: Path) -> None:
    if not folder.is_dir():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
