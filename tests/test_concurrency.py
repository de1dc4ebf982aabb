"""No double booking under concurrency: 50 simultaneous requests against a live server, both databases.

The 50-request burst runs on both databases against `convene serve` (on PostgreSQL the
volunteer's row lock and the overlap query), and on PostgreSQL once more with the overlap query
patched out, where the exclusion constraint of migration 0010 refuses the overlapping seats in
its place. Overlapping publishes run on both.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session, select

import clock
from service.models import SeatAssignment, Volunteer
from support import NJP, credentials, horizon, make_user, next_local

LOGS: dict = {}
TESTS = Path(__file__).resolve().parent
WORKERS = os.environ.get("CONVENE_TEST_WORKERS", "2")
WINDOWS = [
    {"day": d, "start": "08:00", "end": "22:00"}
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(engine, tmp_path, workers: str, app: str | None = None):
    """`convene serve` with `workers` processes on this test's database; yields its base URL.

    With `app` ("module:attribute" under tests/), uvicorn serves that application instead.
    """
    port = _free_port()
    env = (
        dict(
            os.environ,
            CONVENE_DATABASE_URL=engine.url.render_as_string(hide_password=False),
            CONVENE_RUN_DISPATCHER_IN_SERVER="false",
            CONVENE_DEMO_ON_EMPTY="false",
        )
        | clock.server_env()
    )
    command = [sys.executable, "-m", "service.cli", "serve"]
    if app is not None:
        command = [sys.executable, "-m", "uvicorn", app, "--app-dir", str(TESTS)]
    proc = subprocess.Popen(
        [*command, "--port", str(port), "--workers", workers],
        env=env,
        stdout=(tmp_path / "server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    LOGS[base] = tmp_path / "server.log"
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture
def live(engine, tmp_path):
    """`convene serve` (two workers) on this test's database."""
    yield from _serve(engine, tmp_path, WORKERS)


@pytest.fixture
def live_unchecked(engine, tmp_path):
    """Two workers serving tests/unchecked_app.py: the overlap check is gone, the row lock stays.

    The volunteer's row lock serialises the requests but refuses nothing: only the database can
    say no. (Served by separate processes, as `live` is, so the patch must be in the app module.)
    """
    yield from _serve(engine, tmp_path, WORKERS, app="unchecked_app:app")


@pytest.fixture
def live_one(engine, tmp_path):
    """`convene serve` with one worker process: every request of a burst lands on it."""
    yield from _serve(engine, tmp_path, "1")


def _log_tail(base: str) -> str:
    path = LOGS.get(base)
    return path.read_text()[-3000:] if path else ""


def _setup(base: str, engine, n_hearings: int) -> tuple[dict, list[int], int]:
    admin = httpx.Client(base_url=base, timeout=30)
    email = make_user(engine, "admin")
    token = admin.post("/api/v1/auth/login", json=credentials(email, engine)).json()["access_token"]
    admin.headers["Authorization"] = f"Bearer {token}"
    program = admin.post("/api/v1/programs", json=NJP).json()
    hearings = []
    for i in range(n_hearings):
        venue = admin.post(
            "/api/v1/venues",
            json={
                "name": f"Room {i}",
                "address": f"{i} Main St",
                "lat": 34.1,
                "lon": -118.33,
                "windows": WINDOWS,
            },
        ).json()
        case = admin.post(
            "/api/v1/cases", json={"program_id": program["id"], "external_ref": f"C-{i}"}
        ).json()
        # all overlap: 18:00, 18:10, 18:20 ... on the same evening
        start = next_local(1, 18, (i % 6) * 10)
        r = admin.post(
            "/api/v1/hearings",
            json={
                "case_id": case["id"],
                "kind": "panel",
                "venue_id": venue["id"],
                "start": start,
                "allow_outside_venue_hours": True,
            },
        )
        assert r.status_code == 201, r.text
        hearings.append(r.json()["id"])
    vol = admin.post(
        "/api/v1/volunteers",
        json={
            "full_name": "Only Volunteer",
            "home_zip": "90028",
            "certifications": [{"name": "njp_panelist", "completed_on": "2025-01-01"}],
            "availability": WINDOWS,
        },
    ).json()
    return dict(admin.headers), hearings, vol["id"]


def _fifty_book_once(base: str, engine) -> list[str]:
    """50 simultaneous requests seat one volunteer on six overlapping hearings; the 409s' messages."""
    headers, hearings, volunteer_id = _setup(base, engine, n_hearings=6)
    targets = [hearings[i % len(hearings)] for i in range(50)]

    def book(hearing_id: int) -> httpx.Response:
        # A 503 "busy, retry after N s" (every database connection of a worker held when a
        # burst lands unevenly on the two workers) is an answer a client retries, as any
        # client of the API should; what must never happen is a second seat.
        with httpx.Client(base_url=base, headers=headers, timeout=60) as c:
            for _ in range(5):
                r = c.post(
                    f"/api/v1/hearings/{hearing_id}/seats",
                    json={"volunteer_id": volunteer_id, "role": "panelist"},
                )
                if r.status_code != 503:
                    return r
                time.sleep(float(r.headers.get("retry-after", "1")))
            return r

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(pool.map(book, targets))
    codes = [r.status_code for r in answers]
    assert sorted(set(codes)) == [201, 409], (
        f"status codes {sorted(codes)}; server log: {_log_tail(base)}"
    )
    assert codes.count(201) == 1, codes
    assert codes.count(409) == 49, codes
    with Session(engine) as s:
        assert (
            len(
                s.exec(
                    select(SeatAssignment).where(SeatAssignment.volunteer_id == volunteer_id)
                ).all()
            )
            == 1
        )
    return [r.json()["error"]["message"] for r in answers if r.status_code == 409]


