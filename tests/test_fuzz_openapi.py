"""Schemathesis over /openapi.json: every check, positive and negative data, and workflows.

What CI promises: no route answers 5xx, and no answer breaks its own documented schema (status
code, content type, headers, body). Two runs per database:

- per operation: random positive and negative cases (FUZZ_EXAMPLES each), on seeded data so path
  ids hit real records some of the time;
- stateful: Schemathesis's links between operations (inferred from the document: the id a
  POST answers feeds the GET, PATCH and DELETE of that record), chained into short workflows.

CI runs the fuzzing phase only, to stay near a minute and a half on a small machine. `make fuzz`
(CONVENE_FUZZ=full) adds the deterministic coverage phase, which walks every boundary of every
schema (about 50 cases per operation), more examples per operation and longer workflows. Each run
prints its figures (operations, cases by phase, workflow steps).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import hypothesis
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

FULL = os.environ.get("CONVENE_FUZZ", "") == "full"
# Random cases per operation (4 before #18), workflows and their longest chain of calls.
FUZZ_EXAMPLES = {"sqlite": 25 if FULL else 8, "postgres": 10 if FULL else 3}
WORKFLOWS = {"sqlite": 200 if FULL else 25, "postgres": 60 if FULL else 8}
WORKFLOW_STEPS = 10 if FULL else 6

# The equivalent of `schemathesis run --mode all` with every check on, bounded per operation.
# The coverage phase is deterministic and walks every boundary of every schema once (`make fuzz`);
# fuzzing adds random positive and negative cases.
CONFIG_TOML = """
[generation]
mode = "all"
max-examples = {examples}
deterministic = true
database = "none"

[phases.coverage]
enabled = {coverage}

[phases.stateful]
max-steps = {steps}

[checks]
enabled = true
"""

# What each run sent, by phase: printed at the end of the module.
FIGURES: Counter[str] = Counter()

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
    toml = CONFIG_TOML.format(examples=examples, coverage=str(FULL).lower(), steps=WORKFLOW_STEPS)
    config = schemathesis.Config.from_str(toml + _operations_toml())
    return schemathesis.openapi.from_asgi("/openapi.json", APP, config=config)


@dataclass
class FuzzTarget:
    """A seeded database and a way to get valid administrator credentials."""

    engine: object
    email: str
    client: TestClient
    headers: dict[str, str]
    backend: str

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
        FIGURES[f"{self.backend} {case.meta.phase.name.value if case.meta else 'explicit'}"] += 1
        case.call_and_validate(headers=self.headers)
        self.after(case)

    def after(self, case) -> None:
        """Repair the administrator's session after an operation that may have ended it."""
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


def _target(database_url: str, backend: str) -> Iterator[FuzzTarget]:
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
                yield FuzzTarget(engine, email, client, headers, backend)
    finally:
        set_engine(None)
        engine.dispose()


@pytest.fixture(scope="module")
def sqlite_target(sqlite_template, tmp_path_factory) -> Iterator[FuzzTarget]:
    """A seeded SQLite database for the whole module."""
    path = tmp_path_factory.mktemp("fuzz") / "convene.db"
    shutil.copy(sqlite_template, path)
    yield from _target(f"sqlite:///{path}", "sqlite")


def _workflows(schema: schemathesis.BaseSchema, target: FuzzTarget, backend: str) -> None:
    """Chains of linked operations (create, then read, change, delete what was created)."""
    base = schema.as_state_machine()

    class Workflows(base):  # type: ignore[valid-type, misc]
        def get_call_kwargs(self, case) -> dict:
            return {"headers": target.headers}

        def after_call(self, response, case) -> None:
            FIGURES[f"{backend} stateful steps"] += 1
            target.after(case)

        def teardown(self) -> None:
            FIGURES[f"{backend} workflows"] += 1
            super().teardown()

    # The database changes under the machine, so a rule whose links found records once may find
    # none when Hypothesis replays a prefix (FlakyStrategyDefinition); Schemathesis's own runner
    # then starts the next scenario, and so does this, up to three times. A failed check is never
    # this error (it raises FailureGroup), so nothing found is hidden; the figures count restarts.
    for _ in range(3):
        left = WORKFLOWS[backend] - FIGURES[f"{backend} workflows"]
        if left <= 0:
            return
        try:
            Workflows.run(
                settings=hypothesis.settings(
                    max_examples=left,
                    stateful_step_count=WORKFLOW_STEPS,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    suppress_health_check=list(hypothesis.HealthCheck),
                )
            )
            return
        except hypothesis.errors.FlakyStrategyDefinition:
            FIGURES[f"{backend} workflow restarts after a replay"] += 1


@pytest.fixture(scope="module", autouse=True)
def figures(request) -> Iterator[None]:
    """Print what the module sent, for the record (CI's log, the issue's closing note)."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    operations = len(list(sqlite_schema.get_all_operations()))
    line = f"fuzz figures: {operations} operations; " + ", ".join(
        f"{k} {v}" for k, v in sorted(FIGURES.items())
    )
    if reporter is not None:
        reporter.write_line(line)
    (Path(__file__).parents[1] / "test-artifacts").mkdir(exist_ok=True)
    (Path(__file__).parents[1] / "test-artifacts" / "fuzz-figures.txt").write_text(line + "\n")


sqlite_schema = _schema(examples=FUZZ_EXAMPLES["sqlite"])


@sqlite_schema.parametrize()
def test_fuzz_sqlite(case, sqlite_target):
    """Every operation on SQLite."""
    set_engine(sqlite_target.engine)
    sqlite_target.call(case)


def test_fuzz_sqlite_workflows(sqlite_target):
    """Linked operations chained into workflows, on SQLite."""
    set_engine(sqlite_target.engine)
    _workflows(sqlite_schema, sqlite_target, "sqlite")


if "postgres" in BACKENDS:

    @pytest.fixture(scope="module")
    def pg_target(pg_server) -> Iterator[FuzzTarget]:
        """A seeded PostgreSQL database for the whole module."""
        yield from _target(pg_server.create(), "postgres")

    pg_schema = _schema(examples=FUZZ_EXAMPLES["postgres"])

    @pg_schema.parametrize()
    def test_fuzz_postgres(case, pg_target):
        """Every operation on PostgreSQL, which rejects NUL bytes and overflows on its own terms."""
        set_engine(pg_target.engine)
        pg_target.call(case)

    def test_fuzz_postgres_workflows(pg_target):
        """Linked operations chained into workflows, on PostgreSQL."""
        set_engine(pg_target.engine)
        _workflows(pg_schema, pg_target, "postgres")
