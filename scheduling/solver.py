"""solve(): LP relaxation by column generation, rounding, and an exact MIP on the columns left."""

from __future__ import annotations

import sys
import time

import numpy as np

from .compiled import Compiled, remember
from .eligibility import Candidates
from .greedy import Packing, cheapest_per_seat, greedy, pack, solution_cost
from .highs import core
from .lp import MasterLP, column_generation
from .model import Problem, Solution
from .objective import objective_value

REL_TOL = 1e-6
MAX_MIP_COLUMNS = 200_000


def _progress(enabled: bool, msg: str) -> None:
    if enabled:
        print(f"[convene] {msg}", file=sys.stderr, flush=True)


def _start_columns(m: Compiled, warm: list[int], per_seat: int) -> np.ndarray:
    """The `per_seat` cheapest candidates of each seat plus a warm solution's columns."""
    return np.unique(np.concatenate([cheapest_per_seat(m, per_seat), np.asarray(warm, dtype=int)]))


def _round(m: Compiled, x: np.ndarray, seed: int) -> list[int]:
    """LP rounding: take columns by decreasing LP value, then cheapest first, when they fit."""
    if not ((x > 1e-6) & (x < 1 - 1e-6)).any():
        # an integral LP solution is the answer; it is still re-packed, because a master
        # stopped by the time limit may hold an infeasible primal
        return pack(m, np.flatnonzero(x > 0.5))
    rng = np.random.default_rng(seed)
    pool = np.unique(np.concatenate([np.flatnonzero(x > 1e-6), cheapest_per_seat(m, 40)]))
    tie = rng.random(len(pool)) * 1e-9 if seed else np.zeros(len(pool))
    order = pool[np.lexsort((pool, m.cost[pool] + tie, -np.round(x[pool], 6)))]
    return greedy(m, order)


