"""The load mix's endpoints one at a time, in process: CPU and statements per request (a benchmark).

    python -m load.hotpaths                    # SQLite file with the demo program, 200 of each
    python -m load.hotpaths --postgres -n 300  # on a PostgreSQL started with pgserver

No network and no second process: the app runs under Starlette's TestClient, so the CPU time
(`time.process_time`, all threads of this process) of a request is the app's own plus the test
client's, which is the same for every endpoint (`/healthz` shows it). On PostgreSQL the
server's own CPU is not counted. Statements are counted at the driver (`before_cursor_execute`).
The figures move with the machine's load; compare runs taken side by side.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PATHS = [
    ("GET /healthz", "/healthz", None),
    ("GET /api/v1/cases/[id]", "/api/v1/cases/{case_id}", "api"),
    ("GET /api/v1/cases", "/api/v1/cases?limit=20&offset=20", "api"),
    ("GET /api/v1/attention", "/api/v1/attention", "api"),
    ("GET /today", "/today", "page"),
]


def _setup(url: str) -> None:
    os.environ.update(
        CONVENE_ENV="development",
        CONVENE_DATABASE_URL=url,
        CONVENE_RUN_DISPATCHER_IN_SERVER="false",
        CONVENE_RUN_JOBS_IN_SERVER="false",
        CONVENE_DEMO_ON_EMPTY="false",
    )


def _credentials() -> tuple[dict, dict, int]:
    """An API token and a session cookie of the demo coordinator, and a case id to read."""
    from sqlmodel import select

    from service import demo, migrations
    from service.accounts import auth
    from service.db import get_engine, session_scope
    from service.models import Case, User

    migrations.upgrade(get_engine())
    with session_scope() as session:
        demo.load_demo(session)
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == demo.DEMO_ACCOUNTS[1][0])).one()
        _, token = auth.create_api_token(session, user_id=user.id, name="bench", scope="write")
        cookie = auth.open_session(session, user)
        visible = auth.principal_of(session, user).in_programs(Case.program_id)
        case_id = session.exec(select(Case.id).where(visible).order_by(Case.id)).first()
    return {"Authorization": f"Bearer {token}"}, {"convene_session": cookie}, case_id


def measure(n: int) -> list[tuple[str, float, float, float]]:
    """(endpoint, median CPU ms, p90 CPU ms, statements per request) for each endpoint."""
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from service.db import get_engine
    from service.main import app

    api, cookies, case_id = _credentials()
    engine = get_engine()
    statements = [0]

    def count(*_args) -> None:
        statements[0] += 1

    event.listen(engine, "before_cursor_execute", count)
    out = []
    with TestClient(app) as client:
        client.cookies.update(cookies)
        for label, path, auth in PATHS:
            path = path.format(case_id=case_id)
            headers = api if auth == "api" else {}
            for _ in range(max(5, n // 10)):  # warm: caches, prepared statements
                assert client.get(path, headers=headers).status_code == 200, path
            cpu, statements[0] = [], 0
            for _ in range(n):
                start = time.process_time()
                client.get(path, headers=headers)
                cpu.append(1000 * (time.process_time() - start))
            cpu.sort()
            out.append((label, statistics.median(cpu), cpu[int(0.9 * (n - 1))], statements[0] / n))
    return out


def main(argv: list[str] | None = None) -> int:
    """Set up a database, run the endpoints, print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m load.hotpaths", description=__doc__.split("\n")[0]
    )
    parser.add_argument("-n", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (pgserver)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="convene-hotpaths-"))
    pg = None
    if args.postgres:
        import pgserver

        pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
        pg.psql("CREATE DATABASE convene_bench;")
        _setup(pg.get_uri("convene_bench"))
    else:
        _setup(f"sqlite:///{tmp / 'bench.db'}")
    try:
        rows = measure(args.n)
    finally:
        if pg is not None:
            pg.cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{'endpoint':<26} {'CPU ms p50':>10} {'p90':>7} {'statements':>10}   "
          f"({args.n} requests each, {'PostgreSQL' if pg else 'SQLite'}, in process)")  # fmt: skip
    for label, p50, p90, stmts in rows:
        print(f"{label:<26} {p50:>10.2f} {p90:>7.2f} {stmts:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
