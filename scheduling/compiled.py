"""The problem compiled to arrays: candidate columns, their costs, time cliques, load costs."""

from __future__ import annotations

import threading
import time
import weakref

import numpy as np

from .eligibility import Candidates, VolunteerTable, eligible
from .model import Assignment, Problem

# The compiled form of the last problems solved, so repair() after a change can patch the
# candidate columns instead of recomputing eligibility. Entries die with their problem.
_CACHE: dict[int, Compiled] = {}
_CACHE_SIZE = 2
# cheapest() ranks this many columns per seat at once (the heuristics' pools ask for 4 and 40)
CHEAP_DEPTH = 40
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
        nv, nh = len(problem.volunteers), len(problem.hearings)
        # Remaining capacity; a volunteer whose prior load already fills the cap gets no column.
        rem = np.zeros(nv, dtype=int)
        for i, v in enumerate(problem.volunteers):
            cap = problem.cap(v)
            rem[i] = 10**6 if cap is None else max(0, cap - v.prior_assignments)
        self.may_sit = rem > 0
        t0 = time.perf_counter()
        computed = cands is None
        if computed:
            table = table or VolunteerTable(problem)
            cands = eligible(problem, table, may_sit=self.may_sit)
        self.eligibility_seconds = time.perf_counter() - t0
        self._table = table
        self.master = None  # the solved master LP (lp.MasterLP), kept for repair
        c = cands
        self.cands: Candidates = c
        self.nv, self.nh, self.ns = nv, nh, len(c.seat_h)
        self.seat_h, self.seat_count, self.seat_role = c.seat_h, c.seat_count, c.seat_role
        if computed:  # already without full volunteers, by seat then volunteer
            self.v, self.s, self.h, self.dist = c.v, c.s, c.h, c.dist
        else:
            keep = rem[c.v] > 0
            self.v, self.s, self.h, self.dist = c.v[keep], c.s[keep], c.h[keep], c.dist[keep]
            if len(self.s) and (np.diff(self.s) < 0).any():  # repair sorts them so, others may not
                o = np.lexsort((self.v, self.s))
                self.v, self.s, self.h, self.dist = self.v[o], self.s[o], self.h[o], self.dist[o]
        # columns of seat s are seat_ptr[s]:seat_ptr[s + 1], by volunteer
        self.seat_ptr = np.searchsorted(self.s, np.arange(self.ns + 1))
        # Per-column cost: travel, minus the fixed penalties a held seat avoids (exact, because a
        # volunteer holds at most one seat of a hearing and the penalties are per entry).
        # Only the few columns named in `current` or `preferred` get a bonus: look each up in
        # its seat's columns instead of computing a key for every column.
        self.cost = self.dist * w.travel_km
        self.cost -= w.unfilled_seat
        for hi, h in enumerate(problem.hearings):
            for vid, role in h.current:
                j = self.column(problem.volunteer_index[vid], c.seat_of[(hi, role)])
                if j is not None:
                    self.cost[j] -= w.changed_assignment
        for hi, h in enumerate(problem.hearings):
            for vid in set(h.preferred):
                if vid not in problem.volunteer_index:
                    continue
                for seat in h.seats:
                    j = self.column(problem.volunteer_index[vid], c.seat_of[(hi, seat.role)])
                    if j is not None:
                        self.cost[j] -= w.continuity
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
        self._cheap: tuple[np.ndarray, np.ndarray, int] | None = None  # see cheapest()

    def column(self, vi: int, si: int) -> int | None:
        """The column of volunteer vi on seat si, if eligible."""
        lo, hi = int(self.seat_ptr[si]), int(self.seat_ptr[si + 1])
        pos = lo + int(np.searchsorted(self.v[lo:hi], vi))
        return pos if pos < hi and self.v[pos] == vi else None

    def cheapest(self, k: int) -> np.ndarray:
        """Sorted indices of the k cheapest columns of every seat (ties: lower index first)."""
        if self._cheap is None or k > self._cheap[2]:
            # one pass over the seats for the largest k asked so far; smaller k reuse it
            depth = max(k, CHEAP_DEPTH)
            ptr = self.seat_ptr.tolist()
            parts = [
                lo + _k_smallest(self.cost[lo:hi], depth)
                for lo, hi in zip(ptr[:-1], ptr[1:], strict=True)
                if hi > lo
            ]
            cols = np.concatenate(parts) if parts else np.zeros(0, dtype=int)
            rank = np.concatenate([np.arange(len(x)) for x in parts]) if parts else cols
            self._cheap = (cols, rank, depth)
        cols, rank, _ = self._cheap
        return np.sort(cols[rank < k])

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
        # Column -> clique incidence: a column belongs to every clique containing its hearing.
        # Each column's first clique is `first_q`; the few columns whose hearing is in more
        # cliques are listed apart (extra_j, extra_q), so nothing of size n_cols is repeated.
        self.nq = len(cliques)
        per_h = np.diff(self.hq_ptr)
        self.first_q = self.hq_q[self.hq_ptr[:-1]][self.h] if self.nh else np.zeros(0, int)
        more = np.flatnonzero(per_h[self.h] > 1) if self.n_cols else np.zeros(0, dtype=int)
        cnt = per_h[self.h[more]] - 1
        self.extra_j = np.repeat(more, cnt)
        offs = np.arange(len(self.extra_j)) - np.repeat(np.cumsum(cnt) - cnt, cnt)
        self.extra_q = self.hq_q[np.repeat(self.hq_ptr[self.h[more]] + 1, cnt) + offs]
        # (volunteer, clique) keys, computed once for every pricing round
        self.first_key = self.v * self.nq + self.first_q
        self.extra_key = self.v[self.extra_j] * self.nq + self.extra_q

    @property
    def inc_j(self) -> np.ndarray:
        """Column of each (column, clique) incidence."""
        return np.concatenate([np.arange(self.n_cols), self.extra_j])

    @property
    def inc_q(self) -> np.ndarray:
        """Clique of each (column, clique) incidence."""
        return np.concatenate([self.first_q, self.extra_q])

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


def _k_smallest(x: np.ndarray, k: int) -> np.ndarray:
    """np.argsort(x, kind="stable")[:k], without sorting all of x."""
    if len(x) <= k:
        return np.argsort(x, kind="stable")
    near = np.flatnonzero(x <= np.partition(x, k - 1)[k - 1])  # the k smallest, and ties
    return near[np.argsort(x[near], kind="stable")[:k]]
