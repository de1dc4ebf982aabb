"""Benchmark: Convene vs a greedy baseline vs OR-Tools CP-SAT on generated problems.

Each solver runs in its own child process so its peak memory (ru_maxrss) can be read alone.
Usage: python -m scheduling.bench [--sizes city,region,state] [--cpsat-time 60] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOLVERS = ("convene", "greedy", "cpsat")


# ---------------------------------------------------------------- workers (child processes)


def _run_convene(path: str, out: str, time_limit: float) -> dict:
    from .highs import core
    from .model import load_problem
    from .serialize import solution_to_dict
    from .solver import solve

    core()  # the CLI loads HiGHS before it reads the problem, too
    t0 = time.perf_counter()  # from reading the file to writing the answer, as the CLI does
    with open(path) as f:
        problem = load_problem(json.load(f))
    sol = solve(problem, time_limit=time_limit)
    with open(out, "w") as f:
        json.dump(solution_to_dict(sol), f)
    wall = time.perf_counter() - t0
    return {
        "objective": sol.objective,
        "bound": sol.lower_bound,
        "wall": wall,
        "status": sol.status,
        "stats": sol.stats,
    }


def _run_greedy(path: str, out: str, time_limit: float) -> dict:
    from .compiled import Compiled
    from .greedy import greedy
    from .model import load_problem
    from .objective import check_solution

    t0 = time.perf_counter()
    with open(path) as f:
        problem = load_problem(json.load(f))
    m = Compiled(problem)
    assignments = m.to_assignments(greedy(m))
    c = check_solution(problem, assignments)
    with open(out, "w") as f:
        json.dump([a.to_dict() for a in assignments], f)
    return {
        "objective": c.objective,
        "bound": None,
        "wall": time.perf_counter() - t0,
        "status": "feasible" if c.valid else "INVALID",
    }


def _run_cpsat(path: str, out: str, time_limit: float) -> dict:
    """The same model in CP-SAT: booleans per eligible seat, at-most-one per time clique."""
    from ortools.sat.python import cp_model

    from .compiled import Compiled
    from .model import load_problem
    from .objective import check_solution

    t0 = time.perf_counter()
    with open(path) as f:
        problem = load_problem(json.load(f))
    m = Compiled(problem)
    scale = 1000.0  # CP-SAT wants integer costs; the bound below accounts for the rounding
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{j}") for j in range(m.n_cols)]
    by_seat: dict[int, list] = {}
    by_vq: dict[tuple[int, int], list] = {}
    by_v: dict[int, list] = {}
    for j in range(m.n_cols):
        by_seat.setdefault(int(m.s[j]), []).append(x[j])
        by_v.setdefault(int(m.v[j]), []).append(x[j])
    for j, q in zip(m.inc_j.tolist(), m.inc_q.tolist(), strict=True):
        by_vq.setdefault((int(m.v[j]), q), []).append(x[j])
    for s, xs in by_seat.items():
        model.add(sum(xs) <= int(m.seat_count[s]))
    for xs in by_vq.values():
        if len(xs) > 1:
            model.add_at_most_one(xs)
    terms = [(x[j], round(float(m.cost[j]) * scale)) for j in range(m.n_cols)]
    n_terms = 0
    for v, xs in by_v.items():
        ys = [model.new_bool_var(f"y{v}_{k}") for k in range(int(m.kmax[v]))]
        model.add(sum(xs) == sum(ys))
        for a, b in zip(ys, ys[1:], strict=False):
            model.add_implication(b, a)
        terms += [(y, round(m.load_cost(v, k + 1) * scale)) for k, y in enumerate(ys)]
        n_terms += len(ys)
    model.minimize(sum(c * var for var, c in terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = max(1.0, time_limit - (time.perf_counter() - t0))
    status = solver.solve(model)
    res = {"objective": None, "bound": None, "status": solver.status_name(status)}
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [j for j in range(m.n_cols) if solver.boolean_value(x[j])]
        c = check_solution(problem, m.to_assignments(chosen))
        res["objective"] = c.objective
        if not c.valid:
            res["status"] = "INVALID"
    # each chosen term was rounded by at most 0.5/scale; at most one x per seat-place and one
    # y per x can be chosen, so this slack keeps the bound valid for the real costs
    slack = 2 * float(m.seat_count.sum()) * 0.5 / scale
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # otherwise the bound is just a default
        res["bound"] = solver.best_objective_bound / scale + m.const - slack
    res["wall"] = time.perf_counter() - t0
    return res


WORKERS = {"convene": _run_convene, "greedy": _run_greedy, "cpsat": _run_cpsat}


def _run_repair(path: str, out: str, time_limit: float) -> dict:
    """In-process time of repair after one decline, over several declined seats."""
    from .changes import Decline
    from .model import load_problem
    from .moves import repair
    from .solver import solve

    with open(path) as f:
        problem = load_problem(json.load(f))
    sol = solve(problem, time_limit=time_limit)
    times, only_seat = [], 0
    picks = sol.assignments[:: max(1, len(sol.assignments) // 10)][:10]
    for a in picks:
        t = time.perf_counter()
        r = repair(problem, sol, Decline(a.hearing, a.volunteer))
        times.append(time.perf_counter() - t)
        removed = set(sol.assignments) - set(r.assignments)
        added = set(r.assignments) - set(sol.assignments)
        only_seat += removed == {a} and all(
            (b.hearing, b.role) == (a.hearing, a.role) for b in added
        )
    return {
        "median_ms": 1000 * statistics.median(times),
        "max_ms": 1000 * max(times),
        "n": len(times),
        "only_declined_seat": only_seat,
    }


# ---------------------------------------------------------------- parent


def _child(kind: str, path: str, time_limit: float) -> tuple[dict, float, float]:
    """Run one worker in a child process; returns (result, process wall seconds, peak MB)."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = tmp.name
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [sys.executable, "-m", "scheduling.bench", "--worker", kind, path, out, str(time_limit)],
        stdout=subprocess.PIPE,
        text=True,
    )
    stdout = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    os.unlink(out)
    try:
        res = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        res = {"status": f"crashed (exit {p.returncode})"}
    return res, wall, usage.ru_maxrss / 1024.0


