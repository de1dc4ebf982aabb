"""Schemathesis over /openapi.json: every check, positive and negative data, both databases.

What CI promises: no route answers 5xx, and no answer breaks its own documented schema (status
code, content type, headers, body). The run is bounded (a few examples per operation) so the
whole file takes a few minutes on a small CI machine; the seed data makes path ids hit real
records some of the time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
import schemathesis
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from service.accounts import auth
from service.config import get_settings
from service.db import make_engine, set_engine
from service.main import create_app
from support import World, login, make_user, next_local


@asynccontextmanager
async def _no_background_work(_app):
    # Schemathesis starts the app's lifespan once, at collection, before any fixture runs; the
    # outbox dispatcher must not start there (it would poll whatever database is current).
    yield


# As tests/conftest.py reads it (a plain `import conftest` may find another directory's).
BACKENDS = os.environ.get("CONVENE_TEST_DB", "sqlite,postgres").replace(" ", "").split(",")

APP = create_app()
APP.router.lifespan_context = _no_background_work

# The equivalent of `schemathesis run --mode all` with every check on, bounded per operation.
# The coverage phase is deterministic and walks every boundary of every schema once; fuzzing
# adds random positive and negative cases on top.
CONFIG_TOML = """
[generation]
mode = "all"
max-examples = {examples}
deterministic = true
database = "none"

[checks]
enabled = true
"""

# positive_data_acceptance expects every schema-valid request to succeed. These operations also
# check rules JSON Schema cannot state, and answer 422 naming the field and the reason: a
# referenced record that must exist (an id in the body or query), or one field compared with
# another (end after start, exactly one of person_id or person). Only that check is off, and
# only for them; the schemas state every rule that concerns a single value.
BUSINESS_RULES = {
    ("POST", "/api/v1/users"): "program_ids must name existing programs",
    ("PATCH", "/api/v1/users/{user_id}"): "program_ids must name existing programs",
    ("POST", "/api/v1/api-tokens"): "user_id must name an existing user",
    ("POST", "/api/v1/webhook-subscriptions"): "user_id must exist; url an https:// address",
    ("PATCH", "/api/v1/webhook-subscriptions/{subscription_id}"): "url an https:// address",
    ("POST", "/api/v1/programs"): "hearing kind and obligation type codes must be unique",
    ("POST", "/api/v1/venues"): "a window ends after it starts; neighborhood_id must exist",
    ("PATCH", "/api/v1/venues/{venue_id}"): "a window ends after it starts",
    ("POST", "/api/v1/volunteers"): "a window ends after it starts; expiry after completion",
    ("PATCH", "/api/v1/volunteers/{volunteer_id}"): "neighborhood_id must exist",
    ("POST", "/api/v1/volunteers/{volunteer_id}/certifications"): "expiry after completion",
    ("PUT", "/api/v1/volunteers/{volunteer_id}/availability"): "a window ends after it starts",
    ("POST", "/api/v1/volunteers/{volunteer_id}/blackouts"): "end after start",
    ("POST", "/api/v1/volunteers/{volunteer_id}/conflicts"): "person_id must exist",
    ("POST", "/api/v1/cases"): "program_id must exist; exactly one of person_id or person",
    ("PATCH", "/api/v1/cases/{case_id}"): "status changes follow the case's life cycle",
    ("POST", "/api/v1/cases/{case_id}/parties"): "exactly one of person_id or person",
    ("POST", "/api/v1/hearings"): "case_id and venue_id must exist; end after start",
    ("PATCH", "/api/v1/hearings/{hearing_id}"): "end after start",
    ("POST", "/api/v1/hearings/{hearing_id}/seats"): "volunteer_id must exist",
    ("POST", "/api/v1/programs/{program_id}/matching-runs"): "to after from",
    ("GET", "/api/v1/programs/{program_id}/matching-problem"): "to after from",
    ("POST", "/api/v1/programs/{program_id}/matching-runs/{run_id}/swap"): "ids from the run",
    ("POST", "/api/v1/hearings/{hearing_id}/outcome"): "no_show_action exactly for a no-show",
    ("POST", "/api/v1/cases/{case_id}/obligations"): "type_code must be one of the program's",
    ("GET", "/api/v1/reports/program"): "program_id must exist; to not before from",
    ("GET", "/api/v1/reports/program.csv"): "program_id must exist; to not before from",
}


def _operations_toml() -> str:
    blocks = []
    for (method, path), why in BUSINESS_RULES.items():
        blocks.append(
            f'# {why}\n[[operations]]\ninclude-method = "{method}"\n'
            f'include-path = "{path}"\nchecks.positive_data_acceptance.enabled = false\n'
        )
    return "\n".join(blocks)


def _schema(examples: int) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_str(
        CONFIG_TOML.format(examples=examples) + _operations_toml()
    )
    return schemathesis.openapi.from_asgi("/openapi.json", APP, config=config)


@dataclass
class FuzzTarget:
    """A seeded database and a way to get valid administrator credentials."""

    engine: object
    email: str
    client: TestClient
    headers: dict[str, str]

    def credentials(self) -> dict[str, str]:
        """The administrator's headers, repaired if a fuzzed request signed them out or demoted them."""
        me = self.client.get("/api/v1/auth/me", headers=self.headers)
        if me.status_code == 200 and me.json()["role"] == "admin":
            return self.headers
        from service.models import User

        with Session(self.engine) as s:
            user = s.exec(select(User).where(User.email == self.email)).one()
            user.role = "admin"
            user.is_active = True
            user.locked_at = None
            # A session opened directly: fuzzed sign-ins from this one test address may have
            # made it wait (service.accounts.lockout), and the wait is what is being tested.
            token = auth.open_session(s, user)
            s.commit()
        self.headers = {"Authorization": f"Bearer {token}"}
        return self.headers

    def call(self, case) -> None:
        """Send the case as the administrator and run every check on the answer."""
        case.call_and_validate(headers=self.headers)
        if (case.method.upper(), case.path) in CAN_SIGN_OUT:
            self.credentials()


