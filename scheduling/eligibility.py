"""Hard constraints 1-6 (who may hold which seat), vectorised over volunteers with numpy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from .model import WEEKDAYS, Hearing, Problem

EARTH_RADIUS_KM = 6371.0088
# The step of seat_filters() for seats held on hearings outside the problem (busy blackouts).
BUSY_ELSEWHERE = "not seated on another hearing then"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine, R = 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def haversine_np(lat1, lon1, lat2, lon2):
    """Vectorised haversine_km (same formula, so the same numbers up to rounding)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def travel_km(v, h: Hearing) -> float:
    """Distance a volunteer travels to a hearing: none for an online one (FORMAT.md, 5)."""
    return 0.0 if h.online else haversine_km(v.lat, v.lon, h.lat, h.lon)


@dataclass(frozen=True)
class LocalTime:
    """A hearing seen in the problem's time zone."""

    same_day: bool
    date_ordinal: int
    weekday: int  # 0 = mon
    start_sec: float  # seconds after local midnight
    end_sec: float


def local_time(h: Hearing, tz: ZoneInfo) -> LocalTime:
    """Convert a hearing's instants to the problem's zone (handles daylight-saving shifts)."""
    s, e = h.start.astimezone(tz), h.end.astimezone(tz)

    def sec(t: datetime) -> float:
        return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6

    return LocalTime(s.date() == e.date(), s.date().toordinal(), s.weekday(), sec(s), sec(e))


class VolunteerTable:
    """Column arrays of the volunteers, built once, so each filter is a numpy expression."""

    def __init__(self, problem: Problem):
        vs = problem.volunteers
        n = len(vs)
        self.n = n
        self.lat = np.array([v.lat for v in vs], dtype=float)
        self.lon = np.array([v.lon for v in vs], dtype=float)
        # the haversine's per-volunteer terms, once (the same operations, so the same numbers)
        self.lat_r = np.radians(self.lat)
        self.cos_lat = np.cos(self.lat_r)
        reach = [problem.reach(v) for v in vs]
        self.reach = np.array([np.inf if r is None else r for r in reach], dtype=float)
        # availability windows per weekday: (volunteer index, start sec, end sec)
        self.windows = {d: ([], [], []) for d in range(7)}
        for i, v in enumerate(vs):
            for w in v.availability:
                d = self.windows[WEEKDAYS.index(w.day)]
                d[0].append(i)
                d[1].append(w.start * 60)
                d[2].append(w.end * 60)
        self.windows = {d: tuple(np.array(a) for a in t) for d, t in self.windows.items()}
        bv, bs, be, bb = [], [], [], []
        for i, v in enumerate(vs):
            for b in v.blackouts:
                bv.append(i)
                bs.append(b.start.timestamp())
                be.append(b.end.timestamp())
                bb.append(b.busy)
        self.bl_v, self.bl_s, self.bl_e = np.array(bv, dtype=int), np.array(bs), np.array(be)
        self.bl_busy = np.array(bb, dtype=bool)  # the blackout is a seat on another hearing
        # certification name -> latest expiry ordinal per volunteer (-inf: not held, inf: never)
        self.certs: dict[str, np.ndarray] = {}
        for i, v in enumerate(vs):
            for name, exp in v.certifications:
                if name not in self.certs:
                    self.certs[name] = np.full(n, -np.inf)
                arr = self.certs[name]
                arr[i] = max(arr[i], np.inf if exp is None else exp.toordinal())
        self.langs: dict[str, np.ndarray] = {}
        for i, v in enumerate(vs):
            for lang in v.languages:
                if lang not in self.langs:
                    self.langs[lang] = np.zeros(n, dtype=bool)
                self.langs[lang][i] = True
        self.by_party: dict[str, list[int]] = {}
        for i, v in enumerate(vs):
            for p in v.conflicts:
                self.by_party.setdefault(p, []).append(i)


# One function per hard constraint; each returns a boolean mask over volunteers.


def available_mask(t: VolunteerTable, lt: LocalTime) -> np.ndarray:
    """Constraint 1: a weekly window of the hearing's weekday covers its local start and end."""
    m = np.zeros(t.n, dtype=bool)
    if not lt.same_day:
        return m
    wv, ws, we = t.windows[lt.weekday]
    if len(wv):
        m[wv[(ws <= lt.start_sec) & (we >= lt.end_sec)]] = True
    return m


def blackout_free_mask(t: VolunteerTable, h: Hearing, busy: bool | None = None) -> np.ndarray:
    """Constraint 2: [h.start, h.end) meets no blackout [b.start, b.end).

    `busy` narrows the check to the blackouts that are (True) or are not (False) seats on
    other hearings, so an explanation can count the two apart; None checks them all.
    """
    m = np.ones(t.n, dtype=bool)
    if len(t.bl_v):
        hs, he = h.start.timestamp(), h.end.timestamp()
        meets = (t.bl_s < he) & (t.bl_e > hs)
        if busy is not None:
            meets &= t.bl_busy == busy
        m[t.bl_v[meets]] = False
    return m


