"""Per-worker rate-limit counters for Flask-Limiter's fixed window, without timer threads.

``memory://`` from the limits library starts a new ``threading.Timer`` whenever the previous
one (10 ms) has run out, so under steady load every worker starts up to a hundred threads a
second, and the request that starts one waits until it runs: 0.1-0.4 ms of CPU per POST
with 4 gunicorn workers on 2 cores, depending on the rate. These counters hold the same
per-worker state (an address's count and when its window ends), drop a counter when its
window has passed, and sweep the rest inline at most once a minute so that addresses seen
once do not pile up.

Select them with ``INTAKE_RATELIMIT_STORAGE_URI=intake-memory://`` (the default); only the
fixed-window strategy uses them, which is Flask-Limiter's default.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from limits.storage import Storage

SCHEME = "intake-memory"
SWEEP_EVERY = 60.0  # seconds


class WorkerCounters(Storage):
    """Fixed-window counters in this process's memory (a limits storage)."""

    STORAGE_SCHEME = SCHEME  # registers ``intake-memory://`` with limits

    def __init__(
        self,
        uri: str | None = None,
        wrap_exceptions: bool = False,
        clock: Callable[[], float] = time.time,
        **options: float | str | bool,
    ) -> None:
        self.clock = clock  # wall-clock seconds: limits reports window ends as epoch times
        self._counters: dict[str, tuple[int, float]] = {}  # key -> (count, window ends at)
        self._lock = threading.Lock()
        self._next_sweep = clock() + SWEEP_EVERY
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        """What this storage raises when it fails (nothing here talks to a server)."""
        return RuntimeError

    def _current(self, key: str, now: float) -> tuple[int, float]:
        """(count, window end) of ``key``'s running window, (0, now) if none is running."""
        count, ends = self._counters.get(key, (0, now))
        return (count, ends) if ends > now else (0, now)

    def incr(self, key: str, expiry: float, amount: int = 1, **_: object) -> int:
        """Count ``amount`` hits; a new window of ``expiry`` seconds starts if none is running."""
        now = self.clock()
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(now)
            count, ends = self._current(key, now)
            if count == 0:
                ends = now + expiry
            self._counters[key] = (count + amount, ends)
            return count + amount

    def get(self, key: str) -> int:
        """Hits counted in ``key``'s running window."""
        with self._lock:
            return self._current(key, self.clock())[0]

    def get_expiry(self, key: str) -> float:
        """When ``key``'s running window ends (epoch seconds; now if none is running)."""
        with self._lock:
            return self._current(key, self.clock())[1]

    def check(self) -> bool:
        """Always healthy: nothing to connect to."""
        return True

    def reset(self) -> int:
        """Forget every counter; how many there were."""
        with self._lock:
            count = len(self._counters)
            self._counters.clear()
            return count

    def clear(self, key: str) -> None:
        """Forget ``key``'s counter."""
        with self._lock:
            self._counters.pop(key, None)

    def _sweep(self, now: float) -> None:
        """Drop every counter whose window has ended (the caller holds the lock)."""
        self._counters = {key: entry for key, entry in self._counters.items() if entry[1] > now}
        self._next_sweep = now + SWEEP_EVERY
