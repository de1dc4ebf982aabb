"""The `convene` command: demo data, create-user, migrate, worker, and the served app itself."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time

import httpx
from sqlalchemy import func
from sqlmodel import Session, select

import clock
from service import cli
from service.models import (
    Case,
    Hearing,
    Neighborhood,
    Program,
    SeatAssignment,
    User,
    Venue,
    Volunteer,
    VolunteerLanguage,
)


def test_demo_is_a_believable_program(engine, capsys):
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "coordinator@convene.example" in out
    with Session(engine) as s:
        count = lambda m, *w: s.exec(select(func.count()).select_from(m).where(*w)).one()  # noqa: E731
        assert count(Program) == 4
        assert count(Neighborhood) >= 12 and count(Venue) >= 12
        names = {n.name for n in s.exec(select(Neighborhood)).all()}
        assert {
            "Hollywood",
            "Van Nuys",
            "Boyle Heights",
            "South LA",
            "Venice",
            "Wilmington",
        } <= names
        assert 110 <= count(Volunteer) <= 130
        langs = {
            lang: count(VolunteerLanguage, VolunteerLanguage.language == lang)
            for lang in ("es", "ko", "hy")
        }
        assert langs["es"] >= 30 and langs["ko"] >= 3 and langs["hy"] >= 3
        statuses = set(s.exec(select(Case.status)).all())
        assert statuses == {
            "referred",
            "scheduled",
            "heard",
            "agreement",
            "completed",
            "returned",
            "withdrawn",
        }
        assert 55 <= count(Case) <= 65
        assert count(Hearing, Hearing.status == "scheduled") >= 10
        assert count(SeatAssignment) > 0
        assert count(User) == 3
        held = s.exec(
            select(SeatAssignment.volunteer_id, Hearing.start_at, Hearing.end_at)
            .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
            .where(
                Hearing.status == "scheduled", SeatAssignment.status.in_(["invited", "accepted"])
            )
        ).all()
        by_volunteer: dict[int, list] = {}
        for vid, start, end in held:
            by_volunteer.setdefault(vid, []).append((start, end))
        for (
            spans
        ) in by_volunteer.values():  # the demo's panels come from the engine: no double booking
            spans.sort()
            assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
        assert s.exec(
            select(func.count())
            .select_from(SeatAssignment)
            .where(SeatAssignment.status == "declined")
        ).one()
    assert (
        cli.main(["match", "--program", "NJP", "--from", "2026-01-01", "--to", "2030-01-01"]) == 0
    )
    assert "seats proposed" in capsys.readouterr().out
    assert (
        cli.main(["match", "--program", "NOPE", "--from", "2026-01-01", "--to", "2026-02-01"]) == 2
    )
    assert cli.main(["demo"]) == 0  # a second run leaves a populated database alone
    assert "already holds programs" in capsys.readouterr().out
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Volunteer)).one() <= 130


def test_create_user_reads_password_from_stdin(engine, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long passphrase\n"))
    assert (
        cli.main(
            ["create-user", "--email", "First@Example.org", "--role", "admin", "--password-stdin"]
        )
        == 0
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("password\n"))
    assert cli.main(["create-user", "--email", "b@example.org", "--password-stdin"]) == 2
    assert "too common" in capsys.readouterr().err
    with Session(engine) as s:
        assert s.exec(select(User.email)).all() == ["first@example.org"]


def test_worker_says_it_has_nothing_to_do_yet(engine, capsys):
    assert cli.main(["worker", "--once"]) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_migrates_loads_demo_and_answers(tmp_path):
    """The README's run command, end to end: a new SQLite file, migrated, demo loaded, HTTP up."""
    port = _free_port()
    env = (
        dict(
            os.environ,
            CONVENE_DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}",
            CONVENE_ENV="development",
        )
        | clock.server_env()
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=(tmp_path / "serve.log").open("w"),  # a pipe read only at the end could fill
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                if r.status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise AssertionError("server did not come up")
        assert r.json() == {"status": "ok", "database": "ok", "version": r.json()["version"]}
        home = httpx.get(f"http://127.0.0.1:{port}/", follow_redirects=True)
        assert home.status_code == 200 and "Sign in to Convene" in home.text
        # In development the demo coordinator signs in with the password alone.
        demo_sign_in = {"email": "coordinator@convene.example", "password": "convene-demo-2026"}
        r = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login", json=demo_sign_in)
        assert r.status_code == 200, r.text
        token = r.json()
        cases = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/cases",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        ).json()
        assert cases["total"] >= 55
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    out = (tmp_path / "serve.log").read_text()
    assert "Loaded the demo program" in out and "coordinator@convene.example" in out
    assert "No authenticator app is asked of these demo accounts in development" in out
