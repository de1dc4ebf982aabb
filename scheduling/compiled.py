"""The problem compiled to arrays: candidate columns, their costs, time cliques, load costs."""

from __future__ import annotations

import threading
import weakref
from collections import Counter

import numpy as np

from .eligibility import Candidates, VolunteerTable, eligible
from .model import Assignment, Problem

# The compiled form of the last problems solved, so repair() after a change can patch the
# candidate columns instead of recomputing eligibility. Entries die with their problem.
_CACHE: dict[int, Compiled] = {}
_CACHE_SIZE = 2
_LOCK = threading.RLock()  # several service threads; finalizers may run while it is held


def remember(problem: Problem, m: Compiled) -> None:
    """Keep the compiled form of a problem while the problem lives (small LRU)."""
    key = id(problem)
    with _LOCK:
        old = _CACHE.pop(key, None)
        _CACHE[key] = m
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
    if old is None or old.problem is not problem:  # one finalizer per problem object
        weakref.finalize(problem, _forget, key)


def _forget(key: int) -> None:
    with _LOCK:
        _CACHE.pop(key, None)


def recall(problem: Problem) -> Compiled | None:
    """The compiled form of exactly this problem object, if still cached."""
    with _LOCK:
        m = _CACHE.get(id(problem))
        if m is None or m.problem is not problem:
            return None
        _CACHE[id(problem)] = _CACHE.pop(id(problem))  # most recently used goes last
        return m


