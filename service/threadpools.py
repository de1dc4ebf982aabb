"""Worker-thread pools (anyio capacity limiters), one set per event loop."""

from __future__ import annotations

import asyncio
import weakref
from contextlib import AbstractAsyncContextManager, nullcontext

from anyio import CapacityLimiter, to_thread

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


# Worker threads a request's own work can never take from the requests holding a session: the
# one that holds a row lock others wait for still needs a thread after its endpoint returns
# (FastAPI validates a sync endpoint's answer in the default pool) before it can commit.
FREE_THREADS = 8


def session_turn(engine, pool_size: int) -> AbstractAsyncContextManager:
    """A request's turn to hold a database session, awaited in the event loop.

    On SQLite it is the single writer's turn (sqlite_turn). On PostgreSQL at most `pool_size`
    requests of a process hold a session at once, and always fewer than its worker threads:
    50 simultaneous seat requests once put 40 threads behind one volunteer's row lock while the
    request holding it waited for a thread to answer, and every request stalled until the
    connection pool's 30 s timeout. Beyond the turns, requests wait here at no cost in threads.
    """
    if engine.dialect.name == "sqlite":
        return sqlite_turn(engine)
    threads = to_thread.current_default_thread_limiter().total_tokens
    return limiter("session-turns", max(1, min(pool_size, int(threads) - FREE_THREADS)))