def _fmt(x, spec=".2f") -> str:
    return "-" if x is None else format(x, spec)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m scheduling.bench`."""
    ap = argparse.ArgumentParser(prog="python -m scheduling.bench")
    ap.add_argument("--sizes", default="city,region,state")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=15.0, help="Convene's time limit")
    ap.add_argument("--cpsat-time", type=float, default=60.0, help="CP-SAT's time limit")
    ap.add_argument("--solvers", default=",".join(SOLVERS))
    ap.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        kind, path, out, tl = args.worker
        fn = _run_repair if kind == "repair" else WORKERS[kind]
        print(json.dumps(fn(path, out, float(tl))), flush=True)
        return 0
    from .generate import generate

    tmpdir = Path(tempfile.mkdtemp(prefix="convene-bench-"))
    rows = []
    header = (
        f"{'size':<7} {'solver':<8} {'objective':>12} {'bound':>12} {'gap%':>8} "
        f"{'wall s':>7} {'proc s':>7} {'peak MB':>8}  status"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes.split(","):
        path = tmpdir / f"{size}.json"
        path.write_text(json.dumps(generate(size, args.seed)))
        results = {}
        for kind in args.solvers.split(","):
            tl = args.cpsat_time if kind == "cpsat" else args.time_limit
            results[kind] = _child(kind, str(path), tl)
        bounds = [r["bound"] for r, _, _ in results.values() if r.get("bound") is not None]
        best = max(bounds) if bounds else None
        for kind, (r, wall, mb) in results.items():
            obj = r.get("objective")
            gap = None if obj is None or best is None else 100 * (obj - best) / max(abs(best), 1e-9)
            line = (
                f"{size:<7} {kind:<8} {_fmt(obj, '12.2f'):>12} {_fmt(r.get('bound'), '12.2f'):>12} "
                f"{_fmt(gap, '8.3f'):>8} {_fmt(r.get('wall'), '7.2f'):>7} {wall:7.2f} {mb:8.0f}  "
                f"{r.get('status')}"
            )
            print(line, flush=True)
            rows.append(line)
    if "city" in args.sizes.split(","):
        r, _, mb = _child("repair", str(tmpdir / "city.json"), args.time_limit)
        print(
            f"\nrepair after one decline (city, {r.get('n')} declines, in-process): median "
            f"{_fmt(r.get('median_ms'), '.1f')} ms, max {_fmt(r.get('max_ms'), '.1f')} ms; "
            f"only the declined seat changed in {r.get('only_declined_seat')}/{r.get('n')}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
