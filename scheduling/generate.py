"""Seeded generator of believable `convene-match/1` problems (Los Angeles to statewide)."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TZ = "America/Los_Angeles"

LA = {
    "Hollywood": (34.0928, -118.3287),
    "Van Nuys": (34.1899, -118.4514),
    "Boyle Heights": (34.0339, -118.2053),
    "South LA": (34.0175, -118.2887),
    "Venice": (33.9850, -118.4695),
    "Wilmington": (33.7803, -118.2625),
    "North Hollywood": (34.1870, -118.3813),
    "Koreatown": (34.0618, -118.3004),
    "Highland Park": (34.1117, -118.1918),
    "San Pedro": (33.7361, -118.2922),
    "Westlake": (34.0573, -118.2745),
    "Sylmar": (34.3078, -118.4492),
}
SOCAL = {
    "Long Beach": (33.7701, -118.1937),
    "Pasadena": (34.1478, -118.1445),
    "Santa Monica": (34.0195, -118.4912),
    "Inglewood": (33.9617, -118.3531),
    "Compton": (33.8958, -118.2201),
    "Glendale": (34.1425, -118.2551),
    "Torrance": (33.8358, -118.3406),
    "Pomona": (34.0551, -117.7500),
    "Santa Ana": (33.7455, -117.8677),
    "Anaheim": (33.8366, -117.9143),
    "Riverside": (33.9806, -117.3755),
    "San Bernardino": (34.1083, -117.2898),
    "Oxnard": (34.1975, -119.1771),
    "Lancaster": (34.6868, -118.1542),
    "West Covina": (34.0686, -117.9390),
    "El Monte": (34.0686, -118.0276),
}
STATE = {
    "San Diego": (32.7157, -117.1611),
    "Chula Vista": (32.6401, -117.0842),
    "Escondido": (33.1192, -117.0864),
    "San Francisco": (37.7749, -122.4194),
    "Oakland": (37.8044, -122.2712),
    "San Jose": (37.3382, -121.8863),
    "Fremont": (37.5485, -121.9886),
    "Richmond": (37.9358, -122.3478),
    "Sacramento": (38.5816, -121.4944),
    "Stockton": (37.9577, -121.2908),
    "Modesto": (37.6391, -120.9969),
    "Fresno": (36.7378, -119.7871),
    "Bakersfield": (35.3733, -119.0187),
    "Santa Rosa": (38.4404, -122.7141),
    "Salinas": (36.6777, -121.6555),
    "Santa Barbara": (34.4208, -119.6982),
    "Visalia": (36.3302, -119.2921),
    "Redding": (40.5865, -122.3917),
}
SIZES = {
    "city": (160, 400, LA),
    "region": (600, 2000, {**LA, **SOCAL}),
    "state": (2000, 10000, {**LA, **SOCAL, **STATE}),
    "state-dense": (2000, 10000, {**LA, **SOCAL, **STATE}),
}
# How eligible volunteers are: certification rates (panelist, facilitator, mediator, public
# safety), the program's reach in km and the choices of a volunteer's own, shorter reach. The
# dense profile (issue 21) certifies more people for more roles and lets them travel further, so
# the state-size problem has about 2.5 times the eligible seat columns of the plain one.
PLAIN = {"certs": (0.55, 0.45, 0.45, 0.35), "reach": 40.0, "own_reach": (10, 15, 20, 25)}
DENSE = {"certs": (0.85, 0.6, 0.7, 0.5), "reach": 60.0, "own_reach": (25, 30, 40, 50)}
PROFILES = {"state-dense": DENSE}
HORIZON_START = date(2026, 10, 26)  # a Monday; the horizon crosses the DST change of Nov 1, 2026
WEEKS = 4


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    dy, dx = rng.gauss(0, km), rng.gauss(0, km)
    return round(lat + dy / 111.0, 5), round(lon + dx / (111.0 * math.cos(math.radians(lat))), 5)


def _instant(d: date, minutes: int, tz: ZoneInfo) -> str:
    return datetime(d.year, d.month, d.day, minutes // 60, minutes % 60, tzinfo=tz).isoformat()


def _hearing(rng, i, places, weights, tz) -> dict:
    name = rng.choices(list(places), weights=weights)[0]
    lat, lon = _jitter(rng, *places[name], 1.5)
    day = HORIZON_START + timedelta(days=rng.randrange(WEEKS * 7))
    while day.weekday() in (4, 6):  # no Friday or Sunday sessions
        day = HORIZON_START + timedelta(days=rng.randrange(WEEKS * 7))
    if day.weekday() == 5:  # Saturday morning
        start = rng.choice([9 * 60, 9 * 60 + 30, 10 * 60, 11 * 60])
    else:  # weekday evening, 18:00-21:00
        start = rng.choice([18 * 60, 18 * 60 + 30, 19 * 60])
    length = rng.choice([90, 120]) if start <= 19 * 60 - 30 or start < 12 * 60 else 90
    kind = rng.random()
    spanish = rng.random() < 0.3
    if kind < 0.45:
        prefix = "njp"
        seats = [
            {"role": "facilitator", "count": 1, "requires": ["njp_facilitator"]},
            {"role": "panelist", "count": 2, "requires": ["njp_panelist"]},
        ]
    elif kind < 0.8:
        prefix = "med"
        n = rng.choice([1, 2])
        seats = [{"role": "mediator", "count": 1, "requires": ["mediator"]}]
        if n == 2:
            seats.append({"role": "co_mediator", "count": 1, "requires": ["mediator"]})
    else:
        prefix = "psm"
        seats = [
            {"role": "mediator", "count": 1, "requires": ["mediator", "public_safety"]},
            {"role": "co_mediator", "count": 1, "requires": ["mediator", "public_safety"]},
        ]
    if spanish:
        seats[0]["language"] = "es"
    slug = name.lower().replace(" ", "-")
    return {
        "id": f"{prefix}-{slug}-{i}",
        "start": _instant(day, start, tz),
        "end": _instant(day, start + length, tz),
        "venue": {"lat": lat, "lon": lon},
        "seats": seats,
        "parties": [f"party-{2 * i}", f"party-{2 * i + 1}"],
    }


def _volunteer(rng, i, places, weights, tz, n_hearings, profile=PLAIN) -> dict:
    name = rng.choices(list(places), weights=weights)[0]
    lat, lon = _jitter(rng, *places[name], 6.0)
    langs = ["en"]
    if rng.random() < 0.4:
        langs.append("es")
    if rng.random() < 0.08:
        langs.append(rng.choice(["ko", "hy", "tl", "zh", "vi"]))
    horizon_end = HORIZON_START + timedelta(days=WEEKS * 7)

    def expiry():
        r = rng.random()
        if r < 0.5:
            return None
        if r < 0.7:  # expires inside the horizon: certified for early hearings only
            return (HORIZON_START + timedelta(days=rng.randrange(WEEKS * 7))).isoformat()
        return (horizon_end + timedelta(days=rng.randrange(30, 700))).isoformat()

    certs = []
    panelist, facilitator, mediator, public_safety = profile["certs"]
    if rng.random() < panelist:
        certs.append({"name": "njp_panelist", "expires": expiry()})
        if rng.random() < facilitator:
            certs.append({"name": "njp_facilitator", "expires": expiry()})
    if rng.random() < mediator:
        certs.append({"name": "mediator", "expires": expiry()})
        if rng.random() < public_safety:
            certs.append({"name": "public_safety", "expires": expiry()})
    avail = []
    for d in rng.sample(["mon", "tue", "wed", "thu"], rng.choice([1, 2, 2, 3])):
        avail.append(
            {
                "day": d,
                "start": rng.choice(["17:30", "18:00"]),
                "end": rng.choice(["20:30", "21:00", "21:00", "21:30"]),
            }
        )
    if rng.random() < 0.35:
        avail.append({"day": "sat", "start": "09:00", "end": rng.choice(["12:00", "13:00"])})
    blackouts = []
    if rng.random() < 0.15:
        d = HORIZON_START + timedelta(days=rng.randrange(WEEKS * 7))
        blackouts.append(
            {
                "start": _instant(d, 0, tz),
                "end": _instant(d + timedelta(days=rng.randint(1, 8)), 0, tz),
            }
        )
    v = {
        "id": f"v-{i}",
        "home": {"lat": lat, "lon": lon},
        "languages": langs,
        "certifications": certs,
        "availability": avail,
        "blackouts": blackouts,
    }
    if rng.random() < 0.5:
        v["max_assignments"] = rng.choice([2, 3, 4, 5, 6])
    if rng.random() < 0.3:
        v["max_travel_km"] = float(rng.choice(profile["own_reach"]))
    if rng.random() < 0.3:
        v["prior_assignments"] = rng.choice([1, 1, 2, 3])
    if rng.random() < 0.05:
        v["conflicts"] = [f"party-{rng.randrange(2 * n_hearings)}"]
    return v


def generate(size: str = "city", seed: int = 0) -> dict:
    """A seeded problem of the given size (city, region, state, state-dense) as a JSON dict."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r} (use one of {', '.join(SIZES)})")
    n_h, n_v, places = SIZES[size]
    profile = PROFILES.get(size, PLAIN)
    rng = random.Random(f"convene-{size}-{seed}")
    tz = ZoneInfo(TZ)
    # Los Angeles neighborhoods carry more of the load than the outlying cities.
    weights = [3.0 if p in LA else 1.0 for p in places]
    hearings = [_hearing(rng, i, places, weights, tz) for i in range(n_h)]
    volunteers = [_volunteer(rng, i, places, weights, tz, n_h, profile) for i in range(n_v)]
    for h in hearings:
        if rng.random() < 0.06:
            h["excluded"] = [f"v-{rng.randrange(n_v)}" for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.15:
            h["preferred"] = [f"v-{rng.randrange(n_v)}"]
    problem = {
        "format": "convene-match/1",
        "timezone": TZ,
        "settings": {
            "travel_buffer_minutes": 30,
            "max_travel_km": profile["reach"],
            "default_max_assignments": 4,
            "weights": {
                "travel_km": 1.0,
                "load": 2.0,
                "unfilled_seat": 1000.0,
                "changed_assignment": 100.0,
                "continuity": 25.0,
            },
        },
        "volunteers": volunteers,
        "hearings": hearings,
    }
    _add_current(problem, rng)
    return problem


def _add_current(problem: dict, rng: random.Random) -> None:
    """Publish panels for some hearings: eligible people, as a coordinator would have picked."""
    from .eligibility import eligible
    from .model import load_problem

    p = load_problem(problem)
    c = eligible(p)
    by_seat: dict[int, list[int]] = {}
    for v, s in zip(c.v.tolist(), c.s.tolist(), strict=True):
        by_seat.setdefault(s, []).append(v)
    # preferred ids should mostly be people who could actually sit again
    for hi, h in enumerate(problem["hearings"]):
        if rng.random() >= 0.12:
            continue
        used: set[int] = set()
        cur = []
        for seat in h["seats"]:
            pool = [v for v in by_seat.get(c.seat_of[(hi, seat["role"])], []) if v not in used]
            for v in rng.sample(pool, min(len(pool), seat["count"])):
                used.add(v)
                cur.append({"volunteer": p.volunteers[v].id, "role": seat["role"]})
        if cur:
            h["current"] = cur
