"""solve(): LP relaxation by column generation, rounding, and an exact MIP on the columns left."""

from __future__ import annotations

import sys
import time

import numpy as np

from .compiled import Compiled, remember
from .eligibility import Candidates
from .greedy import (
    Packing,
    by_seat,
    cheapest_per_seat,
    greedy,
    pack,
    reseat,
    solution_cost,
)
from .highs import core
from .lp import MasterLP, column_generation
from .model import Problem, Solution
from .objective import objective_value

REL_TOL = 1e-6
# The exact MIP runs only over this many columns (after reduced-cost fixing); more cannot be
# solved inside a limit of seconds, so the rounded LP stands.
MAX_MIP_COLUMNS = 50_000
# The pool of cheap columns per seat from which rounding completes a solution.
POOL_PER_SEAT = 40
# The default time limit (seconds): see README.md, "Time limit".
DEFAULT_TIME_LIMIT = 30.0


def _progress(enabled: bool, msg: str) -> None:
    if enabled:
        print(f"[convene] {msg}", file=sys.stderr, flush=True)


def _start_columns(m: Compiled, warm: list[int], per_seat: int) -> np.ndarray:
    """The `per_seat` cheapest candidates of each seat plus a warm solution's columns."""
    return np.unique(np.concatenate([cheapest_per_seat(m, per_seat), np.asarray(warm, dtype=int)]))


def _round(m: Compiled, x: np.ndarray, seed: int) -> list[int]:
    """LP rounding with a repaired completion: columns by decreasing LP value, then cheapest.

    Each column is taken when it fits and lowers the objective, so seats the rounding leaves
    empty are completed from the cheapest candidates of every seat (the pool).
    """
    support = np.flatnonzero(x > 1e-6)
    if not ((x > 1e-6) & (x < 1 - 1e-6)).any():
        # an integral LP solution: re-packed (a defence against solver tolerances), then
        # completed, which adds nothing to the optimum but fills what a truncated master missed
        pk = Packing(m)
        for j in support:
            if pk.fits(int(j)):
                pk.take(int(j))
        return greedy(m, _pool_order(m), packing=pk)
    rng = np.random.default_rng(seed)
    pool = np.unique(np.concatenate([support, cheapest_per_seat(m, POOL_PER_SEAT)]))
    tie = rng.random(len(pool)) * 1e-9 if seed else np.zeros(len(pool))
    order = pool[np.lexsort((pool, m.cost[pool] + tie, -np.round(x[pool], 6)))]
    return greedy(m, order)


def _pool_order(m: Compiled) -> np.ndarray:
    """The cheapest columns of every seat, cheapest first (counting the first load increment)."""
    pool = cheapest_per_seat(m, POOL_PER_SEAT)
    first_load = m.load_w * (2 * m.prior[m.v[pool]] + 1)
    return pool[np.lexsort((pool, m.cost[pool] + first_load))]


def seat_bound(m: Compiled) -> float:
    """A proven bound before any LP: every seat filled by its cheapest candidate.

    It is the Lagrangian bound of the duals y_seat = min(0, min_j c_j + first load cost of j's
    volunteer), y_volunteer = -(that volunteer's first load cost), clique duals 0: every reduced
    cost is then >= 0, so the bound is the constant plus y_seat . count.
    """
    if m.n_cols == 0:
        return m.const
    first = m.load_w * (2 * m.prior + 1)
    seats = np.flatnonzero(np.diff(m.seat_ptr) > 0)  # columns are grouped by seat
    low = np.minimum.reduceat(m.cost + first[m.v], m.seat_ptr[seats])
    return m.const + float(np.minimum(low, 0.0) @ m.seat_count[seats])


