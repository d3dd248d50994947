"""The Bot API connection: python-telegram-bot's HTTPX request, fed at most a pool's worth.

A burst of notes acknowledges every note at once: hundreds of ``setMessageReaction``
calls start together. Handed straight to httpcore, each one beyond the open
connections opens another (a name lookup in a thread, a TCP and a TLS handshake)
up to the pool's 256, and every time a connection frees httpcore walks all the
waiting requests again (quadratic in the burst). ``BoundedRequest`` lets only
``connections`` requests into the pool at a time; the others wait, in order, on a
semaphore, and the few connections are kept alive and reused.

Four: over the wire (``python -m bench.wire``) a note's acknowledgement cost least CPU
with one to four connections, a third more with sixteen; with Telegram some 50 ms away,
four connections still send 80 reactions a second.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.request import HTTPXRequest

CONNECTIONS = 4
"""Requests (and connections) to the Bot API at once, besides the one for ``getUpdates``."""


class BoundedRequest(HTTPXRequest):
    def __init__(self, connections: int = CONNECTIONS, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connections, **kwargs)
        self._slots = asyncio.Semaphore(connections)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        async with self._slots:
            return await super().do_request(*args, **kwargs)
