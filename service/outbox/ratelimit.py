"""A thread-safe token bucket: the messages-per-second limit of one process.

Each worker process (and each server process running the in-server dispatcher) has its own
bucket; with W of them, set CONVENE_SMS_RATE_PER_SECOND to the provider's rate divided by W.
Twilio queues what exceeds a sender's rate rather than refusing it, so a brief overshoot costs
delay, not texts; a 429 that still comes back is retried with backoff.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """Hands out `rate` tokens per second, at most `burst` at once; acquire() waits for one."""

    def __init__(
        self,
        rate: float,
        burst: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = burst
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until one is available; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            # Reserve the token now (the balance may go negative) so that waiting threads queue
            # up in order instead of all waking for the same token.
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait > 0:
            self._sleep(wait)
        return wait
