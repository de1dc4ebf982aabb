"""LP relaxation by column generation (HiGHS), its proven Lagrangian bound, and the exact MIP."""

from __future__ import annotations

import time

import highspy
import numpy as np

from .compiled import Compiled

INF = highspy.kHighsInf


class MasterLP:
    """Restricted master LP over a growing set of columns; rows are created on demand.

    Rows: one per seat (sum x <= count), one per (volunteer, time clique) (sum x <= 1, which also
    gives one seat per hearing), one per volunteer linking its seats to load increments
    (sum x - sum y <= 0, each y in [0, 1] costing the k-th seat's marginal load cost).
    """

    def __init__(self, m: Compiled, integer: bool = False, threads: int = 1):
        self.m = m
        self.integer = integer
        self.h = highspy.Highs()
        self.h.silent()
        self.h.setOptionValue("threads", threads)
        self.h.setOptionValue("random_seed", 0)
        if not integer:
            # measured: presolve costs more than it saves on these master LPs, which grow by a few
            # columns at a time and are re-solved warm
            self.h.setOptionValue("presolve", "off")
        self.cols: list[int] = []  # LP column -> candidate (or -1 for a load increment)
        self.in_lp = np.zeros(m.n_cols, dtype=bool)
        self.clique_row: dict[int, int] = {}  # v * nq + q -> row
        self.load_row: dict[int, int] = {}  # volunteer -> row
        self.n_rows = 0
        ns = m.ns
        self.h.addRows(
            ns,
            np.full(ns, -INF),
            m.seat_count.astype(float),
            0,
            np.zeros(ns, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        self.n_rows = ns

    def _new_rows(self, n: int, upper: float) -> int:
        first = self.n_rows
        self.h.addRows(
            n,
            np.full(n, -INF),
            np.full(n, upper),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        self.n_rows += n
        return first

    def add(self, cand: np.ndarray) -> int:
        """Add candidate columns (and the rows and load increments they need); return how many."""
        m = self.m
        cand = np.unique(cand[~self.in_lp[cand]])
        if not len(cand):
            return 0
        # load rows and increments for volunteers seen for the first time
        new_v = [int(v) for v in np.unique(m.v[cand]) if int(v) not in self.load_row]
        if new_v:
            first = self._new_rows(len(new_v), 0.0)
            costs, idx, starts = [], [], []
            for i, v in enumerate(new_v):
                self.load_row[v] = first + i
                for k in range(1, int(m.kmax[v]) + 1):
                    starts.append(len(idx))
                    idx.append(first + i)
                    costs.append(m.load_cost(v, k))
            n = len(costs)
            self.h.addCols(
                n,
                np.array(costs),
                np.zeros(n),
                np.ones(n),
                n,
                np.array(starts, dtype=np.int32),
                np.array(idx, dtype=np.int32),
                np.full(n, -1.0),
            )
            self.cols.extend([-1] * n)
        # clique rows
        sel = np.isin(m.inc_j, cand)
        keys = m.v[m.inc_j[sel]].astype(np.int64) * m.nq + m.inc_q[sel]
        new_keys = [int(k) for k in np.unique(keys) if int(k) not in self.clique_row]
        if new_keys:
            first = self._new_rows(len(new_keys), 1.0)
            for i, k in enumerate(new_keys):
                self.clique_row[k] = first + i
        # columns: seat row, load row, clique rows
        inc_j, inc_q = m.inc_j[sel], m.inc_q[sel]
        order = np.argsort(inc_j, kind="stable")
        inc_j, inc_q = inc_j[order], inc_q[order]
        ptr = np.searchsorted(inc_j, cand)
        ptr_end = np.searchsorted(inc_j, cand, side="right")
        starts, idx = [], []
        for t, j in enumerate(cand.tolist()):
            starts.append(len(idx))
            v = int(m.v[j])
            idx.append(int(m.s[j]))
            idx.append(self.load_row[v])
            for q in inc_q[ptr[t] : ptr_end[t]].tolist():
                idx.append(self.clique_row[v * m.nq + q])
        n = len(cand)
        first_col = len(self.cols)
        self.h.addCols(
            n,
            m.cost[cand].astype(float),
            np.zeros(n),
            np.ones(n),
            len(idx),
            np.array(starts, dtype=np.int32),
            np.array(idx, dtype=np.int32),
            np.ones(len(idx)),
        )
        if self.integer:
            ix = np.arange(first_col, first_col + n, dtype=np.int32)
            self.h.changeColsIntegrality(n, ix, np.full(n, highspy.HighsVarType.kInteger))
        self.cols.extend(cand.tolist())
        self.in_lp[cand] = True
        return n

    def solve(self, time_limit: float | None = None) -> bool:
        """Run HiGHS; True when it finished (optimal)."""
        if time_limit is not None:
            self.h.setOptionValue("time_limit", max(0.01, float(time_limit)))
        self.h.run()
        return self.h.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def values(self) -> np.ndarray:
        """LP value of every candidate column (0 for those not in the master)."""
        x = np.zeros(self.m.n_cols)
        sol = np.asarray(self.h.getSolution().col_value)
        cols = np.asarray(self.cols)
        mask = cols >= 0
        if len(sol) == len(cols):
            x[cols[mask]] = sol[mask]
        return x

    def price(self) -> tuple[np.ndarray, float]:
        """Reduced cost of every candidate and the Lagrangian bound of the full problem.

        For any row duals y <= 0 of `A x <= b, 0 <= x <= 1`, every solution has objective at
        least y.b + sum_j min(0, c_j - A_j.y); it holds whatever the LP's tolerances, so the
        bound is proven. Rows not in the master have dual 0.
        """
        m = self.m
        dual = np.minimum(np.asarray(self.h.getSolution().row_dual), 0.0)
        seat_d = dual[: m.ns]
        load_d = np.zeros(m.nv)
        if self.load_row:
            vs = np.fromiter(self.load_row.keys(), dtype=np.int64)
            rs = np.fromiter(self.load_row.values(), dtype=np.int64)
            load_d[vs] = dual[rs]
        rc = m.cost - seat_d[m.s] - load_d[m.v]
        cl_sum = 0.0
        if self.clique_row:
            ks = np.fromiter(self.clique_row.keys(), dtype=np.int64)
            rs = np.fromiter(self.clique_row.values(), dtype=np.int64)
            o = np.argsort(ks)
            ks, kd = ks[o], dual[rs[o]]
            keys = m.v[m.inc_j].astype(np.int64) * m.nq + m.inc_q
            pos = np.minimum(np.searchsorted(ks, keys), len(ks) - 1)
            d = np.where(ks[pos] == keys, kd[pos], 0.0)
            rc -= np.bincount(m.inc_j, weights=d, minlength=m.n_cols)
            cl_sum = float(kd.sum())
        bound = m.const + float(seat_d @ m.seat_count) + cl_sum + float(np.minimum(rc, 0).sum())
        # load increments: reduced cost c_k + dual of the volunteer's load row
        for v, r in self.load_row.items():
            for k in range(1, int(m.kmax[v]) + 1):
                bound += min(0.0, m.load_cost(v, k) + dual[r])
        return rc, bound


def column_generation(m: Compiled, start: np.ndarray, deadline: float, per_seat: int = 6):
    """LP relaxation over all candidates by pricing columns in; returns (lp, x, rc, bound)."""
    lp = MasterLP(m)
    lp.add(start)
    best = -np.inf
    rc = np.zeros(m.n_cols)
    while True:
        lp.solve(max(0.05, deadline - time.perf_counter()))
        rc, bound = lp.price()
        best = max(best, bound)
        neg = np.flatnonzero((rc < -1e-7) & ~lp.in_lp)
        if not len(neg) or time.perf_counter() > deadline:
            break
        # the most negative few per seat, so the master stays small
        order = np.lexsort((rc[neg], m.s[neg]))
        neg = neg[order]
        first = np.searchsorted(m.s[neg], m.s[neg])
        rank = np.arange(len(neg)) - first
        if lp.add(neg[rank < per_seat]) == 0:
            break
    return lp, lp.values(), rc, best
