"""Hypothesis strategy for tiny random `convene-match/1` problems."""

from __future__ import annotations

from hypothesis import strategies as st

SPOTS = [(34.0928, -118.3287), (34.1016, -118.3295), (34.0339, -118.2053), (34.1899, -118.4514)]
SLOTS = [
    ("2026-11-03", 18, 0, 90),
    ("2026-11-03", 18, 30, 120),
    ("2026-11-07", 9, 30, 90),
    ("2026-11-03", 19, 0, 60),
    ("2026-11-03", 20, 0, 60),
    ("2026-11-07", 9, 0, 90),
    ("2026-11-07", 10, 30, 90),
    ("2026-10-31", 10, 0, 60),
]


def _instant(day: str, hour: int, minute: int, offset: str) -> str:
    return f"{day}T{hour:02d}:{minute:02d}:00{offset}"


@st.composite
def tiny_problems(draw, max_volunteers: int = 4, max_hearings: int = 3) -> dict:
    """Small random problems (few hearings, seats and volunteers) for exact comparison."""
    n_v = draw(st.integers(1, max_volunteers))
    n_h = draw(st.integers(1, max_hearings))
    certs = ["a", "b"]
    vols = []
    for i in range(n_v):
        v = {
            "id": f"v{i}",
            "home": dict(zip(("lat", "lon"), draw(st.sampled_from(SPOTS)), strict=True)),
            "languages": draw(st.sampled_from([["en"], ["en", "es"], ["es"]])),
            "certifications": [
                {"name": c, "expires": draw(st.sampled_from([None, "2026-11-04", "2027-01-01"]))}
                for c in draw(st.lists(st.sampled_from(certs), unique=True, max_size=2))
            ],
            "availability": [
                {"day": d, "start": s, "end": e}
                for d, s, e in draw(
                    st.lists(
                        st.sampled_from(
                            [
                                ("tue", "17:30", "21:00"),
                                ("tue", "18:00", "19:30"),
                                ("sat", "09:00", "12:00"),
                                ("sat", "10:00", "13:00"),
                                ("tue", "19:00", "21:00"),
                                ("tue", "19:00", "24:00"),
                            ]
                        ),
                        max_size=3,
                    )
                )
            ],
            "prior_assignments": draw(st.integers(0, 2)),
        }
        if draw(st.booleans()):
            v["max_assignments"] = draw(st.integers(0, 3))
        if draw(st.booleans()):
            v["max_travel_km"] = draw(st.sampled_from([1.0, 15.0]))
        if draw(st.integers(0, 5)) == 0:
            v["blackouts"] = [
                {"start": "2026-11-03T19:30:00-08:00", "end": "2026-11-03T23:00:00-08:00"}
            ]
        if draw(st.integers(0, 5)) == 0:
            v["conflicts"] = ["p0"]
        vols.append(v)
    hears = []
    for j in range(n_h):
        day, hh, mm, length = draw(st.sampled_from(SLOTS))
        off = "-07:00" if day == "2026-10-31" else "-08:00"
        end_min = hh * 60 + mm + length
        seats = [
            {
                "role": "r0",
                "count": draw(st.integers(1, 2)),
                "requires": draw(st.lists(st.sampled_from(certs), unique=True, max_size=1)),
            }
        ]
        if draw(st.booleans()):
            seats.append(
                {"role": "r1", "count": 1, "language": draw(st.sampled_from([None, "es"]))}
            )
        h = {
            "id": f"h{j}",
            "start": _instant(day, hh, mm, off),
            "end": _instant(day, end_min // 60, end_min % 60, off),
            "venue": dict(zip(("lat", "lon"), draw(st.sampled_from(SPOTS)), strict=True)),
            "seats": seats,
            "parties": [f"p{j}"],
        }
        if draw(st.integers(0, 3)) == 0:
            h["excluded"] = [f"v{draw(st.integers(0, n_v - 1))}"]
        if draw(st.integers(0, 2)) == 0:
            # a published panel; an entry may repeat, and each entry is priced on its own
            h["current"] = [
                {
                    "volunteer": f"v{draw(st.integers(0, n_v - 1))}",
                    "role": draw(st.sampled_from([s["role"] for s in seats])),
                }
                for _ in range(draw(st.integers(1, 2)))
            ]
        if draw(st.integers(0, 2)) == 0:
            # an unknown id can never sit, so it is a constant continuity penalty
            h["preferred"] = [
                draw(st.sampled_from([f"v{draw(st.integers(0, n_v - 1))}", "v-gone"]))
            ]
        hears.append(h)
    return {
        "format": "convene-match/1",
        "timezone": "America/Los_Angeles",
        "settings": {
            "travel_buffer_minutes": draw(st.sampled_from([0, 30])),
            "max_travel_km": draw(st.sampled_from([None, 40.0])),
            "default_max_assignments": draw(st.sampled_from([None, 1, 2])),
            "weights": {
                "travel_km": 1.0,
                "load": draw(st.sampled_from([0.0, 2.0, 30.0])),
                "unfilled_seat": draw(st.sampled_from([10.0, 1000.0])),
                "changed_assignment": 100.0,
                "continuity": 25.0,
            },
        },
        "volunteers": vols,
        "hearings": hears,
    }
