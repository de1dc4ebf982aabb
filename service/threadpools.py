"""Worker-thread pools (anyio capacity limiters), one set per event loop."""

from __future__ import annotations

import asyncio
import weakref
from contextlib import AbstractAsyncContextManager, nullcontext

from anyio import CapacityLimiter

_pools: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def limiter(name: str, size: int) -> CapacityLimiter:
    """The pool called `name` (created with `size` threads) of the running event loop."""
    loop = asyncio.get_running_loop()  # a limiter belongs to one loop, and tests run several
    pools = _pools.setdefault(loop, {})
    if name not in pools:
        pools[name] = CapacityLimiter(size)
    return pools[name]


def sqlite_turn(engine) -> AbstractAsyncContextManager:
    """On SQLite, this process's one turn at the database, awaited in the event loop; else nothing.

    SQLite has a single writer and every transaction takes it (BEGIN IMMEDIATE). Requests that
    waited for it in worker threads could fill the pool while the one holding it still needed a
    thread to finish (its endpoint and its commit are separate calls): 50 simultaneous seat
    requests on one process stalled for a minute. Waiting here costs no thread and is first
    come, first served.
    """
    if engine.dialect.name != "sqlite":
        return nullcontext()
    return limiter("sqlite-turn", 1)
