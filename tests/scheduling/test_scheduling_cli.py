"""The `python -m scheduling` command line, and that the library stays free of web/database code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from independent_checker import check

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "scheduling", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_solve_writes_a_valid_optimal_solution():
    r = run("solve", DATA / "example-small.json", "--time-limit", "5", "--seed", "1")
    assert r.returncode == 0, r.stderr
    sol = json.loads(r.stdout)
    assert sol["format"] == "convene-match-solution/1"
    assert sol["status"] == "optimal"
    assert sol["objective"] == pytest.approx(2040.1394396204892, rel=1e-9)
    assert "[convene]" in r.stderr  # progress on stderr, never on stdout
    problem = json.loads((DATA / "example-small.json").read_text())
    assert check(problem, sol["assignments"])[0] == []


def test_generate_solve_explain_check_repair(tmp_path):
    r = run("generate", "--size", "city", "--seed", "2")
    assert r.returncode == 0
    prob = tmp_path / "p.json"
    prob.write_text(r.stdout)
    r = run("solve", prob, "--quiet")
    assert r.returncode == 0, r.stderr
    sol = tmp_path / "s.json"
    sol.write_text(r.stdout)
    r = run("check", prob, sol)
    assert r.returncode == 0 and json.loads(r.stdout)["valid"] is True
    r = run("explain", prob, sol)
    assert r.returncode == 0 and "assignments" in json.loads(r.stdout)
    first = json.loads(sol.read_text())["assignments"][0]
    change = tmp_path / "c.json"
    change.write_text(
        json.dumps(
            {"type": "decline", "hearing": first["hearing"], "volunteer": first["volunteer"]}
        )
    )
    r = run("repair", prob, sol, change)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert first not in out["assignments"]


@pytest.mark.parametrize(
    ("mutation", "needle"),
    [
        (
            lambda d: d["hearings"][2]["seats"][0].update(count=0),
            "hearings[2].seats[0].count: must be at least 1",
        ),
        (
            lambda d: d["volunteers"][2]["availability"][0].update(day="tues"),
            "volunteers[2].availability[0].day: unknown weekday 'tues'",
        ),
        (lambda d: d.update(volunteers="nobody"), "volunteers: must be a list"),
    ],
)
def test_bad_problem_exits_2_with_the_path(tmp_path, mutation, needle):
    d = json.loads((DATA / "example-small.json").read_text())
    mutation(d)
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(d))
    r = run("solve", p)
    assert r.returncode == 2
    assert needle in r.stderr
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stdout == ""


def test_unreadable_and_non_json_files_exit_2(tmp_path):
    p = tmp_path / "x.json"
    p.write_text("{not json")
    for args in (("solve", p), ("solve", tmp_path / "missing.json")):
        r = run(*args)
        assert r.returncode == 2 and "Traceback" not in r.stderr and "error:" in r.stderr


def test_bad_change_exits_2(tmp_path):
    c = tmp_path / "c.json"
    c.write_text(json.dumps({"type": "decline", "hearing": "nope", "volunteer": "ana"}))
    r = run("repair", DATA / "example-small.json", DATA / "example-small.solution.json", c)
    assert r.returncode == 2 and "hearing: unknown hearing 'nope'" in r.stderr


def test_library_imports_no_web_or_database_code():
    code = (
        "import sys, scheduling, scheduling.__main__, scheduling.bench, scheduling.generate\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('service', 'fastapi', 'sqlmodel', 'sqlalchemy', 'starlette', 'pydantic', 'alembic', 'psycopg')]\n"
        "print(','.join(bad))\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == ""


def test_cli_output_does_not_depend_on_hash_seed(tmp_path):
    import os

    r = run("generate", "--size", "city", "--seed", "5")
    prob = tmp_path / "p.json"
    prob.write_text(r.stdout)
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        r = subprocess.run(
            [sys.executable, "-m", "scheduling", "solve", str(prob), "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert r.returncode == 0, r.stderr
        sol = json.loads(r.stdout)
        sol.pop("stats")
        outs.append(sol)
    assert outs[0] == outs[1]


def test_explain_with_a_foreign_solution_exits_2(tmp_path):
    s = tmp_path / "s.json"
    s.write_text(json.dumps({"assignments": [{"hearing": "h-x", "volunteer": "ana", "role": "r"}]}))
    r = run("explain", DATA / "example-small.json", s)
    assert r.returncode == 2
    assert (
        "assignments[0].hearing: unknown hearing 'h-x'" in r.stderr and "Traceback" not in r.stderr
    )


def test_solver_runs_in_a_process_that_also_loads_ortools():
    # OR-Tools bundles its own libhighs.so.1; the engine must not load a clashing copy.
    code = (
        "from ortools.sat.python import cp_model\n"
        "import json, scheduling\n"
        f"d = json.load(open({str(DATA / 'example-small.json')!r}))\n"
        "print(scheduling.solve(scheduling.load_problem(d)).status)\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "optimal"
