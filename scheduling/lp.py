"""LP relaxation by column generation (HiGHS), its proven Lagrangian bound, and the exact MIP."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .highs import core, new_highs

# Up to this many (volunteer, clique) keys (8 bytes each), pricing gathers clique duals from a
# dense array; beyond, it searches the master's sorted keys.
DENSE_KEYS = 8_000_000


class MasterLP:
    """Restricted master LP over a growing set of columns; rows are created on demand.

    Rows: one per seat (sum x <= count), one per (volunteer, time clique) (sum x <= 1, which also
    gives one seat per hearing), one per volunteer linking its seats to load increments
    (sum x - sum y <= 0, each y in [0, 1] costing the k-th seat's marginal load cost).
    Everything is built with numpy: at state scale the master holds ~10^5 columns.
    """

    def __init__(self, m: Compiled, integer: bool = False, threads: int = 1):
        self.m = m
        self.integer = integer
        self.h = new_highs()
        self.h.setOptionValue("threads", threads)
        self.h.setOptionValue("random_seed", 0)
        if not integer:
            # measured: presolve costs more than it saves on these master LPs, which grow by a
            # few columns at a time and are re-solved warm
            self.h.setOptionValue("presolve", "off")
        self.cols = np.zeros(0, dtype=np.int64)  # LP column -> candidate, -1 for load increments
        self.in_lp = np.zeros(m.n_cols, dtype=bool)
        self.load_row = np.full(m.nv, -1, dtype=np.int64)  # volunteer -> row
        self.clique_keys = np.zeros(0, dtype=np.int64)  # sorted v * nq + q
        self.clique_rows = np.zeros(0, dtype=np.int64)
        self.load_v = np.zeros(0, dtype=np.int64)  # per load-increment column: volunteer, cost
        self.load_c = np.zeros(0)
        self.n_rows = 0
        self._new_rows(m.ns, m.seat_count.astype(float))

    def clone_for(self, m: Compiled, old_to_new: np.ndarray) -> MasterLP:
        """A warm copy of this master for a problem that only lost columns and changed costs.

        Rows are keyed by seat, (volunteer, clique) and volunteer, which such a change leaves
        alone; candidate columns are renumbered by `old_to_new` (-1: gone, so fixed at 0) and
        re-priced, and HiGHS restarts from this master's basis.
        """
        c = MasterLP.__new__(MasterLP)
        c.m, c.integer = m, False
        c.h = new_highs()
        for k, v in (("threads", 1), ("random_seed", 0), ("presolve", "off")):
            c.h.setOptionValue(k, v)
        c.h.passModel(self.h.getModel())
        cols = self.cols.copy()
        x = np.flatnonzero(cols >= 0)
        cols[x] = old_to_new[cols[x]]
        dead = x[cols[x] < 0]
        cols[dead] = -2  # a column of the old problem only: not a candidate, not a load
        live = np.flatnonzero(cols >= 0)
        c.h.changeColsCost(len(live), live.astype(np.int32), m.cost[cols[live]].astype(float))
        if len(dead):
            z = np.zeros(len(dead))
            c.h.changeColsBounds(len(dead), dead.astype(np.int32), z, z)
        c.h.setBasis(self.h.getBasis())
        c.cols = cols
        c.in_lp = np.zeros(m.n_cols, dtype=bool)
        c.in_lp[cols[live]] = True
        for name in ("load_row", "clique_keys", "clique_rows", "load_v", "load_c"):
            setattr(c, name, getattr(self, name).copy())
        c.n_rows = self.n_rows
        return c

    def _new_rows(self, n: int, upper) -> int:
        first = self.n_rows
        ub = np.broadcast_to(np.asarray(upper, dtype=float), (n,)).copy()
        empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
        self.h.addRows(
            n, np.full(n, -core().kHighsInf), ub, 0, np.zeros(n, dtype=np.int32), empty_i, empty_f
        )
        self.n_rows += n
        return first

    def _add_cols(self, cost, col_of, rows, vals, n) -> None:
        """Add n columns given their entries as (column position, row, value) triples."""
        order = np.argsort(col_of, kind="stable")
        starts = np.searchsorted(col_of[order], np.arange(n)).astype(np.int32)
        self.h.addCols(
            n,
            np.asarray(cost, dtype=float),
            np.zeros(n),
            np.ones(n),
            len(order),
            starts,
            rows[order].astype(np.int32),
            np.asarray(vals, dtype=float)[order],
        )

    def add(self, cand: np.ndarray) -> int:
        """Add candidate columns (and the rows and load increments they need); return how many."""
        m = self.m
        cand = np.unique(cand[~self.in_lp[cand]])
        if not len(cand):
            return 0
        # load rows and increments for volunteers seen for the first time
        vs = np.unique(m.v[cand])
        new_v = vs[self.load_row[vs] < 0]
        if len(new_v):
            first = self._new_rows(len(new_v), 0.0)
            self.load_row[new_v] = first + np.arange(len(new_v))
            k = m.kmax[new_v]
            lv = np.repeat(new_v, k)
            kk = np.arange(len(lv)) - np.repeat(np.cumsum(k) - k, k) + 1
            cost = m.load_w * (2 * m.prior[lv] + 2 * kk - 1)
            n = len(lv)
            self._add_cols(cost, np.arange(n), self.load_row[lv], np.full(n, -1.0), n)
            self.cols = np.concatenate([self.cols, np.full(n, -1)])
            self.load_v = np.concatenate([self.load_v, lv])
            self.load_c = np.concatenate([self.load_c, cost.astype(float)])
        # clique rows that do not exist yet
        extra = np.flatnonzero(self.in_lp_mask(cand)[m.extra_j])
        keys = np.concatenate([m.first_key[cand], m.extra_key[extra]])
        inc_col = np.concatenate([cand, m.extra_j[extra]])
        ukeys = np.unique(keys)
        fresh = ukeys[~np.isin(ukeys, self.clique_keys)]
        if len(fresh):
            first = self._new_rows(len(fresh), 1.0)
            allk = np.concatenate([self.clique_keys, fresh])
            allr = np.concatenate([self.clique_rows, first + np.arange(len(fresh))])
            o = np.argsort(allk)
            self.clique_keys, self.clique_rows = allk[o], allr[o]
        # columns: seat row, load row, clique rows
        n = len(cand)
        pos = np.searchsorted(cand, inc_col)
        crow = self.clique_rows[np.searchsorted(self.clique_keys, keys)]
        col_of = np.concatenate([np.arange(n), np.arange(n), pos])
        rows = np.concatenate([m.s[cand], self.load_row[m.v[cand]], crow])
        first_col = len(self.cols)
        self._add_cols(m.cost[cand], col_of, rows, np.ones(len(rows)), n)
        if self.integer:
            ix = np.arange(first_col, first_col + n, dtype=np.int32)
            self.h.changeColsIntegrality(n, ix, np.full(n, core().HighsVarType.kInteger))
        self.cols = np.concatenate([self.cols, cand])
        self.in_lp[cand] = True
        return n

    def in_lp_mask(self, cand: np.ndarray) -> np.ndarray:
        """Boolean mask over all candidates, true for `cand`."""
        mask = np.zeros(self.m.n_cols, dtype=bool)
        mask[cand] = True
        return mask

    def solve(self, time_limit: float | None = None) -> bool:
        """Run HiGHS for at most `time_limit` more seconds; True when it finished (optimal)."""
        if time_limit is not None:
            # HiGHS counts its time limit over every run of this instance, not per run: a limit
            # of "what is left" stopped each later round at once, with a stale master (issue 21)
            limit = self.h.getRunTime() + max(0.01, float(time_limit))
            self.h.setOptionValue("time_limit", limit)
        self.h.run()
        return self.h.getModelStatus() == core().HighsModelStatus.kOptimal

    def values(self) -> np.ndarray:
        """LP value of every candidate column (0 for those not in the master)."""
        x = np.zeros(self.m.n_cols)
        sol = np.asarray(self.h.getSolution().col_value)
        mask = self.cols >= 0
        if len(sol) == len(self.cols):
            x[self.cols[mask]] = sol[mask]
        return x

    def price(self) -> tuple[np.ndarray, float]:
        """Reduced cost of every candidate and the Lagrangian bound of the full problem.

        For any row duals y <= 0 of `A x <= b, 0 <= x <= 1`, every solution has objective at
        least y.b + sum_j min(0, c_j - A_j.y); it holds whatever the LP's tolerances, so the
        bound is proven. Rows not in the master have dual 0.
        """
        m = self.m
        dual = np.minimum(np.asarray(self.h.getSolution().row_dual), 0.0)
        if len(dual) != self.n_rows:  # no solution (e.g. stopped at once): the zero dual
            dual = np.zeros(self.n_rows)
        seat_d = dual[: m.ns]
        load_d = np.where(self.load_row >= 0, dual[np.maximum(self.load_row, 0)], 0.0)
        rc = m.cost - seat_d[m.s] - load_d[m.v]
        cl_sum = 0.0
        if len(self.clique_keys):
            kd = dual[self.clique_rows]
            if m.nv * m.nq <= DENSE_KEYS:
                # a dual per (volunteer, clique) key, gathered per column: no search per round
                by_key = np.zeros(m.nv * m.nq)
                by_key[self.clique_keys] = kd
                rc -= by_key[m.first_key]
                np.subtract.at(rc, m.extra_j, by_key[m.extra_key])
            else:  # too many keys to spell out: look the master's few up
                for cols, keys in ((None, m.first_key), (m.extra_j, m.extra_key)):
                    pos = np.minimum(np.searchsorted(self.clique_keys, keys), len(kd) - 1)
                    d = np.where(self.clique_keys[pos] == keys, kd[pos], 0.0)
                    if cols is None:
                        rc -= d
                    else:
                        np.subtract.at(rc, cols, d)
            cl_sum = float(kd.sum())
        bound = m.const + float(seat_d @ m.seat_count) + cl_sum + float(np.minimum(rc, 0).sum())
        # load increments: reduced cost c_k + dual of the volunteer's load row (others: c_k >= 0)
        bound += float(np.minimum(self.load_c + load_d[self.load_v], 0.0).sum())
        return rc, bound


def column_generation(
    m: Compiled,
    start: np.ndarray,
    deadline: float,
    per_seat: int = 12,
    lp: MasterLP | None = None,
    max_rounds: int | None = None,
) -> Generated:
    """LP relaxation over all candidates by pricing columns in, until it converges or `deadline`
    (or after `max_rounds` rounds: a deadline that does not depend on the machine's speed).

    `lp` continues from an existing master (see clone_for). A round cut short by the deadline
    still gives duals, hence a valid bound, but its primal may be infeasible, so the values kept
    for rounding are those of the last round HiGHS finished.
    """
    lp = lp if lp is not None else MasterLP(m)
    lp.add(start)
    out = Generated(lp, np.zeros(m.n_cols), np.zeros(m.n_cols), -np.inf, -np.inf, False, 0, [])
    have_x = False
    while True:
        t = time.perf_counter()
        if t >= deadline:
            break
        finished = lp.solve(deadline - t)
        out.rounds += 1
        t_price = time.perf_counter()
        if not finished and t_price >= deadline:
            break  # cut short: its primal is not kept, and pricing it would overrun the limit
        rc, bound = lp.price()
        out.seconds.append((round(t_price - t, 3), round(time.perf_counter() - t_price, 3)))
        out.best = max(out.best, bound)
        if finished or not have_x:
            out.x, out.rc, out.bound, have_x = lp.values(), rc, bound, True
        neg = np.flatnonzero((rc < -1e-7) & ~lp.in_lp)
        if finished and not len(neg):
            out.converged = True
            break
        if time.perf_counter() >= deadline or not len(neg) or out.rounds == max_rounds:
            break
        # the most negative few per seat, so the master stays small (measured at 3.4 M columns:
        # 12 per seat takes 5 rounds and 2.5 s of CPU to converge where 6 took 7 rounds and 3.6 s)
        order = np.lexsort((rc[neg], m.s[neg]))
        neg = neg[order]
        first = np.searchsorted(m.s[neg], m.s[neg])
        rank = np.arange(len(neg)) - first
        if lp.add(neg[rank < per_seat]) == 0:
            break
    return out


@dataclass
class Generated:
    """Outcome of column_generation.

    x: LP values of the last finished round; rc and bound: that round's reduced costs and
    Lagrangian bound (valid together for reduced-cost fixing); best: the largest bound of any
    round; converged: no column prices out, so the master LP is the full LP; seconds: per
    round, (HiGHS, pricing).
    """

    master: MasterLP
    x: np.ndarray
    rc: np.ndarray
    bound: float
    best: float
    converged: bool
    rounds: int
    seconds: list