def _reserve(m: Compiled, limit: float, slowdown: float) -> float:
    """Seconds kept after column generation for rounding, repair and writing the answer.

    Measured in CPU time at 3.4 M columns: rounding 0.07 s, a pass of local search 0.16 s, the
    answer 0.15 s; the reserve is about twice that, times how much slower than its CPU time the
    compilation ran (a shared machine), and never more than a third of the limit.
    """
    return min(limit / 3, (0.05 + 0.2 * m.n_cols / 1e6) * slowdown)


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
    time_limit: float = DEFAULT_TIME_LIMIT,
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
    t0, cpu0 = time.perf_counter(), time.process_time()
    limit = max(0.1, time_limit)
    deadline = t0 + limit
    m = Compiled(problem, candidates)
    remember(problem, m)
    t_compile = time.perf_counter() - t0
    # wall over CPU time while compiling: above 1 when other processes share the cores
    slowdown = min(10.0, max(1.0, t_compile / max(time.process_time() - cpu0, 1e-3)))
    _progress(
        progress,
        f"{m.nh} hearings, {m.nv} volunteers, {m.n_cols} eligible seat columns ({t_compile:.2f}s)",
    )
    stats: dict = {
        "columns": int(m.n_cols),
        "compile_seconds": round(t_compile, 3),
        "eligibility_seconds": round(m.eligibility_seconds, 3),
        "slowdown": round(slowdown, 2),
    }
    if m.n_cols == 0:
        return _finish(problem, m, [], m.const, t0, stats)
    # The start: greedy over a sparse pool of cheap columns (the full greedy is the baseline).
    pool_order = _pool_order(m)
    if warm:
        # a repair: the warm assignments that are still valid are the better start, completed
        # greedily from the same pool
        pk = Packing(m)
        for j in m.columns_of(warm):
            if pk.fits(j):
                pk.take(j)
        best = greedy(m, pool_order, packing=pk)
    else:
        # and seat by seat with the loads so far: 8 % above the optimum on the dense state
        # problem, where greedy() is 22 % above; the answer when the limit allows no LP round
        best = min(greedy(m, pool_order), by_seat(m), key=lambda cols: solution_cost(m, cols))
    ub = solution_cost(m, best)
    stats["greedy_objective"] = round(ub, 4)
    stats["greedy_seconds"] = round(time.perf_counter() - t0 - t_compile, 3)
    lb = seat_bound(m)
    start = _start_columns(m, best, 4)
    # Column generation gets the time up to a reserve for rounding and repair, so the answer
    # is a rounded LP solution whenever any LP round finished, and the wall time stays inside
    # the limit. When the LP converges integral (as on every generated problem) it is the answer.
    master = _continued_master(parent, m)
    t_lp = time.perf_counter()
    gen = column_generation(m, start, deadline - _reserve(m, limit, slowdown), lp=master)
    m.master = gen.master  # kept (while the problem is cached) for a later repair
    lb = max(lb, gen.best)
    stats["warm_master"] = master is not None
    stats["lp_columns"] = len(gen.master.cols)
    stats["lp_rounds"] = gen.rounds
    stats["lp_seconds"] = round(time.perf_counter() - t_lp, 3)
    stats["lp_converged"] = gen.converged
    stats["lp_round_seconds"] = gen.seconds  # per round: HiGHS, pricing
    _progress(
        progress,
        f"LP bound {lb:.4f} after {gen.rounds} rounds"
        f"{'' if gen.converged else ' (stopped by the time limit)'}, start {ub:.4f} "
        f"({time.perf_counter() - t0:.2f}s)",
    )
    stats["lp_fractional"] = int(((gen.x > 1e-6) & (gen.x < 1 - 1e-6)).sum())
    t_round = time.perf_counter()
    rounded = _round(m, gen.x, seed)
    r_cost = solution_cost(m, rounded)
    stats["rounded_objective"] = round(r_cost, 4)
    stats["round_seconds"] = round(time.perf_counter() - t_round, 3)
    if r_cost <= ub:
        best, ub = rounded, r_cost
    if not gen.converged and deadline - time.perf_counter() > 0.1 * slowdown * m.n_cols / 1e6:
        # a cut-short LP: one pass of local search, seat by seat (1.8 % above the optimum
        # instead of 2.3 % after the first round on the dense state problem; 0.16 s of CPU)
        better = reseat(m, best)
        if solution_cost(m, better) < ub:
            best, ub = better, solution_cost(m, better)
        stats["reseat_objective"] = round(ub, 4)
    # The MIP only runs when it is exact and cheap: after the LP converged, over the columns
    # reduced-cost fixing leaves, with time to spare. A heuristic MIP over a truncated master
    # overran a 10 s limit by minutes (issue 21), and cannot prove anything.
    gap_open = ub - lb > REL_TOL * max(1.0, abs(ub))
    if gen.converged and gap_open and deadline - time.perf_counter() > 0.2 * limit:
        # Reduced-cost fixing: with duals y of bound B(y), a column with rc > ub - B(y) is in
        # no solution better than ub, so the MIP over the rest is exact for the whole problem.
        keep = np.flatnonzero(gen.rc <= ub - gen.bound + 1e-6)
        stats["mip_columns"] = len(keep)
        if len(keep) <= MAX_MIP_COLUMNS:
            _progress(progress, f"MIP over {len(keep)} columns, gap {ub - lb:.4f}")
            left = deadline - time.perf_counter() - _reserve(m, limit, slowdown) / 2
            cols, mb, done = _mip(m, keep, best, left, seed)
            c = solution_cost(m, cols)
            if c < ub - 1e-9:
                best, ub = cols, c
            if np.isfinite(mb):
                lb = max(lb, min(mb, ub) if done else mb)
            stats["mip_finished"] = bool(done)
    stats["stopped_by_time_limit"] = not gen.converged or stats.get("mip_finished") is False
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
    stats["gap_percent"] = round(100 * (obj - lb) / max(1.0, abs(obj)), 4)
    stats["wall_seconds"] = round(time.perf_counter() - t0, 3)
    return Solution(assignments, obj, lb, status, stats)