class Compiled:
    """Arrays shared by the solvers: one column per eligible (volunteer, seat) pair."""

    def __init__(
        self, problem: Problem, cands: Candidates | None = None, table: VolunteerTable | None = None
    ):
        self.problem = problem
        w = problem.settings.weights
        if cands is None:
            table = table or VolunteerTable(problem)
            cands = eligible(problem, table)
        self._table = table
        self.master = None  # the solved master LP (lp.MasterLP), kept for repair
        c = cands
        self.cands: Candidates = c
        nv, nh = len(problem.volunteers), len(problem.hearings)
        self.nv, self.nh, self.ns = nv, nh, len(c.seat_h)
        # Remaining capacity; a volunteer whose prior load already fills the cap gets no column.
        rem = np.zeros(nv, dtype=int)
        for i, v in enumerate(problem.volunteers):
            cap = problem.cap(v)
            rem[i] = 10**6 if cap is None else max(0, cap - v.prior_assignments)
        keep = rem[c.v] > 0
        self.v, self.s, self.h, self.dist = c.v[keep], c.s[keep], c.h[keep], c.dist[keep]
        self.seat_h, self.seat_count, self.seat_role = c.seat_h, c.seat_count, c.seat_role
        # Per-column cost: travel, minus the fixed penalties a held seat avoids (exact, because a
        # volunteer holds at most one seat of a hearing and the penalties are per entry).
        # Only the few columns named in `current` or `preferred` get a bonus, so look them up
        # through a key array instead of looping over every column.
        key = self.v.astype(np.int64) * (self.nh + len(c.seat_h) + 1)
        cur = Counter()
        for hi, h in enumerate(problem.hearings):
            for vid, role in h.current:
                cur[(problem.volunteer_index[vid], c.seat_of[(hi, role)])] += 1
        m = np.zeros(len(self.v))
        if cur:
            ck = np.array([a * (self.nh + len(c.seat_h) + 1) + b for a, b in cur], dtype=np.int64)
            cval = np.array(list(cur.values()), dtype=float)
            o = np.argsort(ck)
            ck, cval = ck[o], cval[o]
            colkey = key + self.s
            pos = np.minimum(np.searchsorted(ck, colkey), len(ck) - 1)
            m = np.where(ck[pos] == colkey, cval[pos], 0.0)
        pref = {
            (problem.volunteer_index[vid], hi)
            for hi, h in enumerate(problem.hearings)
            for vid in h.preferred
            if vid in problem.volunteer_index
        }
        p = np.zeros(len(self.v))
        if pref:
            pk = np.sort(
                np.array([a * (self.nh + len(c.seat_h) + 1) + b for a, b in pref], dtype=np.int64)
            )
            colkey = key + self.h
            pos = np.minimum(np.searchsorted(pk, colkey), len(pk) - 1)
            p = (pk[pos] == colkey).astype(float)
        self.cost = (
            w.travel_km * self.dist - w.unfilled_seat - w.changed_assignment * m - w.continuity * p
        )
        self.const = (
            w.unfilled_seat * float(self.seat_count.sum())
            + w.changed_assignment * sum(len(h.current) for h in problem.hearings)
            + w.continuity * sum(len(h.preferred) for h in problem.hearings)
        )
        self.n_cols = len(self.v)
        # Load: the k-th new seat of v costs W.load * ((P+k)^2 - (P+k-1)^2) = W.load*(2P+2k-1).
        hearings_of = np.bincount(self.v, minlength=nv) if self.n_cols else np.zeros(nv, dtype=int)
        self.kmax = np.minimum(rem, hearings_of)
        self.prior = np.array([v.prior_assignments for v in problem.volunteers], dtype=int)
        self.load_w = w.load
        # Hearing times; the buffer extends each hearing so overlap of extended intervals is
        # exactly the double-booking rule.
        buf = problem.settings.travel_buffer_minutes * 60.0
        self.hs = np.array([h.start.timestamp() for h in problem.hearings])
        self.he = np.array([h.end.timestamp() for h in problem.hearings]) + buf
        self._cliques()
        # rank of each column among its seat's columns by cost (one sort, reused by heuristics)
        span = float(np.ptp(self.cost)) + 1.0 if self.n_cols else 1.0
        order = np.argsort(
            self.s * span + (self.cost - (self.cost.min() if self.n_cols else 0)), kind="stable"
        )
        s_sorted = self.s[order]
        self.seat_rank = np.empty(self.n_cols, dtype=np.int64)
        self.seat_rank[order] = np.arange(self.n_cols) - np.searchsorted(s_sorted, s_sorted)

    @property
    def table(self) -> VolunteerTable:
        """Column arrays of the volunteers (built on first use)."""
        if self._table is None:
            self._table = VolunteerTable(self.problem)
        return self._table

    def load_cost(self, vi: int, k: int) -> float:
        """Cost of the k-th (1-based) new seat of volunteer vi."""
        return self.load_w * (2 * int(self.prior[vi]) + 2 * k - 1)

    def _cliques(self) -> None:
        """Maximal cliques of the interval graph of extended hearings (sweep over start times)."""
        order = np.argsort(self.hs, kind="stable")
        starts = np.unique(self.hs)
        cliques: list[np.ndarray] = []
        for i, t in enumerate(starts):
            active = order[(self.hs[order] <= t) & (self.he[order] > t)]
            # active set at t is contained in the next one when nothing ends before the next start
            if i + 1 < len(starts) and self.he[active].min() > starts[i + 1]:
                continue
            cliques.append(np.sort(active))
        self.cliques = cliques
        ch, cq = [], []
        for q, members in enumerate(cliques):
            ch.append(members)
            cq.append(np.full(len(members), q))
        hq_h = np.concatenate(ch) if ch else np.zeros(0, dtype=int)
        hq_q = np.concatenate(cq) if cq else np.zeros(0, dtype=int)
        order = np.argsort(hq_h, kind="stable")
        self.hq_h, self.hq_q = hq_h[order], hq_q[order]
        self.hq_ptr = np.searchsorted(self.hq_h, np.arange(self.nh + 1))
        # column -> clique incidence (a column belongs to every clique containing its hearing)
        cnt = self.hq_ptr[self.h + 1] - self.hq_ptr[self.h]
        self.inc_j = np.repeat(np.arange(self.n_cols), cnt)
        offs = np.arange(len(self.inc_j)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        self.inc_q = self.hq_q[np.repeat(self.hq_ptr[self.h], cnt) + offs]
        self.nq = len(cliques)

    def to_assignments(self, cols) -> list[Assignment]:
        """Assignments for a set of column indices, sorted for stable output."""
        p = self.problem
        out = [
            Assignment(
                p.hearings[self.h[j]].id, p.volunteers[self.v[j]].id, self.seat_role[self.s[j]]
            )
            for j in cols
        ]
        return sorted(out, key=lambda a: (p.hearing_index[a.hearing], a.role, a.volunteer))

    def columns_of(self, assignments) -> list[int]:
        """Column indices of assignments (those that are not eligible columns are dropped)."""
        p = self.problem
        keys = self.v.astype(np.int64) * self.ns + self.s
        order = np.argsort(keys)
        keys = keys[order]
        out = []
        for a in assignments:
            vi, hi = p.volunteer_index.get(a.volunteer), p.hearing_index.get(a.hearing)
            s = self.cands.seat_of.get((hi, a.role))
            if vi is None or s is None:
                continue
            k = vi * self.ns + s
            pos = int(np.searchsorted(keys, k))
            if pos < len(keys) and keys[pos] == k:
                out.append(int(order[pos]))
        return out
