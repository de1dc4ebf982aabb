"""Two dispatchers on one database never send a row twice (SKIP LOCKED on PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from outbox_rows import queue_texts, rows
from sqlmodel import Session

from service.outbox import repo


def test_two_dispatchers_draining_500_rows_send_each_exactly_once(
    engine, backend, fake, make_dispatcher
):
    # 500 on PostgreSQL, where SKIP LOCKED is what keeps them apart; SQLite serialises claims
    # with BEGIN IMMEDIATE, and 200 rows show that as well in less time.
    n = 500 if backend == "postgres" else 200
    ids = queue_texts(engine, n)
    dispatchers = [make_dispatcher(outbox_batch_size=10, outbox_concurrency=2) for _ in range(2)]
    reports = [None, None]
    start = threading.Barrier(2)

    def drain(i: int) -> None:
        start.wait()
        reports[i] = dispatchers[i].run_once()

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(r.sent for r in reports) == n
    sent = fake.sent()
    assert len(sent) == n and max(sent.values()) == 1
    assert len(fake.creates()) == n
    assert {m.status for m in rows(engine, ids)} == {"sent"}
    assert all(m.attempts == 1 for m in rows(engine, ids))
    if backend == "postgres":
        assert all(r.sent > 0 for r in reports), reports  # both really worked, side by side


def test_a_claim_skips_rows_another_transaction_has_locked(engine, backend):
    queue_texts(engine, 6)
    now = datetime.now(UTC)
    with Session(engine) as first:
        mine = {m.id for m in repo.due_rows(first, now, 4)}
        if backend == "postgres":
            # While the first claim is open, a second claim gets the other rows, without waiting.
            with Session(engine) as second:
                theirs = {m.id for m in repo.due_rows(second, now, 4)}
            assert len(mine) == 4 and len(theirs) == 2 and not mine & theirs
        else:
            # SQLite: BEGIN IMMEDIATE makes the claim the only writer until it ends.
            assert len(mine) == 4
        first.rollback()
