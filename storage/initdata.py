"""Mini App init data exchanged for a session token: each signature once, by every process.

Telegram signs init data when the Mini App opens and it stays good for a day
(``web.miniapp``); remembering only in memory would let it be exchanged again after a
restart, or once per process. The table's primary key decides which exchange was
first, also between processes at once; a row is kept until its init data would be
refused as expired anyway, and what is past that is deleted whenever a new one comes.
"""

from __future__ import annotations

from storage.db import Tx


async def use_init_data(tx: Tx, signature: str, expires: int, now: int) -> bool:
    """Note init data (by its signature) as exchanged until ``expires`` (seconds since 1970);
    false, noting nothing, when it was exchanged before. What expired before ``now`` is
    forgotten first."""
    await tx.changes("DELETE FROM used_init_data WHERE expires < ?", (now,))
    return await tx.changes(
        "INSERT INTO used_init_data (signature, expires) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (signature, expires)) == 1
