"""Greedy construction over columns in a given order (baseline, LP rounding and warm starts)."""

from __future__ import annotations

import numpy as np

from .compiled import Compiled


class Packing:
    """Incremental feasibility state of a partial solution (rules 7-9)."""

    def __init__(self, m: Compiled):
        self.m = m
        self.seat_left = m.seat_count.astype(int).tolist()
        self.cap_left = np.minimum(m.kmax, 10**6).astype(int).tolist()
        self.booked: dict[int, list[int]] = {}  # volunteer -> hearings
        self.chosen: list[int] = []
        self.hs, self.he = m.hs.tolist(), m.he.tolist()

    def fits(self, j: int) -> bool:
        """Whether column j can be added without breaking a hard constraint."""
        m = self.m
        s, v, h = int(m.s[j]), int(m.v[j]), int(m.h[j])
        if self.seat_left[s] <= 0 or self.cap_left[v] <= 0:
            return False
        hs, he = self.hs[h], self.he[h]
        return all(not (hs < self.he[b] and self.hs[b] < he) for b in self.booked.get(v, ()))

    def take(self, j: int) -> None:
        """Add column j (caller checked fits)."""
        m = self.m
        self.seat_left[int(m.s[j])] -= 1
        self.cap_left[int(m.v[j])] -= 1
        self.booked.setdefault(int(m.v[j]), []).append(int(m.h[j]))
        self.chosen.append(int(j))

    def drop(self, j: int) -> None:
        """Remove column j."""
        m = self.m
        self.seat_left[int(m.s[j])] += 1
        self.cap_left[int(m.v[j])] += 1
        self.booked[int(m.v[j])].remove(int(m.h[j]))
        self.chosen.remove(int(j))


def greedy(m: Compiled, order=None, packing: Packing | None = None) -> list[int]:
    """Take columns in `order` (default: cheapest first) when they fit and lower the objective."""
    if order is None:
        first_load = m.load_w * (2 * m.prior[m.v] + 1)
        order = np.lexsort((np.arange(m.n_cols), m.cost + first_load))
    pk = packing or Packing(m)
    seat_left, cap_left, booked = pk.seat_left, pk.cap_left, pk.booked
    hs, he = pk.hs, pk.he
    # seats held so far (prior load included), for the marginal load cost of one more
    held = m.prior.astype(int).tolist()
    for j in pk.chosen:
        held[int(m.v[j])] += 1
    lw = m.load_w
    seats_open = sum(seat_left)
    order = np.asarray(order)
    # the checks are inlined: this loop runs over up to millions of columns
    for j, s, v, h, c in zip(
        order.tolist(),
        m.s[order].tolist(),
        m.v[order].tolist(),
        m.h[order].tolist(),
        m.cost[order].tolist(),
        strict=True,
    ):
        if seat_left[s] <= 0 or cap_left[v] <= 0 or c + lw * (2 * held[v] + 1) >= 0:
            continue
        b = booked.get(v)
        if b:
            a0, a1 = hs[h], he[h]
            if any(a0 < he[x] and hs[x] < a1 for x in b):
                continue
            b.append(h)
        else:
            booked[v] = [h]
        seat_left[s] -= 1
        cap_left[v] -= 1
        held[v] += 1
        pk.chosen.append(j)
        seats_open -= 1
        if seats_open == 0:
            break
    return pk.chosen


def pack(m: Compiled, cols) -> list[int]:
    """The columns, in order, that fit together (drops any that would break rules 7-9)."""
    pk = Packing(m)
    for j in cols:
        if pk.fits(int(j)):
            pk.take(int(j))
    return pk.chosen


def cheapest_per_seat(m: Compiled, k: int) -> np.ndarray:
    """Indices of the k cheapest columns of every seat (a sparse pool for heuristics)."""
    return m.cheapest(k)


def solution_cost(m: Compiled, cols) -> float:
    """Objective of a set of columns through the compiled costs (equals the exact objective)."""
    cols = np.asarray(list(cols), dtype=int)
    n = np.bincount(m.v[cols], minlength=m.nv)
    p = m.prior
    return m.const + float(m.cost[cols].sum()) + m.load_w * float(((p + n) ** 2 - p**2).sum())


def by_seat(m: Compiled) -> list[int]:
    """Seat by seat, scarcest first, each place to the candidate of least marginal cost.

    Unlike greedy() over a fixed order of columns, the marginal load cost is that of the
    volunteer's seats so far, so work spreads as the convex load term wants (on the dense state
    problem greedy() is 22 % above the optimum, mostly in load).
    """
    return reseat(m, [], passes=1)


def reseat(m: Compiled, cols, passes: int = 1) -> list[int]:
    """Local search: seat by seat (scarcest first), its holders give way to the candidates of
    least marginal cost given every other seat. Each step is exact, so the cost never rises;
    starting from no columns, one pass is a seat-by-seat greedy construction.
    """
    held = m.prior.astype(float)
    cap_left = m.kmax.astype(int).copy()
    busy = np.zeros((m.nv, max(m.nq, 1)), dtype=np.int16)  # seats of volunteer v in clique q
    holders: dict[int, list[int]] = {}
    for j in cols:
        j = int(j)
        v, h = int(m.v[j]), int(m.h[j])
        held[v] += 1
        cap_left[v] -= 1
        busy[v, m.hq_q[m.hq_ptr[h] : m.hq_ptr[h + 1]]] += 1
        holders.setdefault(int(m.s[j]), []).append(j)
    ptr = m.seat_ptr
    order = np.argsort(np.diff(ptr), kind="stable").tolist()
    for _ in range(passes):
        for s in order:
            lo, hi = int(ptr[s]), int(ptr[s + 1])
            if hi == lo:
                continue
            h = int(m.seat_h[s])
            qs = m.hq_q[m.hq_ptr[h] : m.hq_ptr[h + 1]]
            for j in holders.pop(s, []):  # give way
                v = int(m.v[j])
                held[v] -= 1
                cap_left[v] += 1
                busy[v, qs] -= 1
            vs = m.v[lo:hi]
            ok = (cap_left[vs] > 0) & ~(busy[vs][:, qs] > 0).any(axis=1)
            marg = np.where(ok, m.cost[lo:hi] + m.load_w * (2 * held[vs] + 1), np.inf)
            got = []
            for _ in range(int(m.seat_count[s])):
                k = int(np.argmin(marg))
                if not marg[k] < 0:
                    break
                v = int(vs[k])
                cap_left[v] -= 1
                held[v] += 1
                busy[v, qs] += 1
                marg[k] = np.inf
                got.append(lo + k)
            holders[s] = got
    return sorted(j for js in holders.values() for j in js)
