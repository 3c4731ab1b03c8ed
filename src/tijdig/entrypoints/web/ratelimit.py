"""A sliding-window limiter per key (client address): in memory, per process.

Enough for one server process (what `tijdig serve` runs); behind several workers each
counts on its own, so the limit per address is at most workers × limit.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class SlidingWindow:
    def __init__(
        self, limit: int, seconds: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.seconds = seconds
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.seconds:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        """True once `limit` hits fell inside the window."""
        with self._lock:
            return len(self._recent(key, self._clock())) >= self.limit

    def hit(self, key: str) -> None:
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)
            if len(self._hits) > 10_000:  # forget idle keys, so memory stays bounded
                for idle in [k for k, v in self._hits.items() if not v]:
                    del self._hits[idle]

    def retry_after(self, key: str) -> int:
        with self._lock:
            hits = self._recent(key, self._clock())
            return max(1, int(hits[0] + self.seconds - self._clock()) + 1) if hits else 1
