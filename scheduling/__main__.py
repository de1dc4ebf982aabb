"""Command line: solve, repair, explain, check and generate `convene-match/1` problems."""

from __future__ import annotations

import argparse
import json
import sys

from .changes import change_from_dict
from .explain import explain
from .generate import SIZES, generate
from .highs import core
from .model import ProblemError, load_problem
from .moves import repair
from .objective import check_solution
from .serialize import solution_from_dict, solution_to_dict
from .solver import DEFAULT_TIME_LIMIT, solve


class InputError(Exception):
    """Bad input file: reported on one line, exit code 2."""


def _read_json(path: str):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: invalid JSON ({e})") from None


def _load(kind, path: str):
    try:
        return kind(_read_json(path))
    except ProblemError as e:
        raise InputError(f"{path}: {e}") from None


def _emit(obj) -> None:
    json.dump(obj, sys.stdout, indent=1)
    sys.stdout.write("\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m scheduling`; returns the exit code."""
    ap = argparse.ArgumentParser(prog="python -m scheduling", description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser(
        "solve",
        help="solve a problem; the solution goes to stdout",
        description="Solve a problem; the solution goes to stdout. The engine stops as soon as "
        "the answer is proven optimal; the time limit only caps a run on a slow or shared "
        "machine, and then the answer is the best rounded LP solution found, with its gap.",
    )
    p.add_argument("problem")
    p.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help=f"seconds (default {DEFAULT_TIME_LIMIT:g}, fixed: a 2,000-hearing x 10,000-volunteer "
        "problem with 3.4 M eligible seats is proven optimal in 3 to 10 s on the project's "
        "2-core machine unless it is heavily shared; see scheduling/README.md, 'Time limit')",
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    p = sub.add_parser("repair", help="re-solve after a change (decline, recusal, ...)")
    p.add_argument("problem")
    p.add_argument("solution")
    p.add_argument("change")
    p.add_argument("--time-limit", type=float, default=10.0)
    p = sub.add_parser("explain", help="cost terms and empty-seat reasons of a solution")
    p.add_argument("problem")
    p.add_argument("solution")
    p = sub.add_parser("check", help="validity and objective of a solution (exit 1 if invalid)")
    p.add_argument("problem")
    p.add_argument("solution")
    p = sub.add_parser("generate", help="a seeded benchmark problem")
    p.add_argument("--size", choices=list(SIZES), default="city")
    p.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        if args.cmd == "generate":
            _emit(generate(args.size, args.seed))
            return 0
        if args.cmd in ("solve", "repair"):
            core()  # load HiGHS before reading the problem
        problem = _load(load_problem, args.problem)
        if args.cmd == "solve":
            sol = solve(
                problem, time_limit=args.time_limit, seed=args.seed, progress=not args.quiet
            )
            if sol.status == "optimal":
                how = "optimal"
            else:
                why = "time-limited" if sol.stats.get("stopped_by_time_limit") else "feasible"
                how = f"{why} (gap {sol.stats.get('gap_percent', 0):.3f} % to the bound)"
            print(
                f"[convene] {how}: objective {sol.objective:.4f}, "
                f"bound {sol.lower_bound:.4f}, "
                f"{sol.stats['wall_seconds']:.2f}s",
                file=sys.stderr,
            )
            _emit(solution_to_dict(sol))
            return 0
        solution = _load(solution_from_dict, args.solution)
        if args.cmd == "repair":
            change = _load(change_from_dict, args.change)
            try:
                sol = repair(problem, solution, change, time_limit=args.time_limit)
            except ProblemError as e:
                raise InputError(f"{args.change}: {e}") from None
            _emit(solution_to_dict(sol))
        elif args.cmd == "explain":
            try:
                out = explain(problem, solution).to_dict()
            except ProblemError as e:
                raise InputError(f"{args.solution}: {e}") from None
            _emit(out)
        else:
            c = check_solution(problem, solution)
            _emit(c.to_dict())
            return 0 if c.valid else 1
        return 0
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
