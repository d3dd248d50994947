"""How much one person and one link may ask of the web side.

A whole venue shares one address behind its router, so nothing here counts by
address: the limits are per person (a guest's cookie, a Mini App session) and
per token (a wall link, a participation link). Rates are aiolimiter's leaky
buckets, taken without waiting (a request over the rate is answered 429 at once,
never queued); a bucket idle long enough to be empty again is dropped, so the
memory they take follows the people active in the last minute. Reads are limited as
moves are (a page read by a guest, by a link before joining, by a Mini App person), so
fast enough for any page that reloads or polls as it should. Open event streams are
counted per wall link while they stay open.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from aiolimiter import AsyncLimiter

RETRY_AFTER = "60"
"""Seconds a refused client is told to wait (the buckets' period)."""
PRUNE_AT = 2_000
"""Buckets kept before the idle ones are dropped."""


@dataclass(frozen=True)
class WebLimits:
    """The limits, per minute unless said otherwise."""

    guest_moves: int = 30
    """Moves of one guest (notes, dots, queue places)."""
    app_moves: int = 120
    """Moves of one person in the Mini App (a facilitator grouping 120 notes moves fast)."""
    guest_reads: int = 120
    """Pages one guest reads (every move's answer is a page read too; reloads besides)."""
    link_reads: int = 2_400
    """Pages read through one participation link by people who have not joined (a room
    arriving at once)."""
    app_reads: int = 600
    """Reads of one person in the Mini App (its list of questions is read again after every
    change of the session, at most one read at a time)."""
    app_sessions: int = 20
    """Init data one Telegram user exchanges for session tokens."""
    app_streams: int = 3
    """Event streams one person in the Mini App holds open at once (a phone, a second tab)."""
    joins: int = 300
    """People who join through one participation link."""
    link_posts: int = 1_200
    """Forms posted through one participation link (everyone's moves together)."""
    wall_requests: int = 4 * 30
    """Pages, QR codes and stream connections asked for with one wall link."""
    wall_streams: int = 30
    """Event streams one wall link holds open at once (projectors and second screens)."""

    @classmethod
    def for_screens(cls, screens: int) -> WebLimits:
        """The limits with ``screens`` streams per wall link, asked for four times a minute
        each (a reconnecting screen asks again)."""
        return cls(wall_streams=screens, wall_requests=4 * screens)


class Pace:
    """A rate per key: ``per_minute`` requests, refilled evenly over the minute."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[Hashable, AsyncLimiter] = {}

    async def allow(self, key: Hashable) -> bool:
        """Count a request of ``key``; false (and not counted) when it is over the rate."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= PRUNE_AT:
                self._prune()
            bucket = self._buckets[key] = AsyncLimiter(self.per_minute, 60)
        if not bucket.has_capacity():
            return False
        await bucket.acquire()  # there is capacity: returns without waiting
        return True

    def _prune(self) -> None:
        for key, bucket in list(self._buckets.items()):
            if bucket.has_capacity(bucket.max_rate):  # empty again: as good as new
                del self._buckets[key]

    def __len__(self) -> int:
        return len(self._buckets)


class Streams:
    """Open event streams per key, at most ``most`` at once."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._open: Counter[Hashable] = Counter()

    def open(self, key: Hashable) -> bool:
        """Count a stream opening; false (and not counted) when ``key`` holds ``most``."""
        if self._open[key] >= self.most:
            return False
        self._open[key] += 1
        return True

    def hold(self, key: Hashable) -> Callable[[], None] | None:
        """A place for one stream of ``key`` (``None`` when it holds ``most``), and its release,
        which counts once however often it is called: a response may end without ever
        running its stream (HEAD, a client gone before the first event), so both the stream's
        end and the response's end release it."""
        if not self.open(key):
            return None
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self.close(key)

        return release

    def close(self, key: Hashable) -> None:
        self._open[key] -= 1
        if self._open[key] <= 0:
            del self._open[key]

    def count(self, key: Hashable) -> int:
        return self._open[key]
