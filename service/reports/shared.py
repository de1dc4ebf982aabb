"""Today's lists, computed once for everyone who sees the same programs, for a few seconds.

Today and the attention list read eleven to-do lists and the week's hearings: some twenty
statements and a few hundred rows. A program's coordinators, their open tabs and an integration
polling the API ask for the same lists many times a minute, and under load these two were half
of all the server's time. So one computation serves every caller of the same program scope for
`CONVENE_TODAY_SHARED_SECONDS` (5; 0 computes every time), with one exception that matters:
a caller's own change shows at once. A caller passes `fresh_after`, the moment of their last
change (the browser's change mark, service/freshness.py; an API client's
`Cache-Control: no-cache`), and a computation begun before it is not used for them.

Other people's changes and new texts show within those seconds, which is what a page that is
read, not watched, needs. Values are shared between requests and threads: never change them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

from service.accounts.auth import Principal
from service.config import get_settings

T = TypeVar("T")
KEEP = 256  # scopes remembered per process; one entry is a few hundred rows


class _Shared:
    """Values by key, each with the moment its computation began; one computation at a time
    per key, so callers arriving together wait for it rather than all computing it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: OrderedDict[tuple, tuple[float, object]] = OrderedDict()
        self._computing: dict[tuple, threading.Lock] = {}

    def _fresh(self, key: tuple, seconds: float, fresh_after: float | None):
        with self._lock:
            entry = self._values.get(key)
        if entry is None:
            return None
        began, value = entry
        if time.time() - began >= seconds or (fresh_after is not None and began <= fresh_after):
            return None
        return entry

    def get(self, key: tuple, compute: Callable[[], T], seconds: float, fresh_after) -> T:
        """The value of `key` begun less than `seconds` ago and after `fresh_after`, else
        `compute()`'s."""
        entry = self._fresh(key, seconds, fresh_after)
        if entry is not None:
            return entry[1]
        with self._lock:
            turn = self._computing.setdefault(key, threading.Lock())
        with turn:
            entry = self._fresh(key, seconds, fresh_after)  # computed while this one waited
            if entry is not None:
                return entry[1]
            began = time.time()
            value = compute()
            with self._lock:
                self._values[key] = (began, value)
                self._values.move_to_end(key)
                while len(self._values) > KEEP:
                    self._values.popitem(last=False)
            return value

    def clear(self) -> None:
        """Forget every value (tests, and a process that changed data behind the requests)."""
        with self._lock:
            self._values.clear()
            self._computing.clear()


_SHARED = _Shared()


def shared(
    session: Session,
    principal: Principal,
    what: str,
    compute: Callable[[], T],
    *,
    fresh_after: float | None = None,
) -> T:
    """`compute()`'s value for everyone who sees the programs `principal` sees: computed at most
    the configured seconds ago, and after `fresh_after` (a time.time() moment) when given."""
    seconds = get_settings().today_shared_seconds
    if seconds <= 0:
        return compute()
    # the database too: two databases in one process (tests, a second tenant) share nothing
    key = (session.get_bind(), what, principal.program_scope)
    return _SHARED.get(key, compute, seconds, fresh_after)


def forget() -> None:
    """Drop every shared value."""
    _SHARED.clear()
