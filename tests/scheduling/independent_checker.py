"""An independent checker of `convene-match/1` solutions, written from FORMAT.md alone.

It works on the raw JSON dicts and deliberately shares no code with `scheduling/`.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
W_DEFAULT = {
    "travel_km": 1.0,
    "load": 2.0,
    "unfilled_seat": 1000.0,
    "changed_assignment": 100.0,
    "continuity": 25.0,
}


def km(a: dict, b: dict) -> float:
    r = 6371.0088
    la1, la2 = math.radians(a["lat"]), math.radians(b["lat"])
    dla = la2 - la1
    dlo = math.radians(b["lon"] - a["lon"])
    x = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * r * math.asin(math.sqrt(x))


def _t(s: str) -> datetime:
    return datetime.fromisoformat(s)


def _hm(s: str) -> tuple[int, int]:
    h, m = s.split(":")
    return int(h), int(m)


def may_hold(problem: dict, v: dict, h: dict, seat: dict) -> bool:
    """Hard constraints 1-6, straight from the text."""
    tz = ZoneInfo(problem["timezone"])
    settings = problem.get("settings") or {}
    start, end = _t(h["start"]).astimezone(tz), _t(h["end"]).astimezone(tz)
    # 1. availability
    if start.date() != end.date():
        return False
    day = DAYS[start.weekday()]
    ok = False
    for w in v.get("availability") or []:
        if w["day"] != day:
            continue
        ws, we = _hm(w["start"]), _hm(w["end"])
        st = (start.hour, start.minute, start.second)
        en = (end.hour, end.minute, end.second)
        if (ws[0], ws[1], 0) <= st and en <= (we[0], we[1], 0):
            ok = True
    if not ok:
        return False
    # 2. blackouts
    for b in v.get("blackouts") or []:
        if _t(b["start"]) < _t(h["end"]) and _t(h["start"]) < _t(b["end"]):
            return False
    # 3. certification
    local_day = start.date()
    for name in seat.get("requires") or []:
        if not any(
            c["name"] == name
            and (c.get("expires") is None or date.fromisoformat(c["expires"]) >= local_day)
            for c in v.get("certifications") or []
        ):
            return False
    # 4. language
    if seat.get("language") is not None and seat["language"] not in (v.get("languages") or []):
        return False
    # 5. travel
    limit = v.get("max_travel_km")
    if limit is None:
        limit = settings.get("max_travel_km")
    # an online hearing ("online": true) has no travel, so no reach applies
    if limit is not None and not h.get("online") and km(v["home"], h["venue"]) > limit:
        return False
    # 6. conflicts and exclusions
    if set(v.get("conflicts") or []) & set(h.get("parties") or []):
        return False
    return v["id"] not in (h.get("excluded") or [])


def check(problem: dict, assignments: list[dict]) -> tuple[list[str], float]:
    """(violations, objective) of a list of {hearing, volunteer, role} dicts."""
    settings = problem.get("settings") or {}
    weights = {**W_DEFAULT, **(settings.get("weights") or {})}
    buffer_s = (settings.get("travel_buffer_minutes") or 0) * 60
    vols = {v["id"]: v for v in problem["volunteers"]}
    hears = {h["id"]: h for h in problem["hearings"]}
    bad: list[str] = []
    seat_n: dict = {}
    vh_n: dict = {}
    held: dict = {}
    for a in assignments:
        v, h = vols.get(a["volunteer"]), hears.get(a["hearing"])
        if v is None or h is None:
            bad.append(f"unknown id in {a}")
            continue
        seats = [s for s in h["seats"] if s["role"] == a["role"]]
        if not seats:
            bad.append(f"no role {a}")
            continue
        if not may_hold(problem, v, h, seats[0]):
            bad.append(f"ineligible {a}")
        seat_n[(h["id"], a["role"])] = seat_n.get((h["id"], a["role"]), 0) + 1
        vh_n[(v["id"], h["id"])] = vh_n.get((v["id"], h["id"]), 0) + 1
        held.setdefault(v["id"], []).append(h)
    # 7
    for (hid, role), n in seat_n.items():
        if n > next(s["count"] for s in hears[hid]["seats"] if s["role"] == role):
            bad.append(f"overfull {hid} {role}")
    for key, n in vh_n.items():
        if n > 1:
            bad.append(f"two seats in one hearing {key}")
    # 8, 9
    for vid, hs in held.items():
        for i, a in enumerate(hs):
            for b in hs[i + 1 :]:
                if a["id"] == b["id"]:
                    continue
                ae, bs = _t(a["end"]).timestamp() + buffer_s, _t(b["start"]).timestamp()
                be, as_ = _t(b["end"]).timestamp() + buffer_s, _t(a["start"]).timestamp()
                if not (ae <= bs or be <= as_):
                    bad.append(f"double booked {vid} {a['id']} {b['id']}")
        v = vols[vid]
        cap = v.get("max_assignments")
        if cap is None:
            cap = settings.get("default_max_assignments")
        if cap is not None and (v.get("prior_assignments") or 0) + len(hs) > cap:
            bad.append(f"over cap {vid}")
    # objective
    travel = sum(
        0.0
        if hears[a["hearing"]].get("online")
        else km(vols[a["volunteer"]]["home"], hears[a["hearing"]]["venue"])
        for a in assignments
    )
    load = 0
    for vid, hs in held.items():
        p = vols[vid].get("prior_assignments") or 0
        load += (p + len(hs)) ** 2 - p * p
    empty = 0
    for h in problem["hearings"]:
        for s in h["seats"]:
            empty += max(0, s["count"] - seat_n.get((h["id"], s["role"]), 0))
    triples = {(a["hearing"], a["volunteer"], a["role"]) for a in assignments}
    changed = sum(
        1
        for h in problem["hearings"]
        for c in h.get("current") or []
        if (h["id"], c["volunteer"], c["role"]) not in triples
    )
    pairs = {(a["hearing"], a["volunteer"]) for a in assignments}
    lost = sum(
        1
        for h in problem["hearings"]
        for v in set(h.get("preferred") or [])
        if (h["id"], v) not in pairs
    )
    obj = (
        weights["travel_km"] * travel
        + weights["load"] * load
        + weights["unfilled_seat"] * empty
        + weights["changed_assignment"] * changed
        + weights["continuity"] * lost
    )
    return bad, obj


def brute_force_optimum(problem: dict, limit: int = 20_000) -> float | None:
    """The optimum by enumerating every valid assignment; None when there are over `limit`."""
    seats = []
    for h in problem["hearings"]:
        for s in h["seats"]:
            elig = [v["id"] for v in problem["volunteers"] if may_hold(problem, v, h, s)]
            seats.append((h["id"], s["role"], s["count"], elig))
    best = math.inf

    def subsets(items, k):
        out = [[]]
        for it in items:
            out += [o + [it] for o in out if len(o) < k]
        return out

    options = [
        [[{"hearing": hid, "volunteer": v, "role": role} for v in sub] for sub in subsets(el, c)]
        for hid, role, c, el in seats
    ]
    if math.prod(len(o) for o in options) > limit:
        return None

    def rec(i, chosen):
        nonlocal best
        if i == len(options):
            bad, obj = check(problem, chosen)
            if not bad:
                best = min(best, obj)
            return
        for opt in options[i]:
            rec(i + 1, chosen + opt)

    rec(0, [])
    return best