def _mip(m: Compiled, cols: np.ndarray, start: list[int], time_limit: float, seed: int):
    """Exact MIP over `cols` (warm-started); returns (columns, dual bound, finished)."""
    mip = MasterLP(m, integer=True)
    mip.h.setOptionValue("mip_rel_gap", 0.0)
    mip.h.setOptionValue("mip_abs_gap", 1e-7)
    mip.h.setOptionValue("random_seed", int(seed) % 2**31)
    mip.add(np.unique(np.concatenate([cols, np.asarray(start, dtype=int)])))
    # warm start: the incumbent, with each volunteer's first load increments taken
    colmap = mip.cols
    chosen = np.zeros(m.n_cols, dtype=bool)
    chosen[np.asarray(start, dtype=int)] = True
    taken = np.bincount(m.v[np.asarray(start, dtype=int)], minlength=m.nv)
    is_load = colmap < 0
    val = np.zeros(len(colmap))
    val[~is_load] = chosen[colmap[~is_load]]
    # load columns of a volunteer were added together, in increasing k
    lv = mip.load_v
    starts = np.r_[0, np.flatnonzero(lv[1:] != lv[:-1]) + 1] if len(lv) else np.zeros(0, int)
    k = np.arange(len(lv)) - np.repeat(starts, np.diff(np.r_[starts, len(lv)]))
    val[is_load] = (k < taken[lv]).astype(float)
    sol = core().HighsSolution()
    sol.col_value = val.tolist()
    sol.value_valid = True
    mip.h.setSolution(sol)
    finished = mip.solve(time_limit)
    info = mip.h.getInfo()
    bound = float(info.mip_dual_bound) + m.const
    try:
        x = mip.values()
    except Exception:  # no solution recorded
        return list(start), -np.inf, False
    out = [int(j) for j in np.flatnonzero(x > 0.5)]
    return out, bound, finished


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    progress: bool = False,
    warm: list | None = None,
    candidates: Candidates | None = None,
    parent: Compiled | None = None,
) -> Solution:
    """Optimal (or, under the time limit, near-optimal) panels with a proven lower bound.

    `warm` (assignments) seeds the search; `candidates` are precomputed eligible columns and
    `parent` the compiled problem they were patched from, whose master LP is then continued
    (repair passes both after a change that only removes columns).
    """
    t0 = time.perf_counter()
    deadline = t0 + max(0.1, time_limit)
    m = Compiled(problem, candidates)
    remember(problem, m)
    t_compile = time.perf_counter() - t0
    _progress(
        progress,
        f"{m.nh} hearings, {m.nv} volunteers, {m.n_cols} eligible seat columns ({t_compile:.2f}s)",
    )
    stats: dict = {"columns": int(m.n_cols), "compile_seconds": round(t_compile, 3)}
    if m.n_cols == 0:
        return _finish(problem, m, [], m.const, t0, stats)
    # warm start: greedy over a sparse pool of cheap columns (the full greedy is the baseline)
    pool = cheapest_per_seat(m, 40)
    first_load = m.load_w * (2 * m.prior[m.v[pool]] + 1)
    pool_order = pool[np.lexsort((pool, m.cost[pool] + first_load))]
    # with warm assignments (a repair) they are the better start; skip the cold greedy
    best = greedy(m, pool_order) if not warm else []
    if warm:
        # the warm assignments that are still valid, completed greedily from the same pool
        pk = Packing(m)
        for j in m.columns_of(warm):
            if pk.fits(j):
                pk.take(j)
        ws = greedy(m, pool_order, packing=pk)
        if not best or solution_cost(m, ws) < solution_cost(m, best):
            best = ws
    ub = solution_cost(m, best)
    start = _start_columns(m, best, 4)
    # The LP gets most of the time: when it is integral (as on every generated problem) it is
    # the whole answer, and a MIP without a converged LP would not close the gap anyway.
    master = _continued_master(parent, m)
    lp, x, rc, rc_bound, lb = column_generation(m, start, deadline - 0.1 * time_limit, lp=master)
    m.master = lp  # kept (while the problem is cached) for a later repair
    stats["warm_master"] = master is not None
    stats["lp_columns"] = len(lp.cols)
    _progress(progress, f"LP bound {lb:.4f}, greedy {ub:.4f} ({time.perf_counter() - t0:.2f}s)")
    frac = int(((x > 1e-6) & (x < 1 - 1e-6)).sum())
    stats["lp_fractional"] = frac
    rounded = _round(m, x, seed)
    r_cost = solution_cost(m, rounded)
    if r_cost < ub:
        best, ub = rounded, r_cost
    # the MIP needs time to pay for building it; under a tight limit keep the rounding
    if ub - lb > REL_TOL * max(1.0, abs(ub)) and deadline - time.perf_counter() > 0.05 * time_limit:
        # Reduced-cost fixing: with duals y of bound B(y), a column with rc > ub - B(y) is in
        # no solution better than ub, so the MIP over the rest is exact for the whole problem.
        keep = np.flatnonzero(rc <= ub - rc_bound + 1e-6)
        exact = len(keep) <= MAX_MIP_COLUMNS
        if not exact:  # too many to be exact: a heuristic MIP over the most promising ones
            keep = keep[np.argsort(rc[keep], kind="stable")[:MAX_MIP_COLUMNS]]
        stats["mip_columns"] = len(keep)
        _progress(progress, f"MIP over {len(keep)} columns, gap {ub - lb:.4f}")
        cols, mb, done = _mip(m, keep, best, deadline - time.perf_counter(), seed)
        c = solution_cost(m, cols)
        if c < ub - 1e-9:
            best, ub = cols, c
        if exact and np.isfinite(mb):
            lb = max(lb, min(mb, ub) if done else mb)
        stats["mip_finished"] = bool(done)
    return _finish(problem, m, best, lb, t0, stats)


def _continued_master(parent: Compiled | None, m: Compiled) -> MasterLP | None:
    """The parent's master LP, renumbered for `m`, when `m` only lost columns (else None)."""
    if parent is None or getattr(parent, "master", None) is None:
        return None
    if parent.ns != m.ns or parent.nq != m.nq or parent.nv != m.nv:
        return None
    new_keys = m.v.astype(np.int64) * m.ns + m.s
    order = np.argsort(new_keys)
    old_keys = parent.v.astype(np.int64) * parent.ns + parent.s
    pos = np.minimum(np.searchsorted(new_keys[order], old_keys), max(m.n_cols - 1, 0))
    found = new_keys[order][pos] == old_keys if m.n_cols else np.zeros(len(old_keys), bool)
    old_to_new = np.where(found, order[pos], -1)
    return parent.master.clone_for(m, old_to_new)


def _finish(problem: Problem, m: Compiled, cols, lb: float, t0: float, stats: dict) -> Solution:
    # Last line of defence: columns satisfy rules 1-6 by construction, and re-packing them
    # drops anything that would break rules 7-9 (a solver tolerance must never leak out).
    assignments = m.to_assignments(pack(m, sorted(set(int(c) for c in cols))))
    obj = objective_value(problem, assignments)
    # The bound is proven up to floating-point rounding; it never needs to exceed the objective.
    lb = min(float(lb), obj)
    status = "optimal" if obj - lb <= REL_TOL * max(1.0, abs(obj)) else "feasible"
    stats["wall_seconds"] = round(time.perf_counter() - t0, 3)
    return Solution(assignments, obj, lb, status, stats)
