"""Per-key rate limit: a sliding one-minute window of request times, per server process.

Each uvicorn worker counts on its own, so with N workers a key may reach up to N× the limit; a shared
counter (Redis) would fix that, but this service keeps no state outside its data dir.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

WINDOW_S = 60.0


class RateLimiter:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, now: float | None = None) -> float | None:
        """Count one request; returns None if allowed, else the seconds until the next one is."""
        if self.per_minute <= 0:
            return None
        now = time.monotonic() if now is None else now
        with self._lock:
            window = self._hits.setdefault(key, deque())
            while window and window[0] <= now - WINDOW_S:
                window.popleft()
            if len(window) >= self.per_minute:
                return max(window[0] + WINDOW_S - now, 0.0)
            window.append(now)
            return None


def retry_after(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
