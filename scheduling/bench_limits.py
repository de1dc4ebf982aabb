"""Benchmark: the dense state-size problem at several time limits, quiet or with a busy core.

Each solve runs in its own child process (as `python -m scheduling solve` would), three runs
per limit. It prints objective, proven bound, gap to the best bound any run proved, the solve's
wall time and where the time went. Usage:
python -m scheduling.bench_limits [--limits 3,5,10,default] [--runs 3] [--busy] [--size S]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .bench import _child, _fmt
from .solver import DEFAULT_TIME_LIMIT


def _spinner() -> subprocess.Popen:
    """A child process that keeps one core busy until it is stopped."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def _phases(stats: dict) -> str:
    """Where the time went, from the solver's own timers."""
    rounds = stats.get("lp_round_seconds") or []
    highs = sum(r[0] for r in rounds)
    price = sum(r[1] for r in rounds)
    return (
        f"elig {stats.get('eligibility_seconds', 0):.2f} "
        f"compile {stats.get('compile_seconds', 0) - stats.get('eligibility_seconds', 0):.2f} "
        f"greedy {stats.get('greedy_seconds', 0):.2f} "
        f"LP {len(rounds)}x: highs {highs:.2f} price {price:.2f} "
        f"round {stats.get('round_seconds', 0):.2f}"
        + ("" if stats.get("lp_converged") else " (LP cut short)")
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of `python -m scheduling.bench_limits`."""
    ap = argparse.ArgumentParser(prog="python -m scheduling.bench_limits", description=__doc__)
    ap.add_argument("--size", default="state-dense")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limits", default="3,5,10,default", help="seconds, or 'default'")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--busy", action="store_true", help="keep one core busy during the runs")
    args = ap.parse_args(argv)
    from .generate import generate

    limits = [DEFAULT_TIME_LIMIT if x == "default" else float(x) for x in args.limits.split(",")]
    path = Path(tempfile.mkdtemp(prefix="convene-limits-")) / f"{args.size}.json"
    path.write_text(json.dumps(generate(args.size, args.seed)))
    mode = "one core kept busy by another process" if args.busy else "no load added"
    print(f"{args.size} seed {args.seed}, {args.runs} runs per limit, {mode}", flush=True)
    spinner = _spinner() if args.busy else None
    rows = []
    try:
        for limit in limits:
            for run in range(args.runs):
                res, proc_wall, mb = _child("convene", str(path), limit)
                rows.append((limit, run, res, proc_wall, mb))
                st = res.get("stats", {})
                print(
                    f"  limit {limit:g}s run {run + 1}: objective {_fmt(res.get('objective'))}, "
                    f"bound {_fmt(res.get('bound'))}, solve {st.get('wall_seconds', 0):.2f}s; "
                    f"{_phases(st)}",
                    flush=True,
                )
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()
    bounds = [r["bound"] for _, _, r, _, _ in rows if r.get("bound") is not None]
    best = max(bounds) if bounds else None
    header = (
        f"{'limit s':>8} {'run':>3} {'objective':>11} {'bound':>11} {'gap to best %':>13} "
        f"{'solve s':>8} {'file-to-file s':>14} {'process s':>9} {'MB':>5}  status"
    )
    print(f"\nbest bound of all runs: {_fmt(best)}\n{header}\n{'-' * len(header)}")
    for limit, run, r, proc_wall, mb in rows:
        obj = r.get("objective")
        gap = None if obj is None or best is None else 100 * (obj - best) / max(abs(best), 1.0)
        st = r.get("stats", {})
        label = f"{limit:g}" + (" (default)" if limit == DEFAULT_TIME_LIMIT else "")
        status = r.get("status", "?")
        if st and not st.get("lp_converged", True):
            status += ", time-limited"
        print(
            f"{label:>8} {run + 1:>3} {_fmt(obj, '11.2f')} {_fmt(r.get('bound'), '11.2f')} "
            f"{_fmt(gap, '13.3f')} {st.get('wall_seconds', 0):8.2f} "
            f"{_fmt(r.get('wall'), '14.2f')} {proc_wall:9.2f} {mb:5.0f}  {status}"
        )
    print("\nsummary (worst of the runs):")
    for limit in limits:
        rs = [r for lim, _, r, _, _ in rows if lim == limit]
        gaps = [100 * (r["objective"] - best) / max(abs(best), 1.0) for r in rs if best]
        walls = [r.get("stats", {}).get("wall_seconds", 0) for r in rs]
        print(
            f"  {limit:g}s: worst gap {max(gaps, default=float('nan')):.3f} %, "
            f"slowest solve {max(walls, default=0):.2f} s"
        )
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")
    sys.exit(code)