# Operations that may end or demote the fuzzing administrator's session (a fuzzed user_id can
# be theirs); after one, the session is checked and repaired so later cases stay signed in.
CAN_SIGN_OUT = {("POST", "/api/v1/auth/logout"), ("PATCH", "/api/v1/users/{user_id}")}


def _seed(world: World) -> None:
    """A few records of each kind, so fuzzed ids often name something that exists."""
    volunteers = [world.volunteer(f"Volunteer {i}", mobile=f"+1213555{i:04d}") for i in range(3)]
    cases = [world.case(f"CA-{i}") for i in range(3)]
    world.hearing(cases[0]["id"], next_local(1, 18))
    assert volunteers


def _target(database_url: str) -> Iterator[FuzzTarget]:
    engine = make_engine(database_url)
    set_engine(engine)
    try:
        # Module-scoped, so set up before the per-test fixture that keeps the dispatcher out.
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CONVENE_RUN_DISPATCHER_IN_SERVER", "false")
            get_settings.cache_clear()
            with TestClient(APP) as client:
                email = make_user(engine, "admin")
                headers = login(client, email)
                _seed(World(client, engine, headers))
                yield FuzzTarget(engine, email, client, headers)
    finally:
        set_engine(None)
        engine.dispose()


@pytest.fixture(scope="module")
def sqlite_target(sqlite_template, tmp_path_factory) -> Iterator[FuzzTarget]:
    """A seeded SQLite database for the whole module."""
    path = tmp_path_factory.mktemp("fuzz") / "convene.db"
    shutil.copy(sqlite_template, path)
    yield from _target(f"sqlite:///{path}")


sqlite_schema = _schema(examples=4)


@sqlite_schema.parametrize()
def test_fuzz_sqlite(case, sqlite_target):
    """Every operation on SQLite."""
    set_engine(sqlite_target.engine)
    sqlite_target.call(case)


if "postgres" in BACKENDS:

    @pytest.fixture(scope="module")
    def pg_target(pg_server) -> Iterator[FuzzTarget]:
        """A seeded PostgreSQL database for the whole module."""
        yield from _target(pg_server.create())

    pg_schema = _schema(examples=1)

    @pg_schema.parametrize()
    def test_fuzz_postgres(case, pg_target):
        """Every operation on PostgreSQL, which rejects NUL bytes and overflows on its own terms."""
        set_engine(pg_target.engine)
        pg_target.call(case)