def test_fifty_concurrent_seat_requests_book_the_volunteer_once(live, engine):
    """PostgreSQL: row lock, overlap query, constraint. SQLite: one writer, the overlap query.

    On SQLite this used to stall: requests waited for the writer inside FastAPI's 40 worker
    threads while the one holding it needed another thread for its commit. They now wait for
    their process's turn in the event loop (service.threadpools.sqlite_turn), and commits have
    a pool of their own.
    """
    _fifty_book_once(live, engine)


@pytest.mark.parametrize("backend", ["postgres"], indirect=False)
def test_fifty_concurrent_requests_without_the_app_check(live_unchecked, engine):
    """PostgreSQL's exclusion constraint alone turns the overlapping seats into 409s."""
    messages = _fifty_book_once(live_unchecked, engine)
    # The other 409s are the same hearing asked twice ("already has a seat record"), a check
    # that is still in place; every overlap was refused by the database.
    refused_by_db = [m for m in messages if m.startswith("double booking refused")]
    assert len(refused_by_db) >= 40, messages
    assert all(m in refused_by_db or "already has a seat record" in m for m in messages), messages


@pytest.mark.parametrize("backend", ["postgres"], indirect=False)
def test_a_burst_queued_behind_a_row_lock_does_not_stall_the_holder(live_one, engine):
    """45 requests wait on one volunteer's row lock in one process; released, all answer.

    The request that gets the lock next still needs a worker thread after its endpoint returns
    (FastAPI validates a sync endpoint's answer in its thread pool) before it commits. When the
    waiters held all 40 threads, it could not get one: every request stalled until the pool's
    30 s timeout answered 503. Requests now take a turn for a session in the event loop, always
    fewer turns than threads (service.threadpools.session_turn).
    """
    headers, hearings, volunteer_id = _setup(live_one, engine, n_hearings=6)
    waiting_on_lock = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock'"
    )

    def book(hearing_id: int) -> httpx.Response:
        # Below the pool's 30 s timeout: a stalled holder shows as a timeout, not a slow pass.
        with httpx.Client(base_url=live_one, headers=headers, timeout=25) as c:
            return c.post(
                f"/api/v1/hearings/{hearing_id}/seats",
                json={"volunteer_id": volunteer_id, "role": "panelist"},
            )

    with engine.connect() as holder, engine.connect() as watcher:
        holder.execute(select(Volunteer).where(Volunteer.id == volunteer_id).with_for_update())
        with ThreadPoolExecutor(max_workers=45) as pool:
            futures = [pool.submit(book, hearings[i % len(hearings)]) for i in range(45)]
            deadline = time.monotonic() + 60
            while watcher.execute(waiting_on_lock).scalar_one() < 25:
                watcher.rollback()  # a transaction sees one snapshot of the statistics
                assert time.monotonic() < deadline, "the requests never queued on the lock"
                time.sleep(0.2)
            holder.rollback()  # the lock goes: the queue must drain
            codes = sorted(f.result().status_code for f in futures)
    assert codes == [201] + [409] * 44, f"{codes}; server log: {_log_tail(live_one)}"


def test_two_coordinators_publishing_overlapping_proposals(live, engine):
    headers, hearings, volunteer_id = _setup(live, engine, n_hearings=2)
    with httpx.Client(base_url=live, headers=headers, timeout=60) as c:
        program_id = c.get("/api/v1/programs").json()["items"][0]["id"]
        window = horizon()
        runs = [
            c.post(
                f"/api/v1/programs/{program_id}/matching-runs", json=window | {"hearing_ids": [h]}
            ).json()
            for h in hearings
        ]
    assert all(
        any(s["volunteer_id"] == volunteer_id for h in r["hearings"] for s in h["seats"])
        for r in runs
    ), [h["empty_seats"] for r in runs for h in r["hearings"]]

    def publish(run_id: int) -> int:
        with httpx.Client(base_url=live, headers=headers, timeout=60) as c:
            return c.post(
                f"/api/v1/programs/{program_id}/matching-runs/{run_id}/publish"
            ).status_code

    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = sorted(pool.map(publish, [r["id"] for r in runs]))
    assert codes == [200, 409]
    with Session(engine) as s:
        assert (
            len(
                s.exec(
                    select(SeatAssignment).where(SeatAssignment.volunteer_id == volunteer_id)
                ).all()
            )
            == 1
        )