def certified_mask(t: VolunteerTable, requires, date_ordinal: int) -> np.ndarray:
    """Constraint 3: every required certification held and unexpired on the local date."""
    m = np.ones(t.n, dtype=bool)
    for name in requires:
        exp = t.certs.get(name)
        if exp is None:
            return np.zeros(t.n, dtype=bool)
        m &= exp >= date_ordinal
    return m


def language_mask(t: VolunteerTable, language: str | None) -> np.ndarray:
    """Constraint 4: the seat's language, if any, is spoken."""
    if language is None:
        return np.ones(t.n, dtype=bool)
    m = t.langs.get(language)
    return m.copy() if m is not None else np.zeros(t.n, dtype=bool)


def distances(t: VolunteerTable, h: Hearing, idx: np.ndarray) -> np.ndarray:
    """Distances in km from the homes of volunteers `idx` to the venue (0 when online)."""
    if h.online:
        return np.zeros(len(idx), dtype=float)
    # haversine_np(t.lat[idx], t.lon[idx], h.lat, h.lon), step by step, with the volunteers'
    # radians and cosines taken from the table
    p1, p2 = t.lat_r[idx], np.radians(h.lat)
    dp, dl = p2 - p1, np.radians(h.lon - t.lon[idx])
    a = np.sin(dp / 2) ** 2 + t.cos_lat[idx] * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def within_reach(t: VolunteerTable, h: Hearing, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Constraint 5 for volunteers `idx`: those within reach, and their distances."""
    if h.online:
        return idx, distances(t, h, idx)
    # The latitude difference alone bounds the great-circle distance from below, so it rules
    # most of a statewide pool out before the trigonometry.
    lat_km = np.abs(t.lat[idx] - h.lat) * (np.pi / 180.0 * EARTH_RADIUS_KM)
    idx = idx[lat_km <= t.reach[idx] + 1e-6]
    d = distances(t, h, idx)
    keep = d <= t.reach[idx]
    return idx[keep], d[keep]


def unconflicted_mask(t: VolunteerTable, problem: Problem, h: Hearing) -> np.ndarray:
    """Constraint 6: no conflict with a party of the hearing, not excluded from it."""
    m = np.ones(t.n, dtype=bool)
    for p in h.parties:
        m[t.by_party.get(p, [])] = False
    vidx = problem.volunteer_index
    ex = [vidx[x] for x in h.excluded if x in vidx]
    m[ex] = False
    return m


@dataclass
class Candidates:
    """All eligible (volunteer, seat) pairs; seats are numbered over all hearings."""

    seat_h: np.ndarray  # seat -> hearing index
    seat_role: list[str]
    seat_count: np.ndarray
    seat_of: dict[tuple[int, str], int]  # (hearing index, role) -> seat
    v: np.ndarray  # per candidate: volunteer index
    s: np.ndarray  # seat
    h: np.ndarray  # hearing
    dist: np.ndarray  # km
    local: list[LocalTime]


def hearing_columns(
    problem: Problem, t: VolunteerTable, tz: ZoneInfo, hi: int, cache=None, may_sit=None
):
    """Local time of hearing hi and, per seat, the eligible volunteers and their distances.

    `cache` (a dict kept over the hearings of one problem) holds the volunteers available at
    each local weekday and time: a problem has few distinct hearing times. `may_sit` (a mask
    over volunteers) leaves out those who may take no seat at all.
    """
    h = problem.hearings[hi]
    lt = local_time(h, tz)
    key = (lt.same_day, lt.weekday, lt.start_sec, lt.end_sec)
    idx = None if cache is None else cache.get(key)
    if idx is None:
        avail = available_mask(t, lt)
        idx = np.flatnonzero(avail if may_sit is None else avail & may_sit)
        if cache is not None:
            cache[key] = idx
    if len(idx):
        gone = _blocked(t, problem, h)
        if len(gone):
            idx = idx[~np.isin(idx, gone)]
    idx, d = within_reach(t, h, idx)
    per_seat = []
    for seat in h.seats:
        ok = np.ones(len(idx), dtype=bool)
        for name in seat.requires:  # constraint 3, on the volunteers left only
            exp = t.certs.get(name)
            ok &= False if exp is None else exp[idx] >= lt.date_ordinal
        if seat.language is not None:  # constraint 4
            spoken = t.langs.get(seat.language)
            ok &= False if spoken is None else spoken[idx]
        per_seat.append((idx[ok], d[ok]))
    return lt, per_seat


def _blocked(t: VolunteerTable, problem: Problem, h: Hearing) -> np.ndarray:
    """Volunteers ruled out of a hearing by a blackout (2), a conflict or an exclusion (6)."""
    gone = []
    if len(t.bl_v):
        gone.append(t.bl_v[(t.bl_s < h.end.timestamp()) & (t.bl_e > h.start.timestamp())])
    for p in h.parties:
        gone.append(np.asarray(t.by_party.get(p, []), dtype=int))
    vidx = problem.volunteer_index
    gone.append(np.array([vidx[x] for x in h.excluded if x in vidx], dtype=int))
    return np.concatenate(gone)


def eligible(
    problem: Problem, table: VolunteerTable | None = None, may_sit: np.ndarray | None = None
) -> Candidates:
    """Every (volunteer, seat) pair allowed by hard constraints 1-6.

    `may_sit`, a mask over volunteers, leaves the others out (the compiled problem passes those
    with capacity left, which saves computing columns it would drop).
    """
    t = table or VolunteerTable(problem)
    tz = ZoneInfo(problem.timezone)
    seat_h, seat_role, seat_count, seat_of = [], [], [], {}
    cv, cd, locs = [], [], []
    available: dict = {}
    for hi, h in enumerate(problem.hearings):
        lt, per_seat = hearing_columns(problem, t, tz, hi, available, may_sit)
        locs.append(lt)
        for seat, (idx, d) in zip(h.seats, per_seat, strict=True):
            si = len(seat_h)
            seat_of[(hi, seat.role)] = si
            seat_h.append(hi)
            seat_role.append(seat.role)
            seat_count.append(seat.count)
            cv.append(idx)
            cd.append(d)
    seat_h = np.array(seat_h, dtype=int)
    per_seat = np.array([len(x) for x in cv], dtype=int)
    s = np.repeat(np.arange(len(seat_h)), per_seat)
    return Candidates(
        seat_h=seat_h,
        seat_role=seat_role,
        seat_count=np.array(seat_count, dtype=int),
        seat_of=seat_of,
        v=_cat(cv, int),
        s=s,
        h=seat_h[s],
        dist=_cat(cd, float),
        local=locs,
    )


def _cat(xs, dt):
    return np.concatenate(xs).astype(dt, copy=False) if xs else np.zeros(0, dtype=dt)


def eligible_pair(problem: Problem, vi: int, hi: int, role: str) -> bool:
    """Scalar check of constraints 1-6 for one volunteer and seat (used by the checker)."""
    v, h = problem.volunteers[vi], problem.hearings[hi]
    seat = h.seat(role)
    if seat is None:
        return False
    tz = ZoneInfo(problem.timezone)
    lt = local_time(h, tz)
    if not lt.same_day:
        return False
    day = WEEKDAYS[lt.weekday]
    if not any(
        w.day == day and w.start * 60 <= lt.start_sec and lt.end_sec <= w.end * 60
        for w in v.availability
    ):
        return False
    if any(b.start < h.end and h.start < b.end for b in v.blackouts):
        return False
    for name in seat.requires:
        if not any(
            n == name and (e is None or e.toordinal() >= lt.date_ordinal)
            for n, e in v.certifications
        ):
            return False
    if seat.language is not None and seat.language not in v.languages:
        return False
    reach = problem.reach(v)
    if reach is not None and travel_km(v, h) > reach:
        return False
    return not (set(v.conflicts) & set(h.parties) or v.id in h.excluded)


def seat_filters(
    problem: Problem, t: VolunteerTable, hi: int, role: str
) -> list[tuple[str, np.ndarray]]:
    """Constraints 1-6 for one seat as a sequence of named, cumulative volunteer masks."""
    h = problem.hearings[hi]
    seat = h.seat(role)
    lt = local_time(h, ZoneInfo(problem.timezone))
    out = []
    m = certified_mask(t, seat.requires, lt.date_ordinal)
    out.append(("certified", m))
    if seat.language is not None:
        m = m & language_mask(t, seat.language)
        out.append((f"speak {seat.language}", m))
    m = m & available_mask(t, lt)
    evening = "that evening" if lt.start_sec >= 17 * 3600 else "that day"
    out.append((f"available {evening}", m))
    m = m & blackout_free_mask(t, h, busy=False)
    out.append(("free of blackouts", m))
    if t.bl_busy.any():
        m = m & blackout_free_mask(t, h, busy=True)
        out.append((BUSY_ELSEWHERE, m))
    idx = np.flatnonzero(m)
    near = np.zeros(t.n, dtype=bool)
    near[idx[distances(t, h, idx) <= t.reach[idx]]] = True
    m = m & near
    out.append(("within reach", m))
    m = m & unconflicted_mask(t, problem, h)
    out.append(("without conflict or exclusion", m))
    return out
