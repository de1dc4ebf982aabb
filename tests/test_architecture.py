"""The folders show the architecture: scheduling/ and notifications/ stand alone."""

import shutil
import subprocess
import sys
from pathlib import Path

import import_graph

FORBIDDEN = ("service", "fastapi", "sqlmodel", "sqlalchemy", "starlette", "uvicorn")


def _loaded_after_import(package: str) -> set[str]:
    code = (
        f"import sys, pkgutil, importlib, {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_scheduling_is_a_pure_library():
    assert not _loaded_after_import("scheduling") & set(FORBIDDEN)


def test_notifications_imports_no_web_or_database_code():
    assert not _loaded_after_import("notifications") & set(FORBIDDEN)


# --- The floors of service/ (docs/architecture.md): entry -> domain use cases -> foundation. ---

REPO = Path(__file__).resolve().parents[1]


def test_no_import_climbs_a_floor():
    """Nothing below the entry floors imports api/, web/, webhooks/, cli or main, and the pure
    libraries import no service code; function-level imports count too."""
    assert import_graph.climbs(import_graph.graph(REPO)) == []


def test_no_import_circles():
    assert import_graph.cycles(import_graph.graph(REPO)) == []


def test_the_contract_catches_a_climb_and_a_circle(tmp_path):
    """The two checks above fail when someone adds a climb or a circle (shown on a copy)."""
    for package in ("service", "scheduling", "notifications"):
        shutil.copytree(REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    clean = import_graph.graph(tmp_path)
    assert import_graph.climbs(clean) == [] and import_graph.cycles(clean) == []
    # A use case reaching up into a page module, inside a function as a shortcut would.
    cases = tmp_path / "service" / "cases" / "referrals.py"
    cases.write_text(
        cases.read_text() + "\n\ndef _shortcut():\n    from service.web import today\n"
    )
    # A pure library importing the service.
    (tmp_path / "scheduling" / "leak.py").write_text("from service.db import utcnow\n")
    # Two domain modules importing each other.
    (tmp_path / "service" / "ping.py").write_text("from service import pong\n")
    (tmp_path / "service" / "pong.py").write_text("from service import ping\n")
    bad = import_graph.graph(tmp_path)
    assert import_graph.climbs(bad) == [
        "scheduling.leak -> service.db (a pure library imports the service)",
        "service.cases.referrals -> service.web.today (below the entry floors, imports one)",
    ]
    # The shortcut above may close a circle of its own (web.today reaches cases through reports).
    assert ["service.ping", "service.pong"] in import_graph.cycles(bad)


# Demo data is exempt.
LONG_MODULES_ALLOWED = {"service/demo.py"}


def test_entry_floors_run_no_queries():
    """Pages and routers parse, call a use case and render: the queries live in the domains."""
    files = [*(REPO / "service" / "api").glob("*.py"), *(REPO / "service" / "web").glob("*.py")]
    found = {str(f.relative_to(REPO)): f.read_text().count("select(") for f in files}
    assert {f: n for f, n in found.items() if n} == {}


def test_modules_stay_under_400_lines():
    long = {
        str(p.relative_to(REPO))
        for p in (REPO / "service").rglob("*.py")
        if len(p.read_text().splitlines()) > 400 and "migrations" not in p.parts
    }
    assert long <= LONG_MODULES_ALLOWED, sorted(long - LONG_MODULES_ALLOWED)
