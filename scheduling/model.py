"""Plain data model of a `convene-match/1` problem and its solution, with validation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FORMAT = "convene-match/1"
SOLUTION_FORMAT = "convene-match-solution/1"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WEIGHTS = {
    "travel_km": 1.0,
    "load": 2.0,
    "unfilled_seat": 1000.0,
    "changed_assignment": 100.0,
    "continuity": 25.0,
}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ProblemError(ValueError):
    """Invalid input; the message starts with the JSON path of the offending value."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Weights:
    travel_km: float = 1.0
    load: float = 2.0
    unfilled_seat: float = 1000.0
    changed_assignment: float = 100.0
    continuity: float = 25.0


@dataclass(frozen=True)
class Settings:
    travel_buffer_minutes: float = 0.0
    max_travel_km: float | None = None
    default_max_assignments: int | None = None
    weights: Weights = field(default_factory=Weights)


@dataclass(frozen=True)
class Window:
    day: str  # one of WEEKDAYS
    start: int  # minutes after local midnight
    end: int


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Volunteer:
    id: str
    lat: float
    lon: float
    languages: tuple[str, ...] = ()
    certifications: tuple[tuple[str, date | None], ...] = ()
    availability: tuple[Window, ...] = ()
    blackouts: tuple[Interval, ...] = ()
    max_assignments: int | None = None
    max_travel_km: float | None = None
    prior_assignments: int = 0
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Seat:
    role: str
    count: int
    requires: tuple[str, ...] = ()
    language: str | None = None


@dataclass(frozen=True)
class Hearing:
    id: str
    start: datetime
    end: datetime
    lat: float
    lon: float
    seats: tuple[Seat, ...]
    parties: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    current: tuple[tuple[str, str], ...] = ()  # (volunteer id, role)
    preferred: tuple[str, ...] = ()

    def seat(self, role: str) -> Seat | None:
        """The seat entry with this role, or None."""
        for s in self.seats:
            if s.role == role:
                return s
        return None


@dataclass(frozen=True)
class Problem:
    timezone: str
    settings: Settings
    volunteers: tuple[Volunteer, ...]
    hearings: tuple[Hearing, ...]

    def __post_init__(self):
        # Index lookups are needed everywhere; frozen dataclass, so set through object.
        object.__setattr__(self, "_vidx", {v.id: i for i, v in enumerate(self.volunteers)})
        object.__setattr__(self, "_hidx", {h.id: i for i, h in enumerate(self.hearings)})

    @property
    def volunteer_index(self) -> dict[str, int]:
        return self._vidx  # type: ignore[attr-defined]

    @property
    def hearing_index(self) -> dict[str, int]:
        return self._hidx  # type: ignore[attr-defined]

    def cap(self, v: Volunteer) -> int | None:
        """Maximum total seats (prior included) of a volunteer, or None for unlimited."""
        if v.max_assignments is not None:
            return v.max_assignments
        return self.settings.default_max_assignments

    def reach(self, v: Volunteer) -> float | None:
        """Maximum travel distance of a volunteer in km, or None for unlimited."""
        if v.max_travel_km is not None:
            return v.max_travel_km
        return self.settings.max_travel_km


@dataclass(frozen=True, order=True)
class Assignment:
    hearing: str
    volunteer: str
    role: str

    def to_dict(self) -> dict:
        """JSON form of the assignment."""
        return {"hearing": self.hearing, "volunteer": self.volunteer, "role": self.role}


@dataclass
class Solution:
    assignments: list[Assignment]
    objective: float
    lower_bound: float | None = None
    status: str = "feasible"
    stats: dict = field(default_factory=dict)


# ---------------------------------------------------------------- validation helpers


def _obj(x, path):
    if not isinstance(x, dict):
        raise ProblemError(path, f"must be an object, not {_typename(x)}")
    return x


def _list(x, path):
    if x is None:
        return []
    if not isinstance(x, list):
        raise ProblemError(path, f"must be a list, not {_typename(x)}")
    return x


def _str(x, path):
    if not isinstance(x, str) or not x:
        raise ProblemError(path, f"must be a non-empty string, not {_typename(x)}")
    return x


def _num(x, path, *, minimum=None, optional=False):
    if x is None and optional:
        return None
    # bool is an int subclass but true/false is never a sensible number here
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise ProblemError(path, f"must be a number, not {_typename(x)}")
    if x != x or x in (float("inf"), float("-inf")):
        raise ProblemError(path, "must be finite")
    if minimum is not None and x < minimum:
        raise ProblemError(path, f"must be at least {minimum}")
    return float(x)


def _int(x, path, *, minimum=0, optional=False):
    if x is None and optional:
        return None
    if isinstance(x, bool) or not isinstance(x, int):
        if isinstance(x, float) and x.is_integer():
            x = int(x)
        else:
            raise ProblemError(path, f"must be an integer, not {_typename(x)}")
    if x < minimum:
        raise ProblemError(path, f"must be at least {minimum}")
    return x


def _typename(x) -> str:
    if x is None:
        return "null"
    return {dict: "object", list: "list", str: "string", bool: "boolean"}.get(
        type(x), "number" if isinstance(x, int | float) else type(x).__name__
    )


def _instant(x, path) -> datetime:
    _str(x, path)
    try:
        t = datetime.fromisoformat(x)
    except ValueError:
        raise ProblemError(path, f"not an ISO 8601 instant: {x!r}") from None
    if t.tzinfo is None or t.utcoffset() is None:
        raise ProblemError(path, f"instant {x!r} has no UTC offset")
    return t


def _date(x, path) -> date:
    _str(x, path)
    try:
        return date.fromisoformat(x)
    except ValueError:
        raise ProblemError(path, f"not a YYYY-MM-DD date: {x!r}") from None


def _clock(x, path) -> int:
    _str(x, path)
    m = _CLOCK.match(x)
    if not m:
        raise ProblemError(path, f"not an HH:MM clock time: {x!r}")
    return int(m.group(1)) * 60 + int(m.group(2))


def _point(x, path) -> tuple[float, float]:
    _obj(x, path)
    lat = _num(x.get("lat"), f"{path}.lat")
    lon = _num(x.get("lon"), f"{path}.lon")
    if not -90 <= lat <= 90:
        raise ProblemError(f"{path}.lat", "must be between -90 and 90")
    if not -180 <= lon <= 180:
        raise ProblemError(f"{path}.lon", "must be between -180 and 180")
    return lat, lon


def _strings(x, path) -> tuple[str, ...]:
    return tuple(_str(s, f"{path}[{i}]") for i, s in enumerate(_list(x, path)))


# ---------------------------------------------------------------- loading


def _settings(x) -> Settings:
    x = _obj(x if x is not None else {}, "settings")
    # a null setting means the same as an absent one: the documented default
    x = {k: v for k, v in x.items() if v is not None}
    wx = _obj(x.get("weights", {}), "settings.weights")
    wx = {k: v for k, v in wx.items() if v is not None}
    weights = Weights(
        **{
            k: _num(wx.get(k, d), f"settings.weights.{k}", minimum=0)
            for k, d in DEFAULT_WEIGHTS.items()
        }
    )
    return Settings(
        travel_buffer_minutes=_num(
            x.get("travel_buffer_minutes", 0), "settings.travel_buffer_minutes", minimum=0
        ),
        max_travel_km=_num(
            x.get("max_travel_km"), "settings.max_travel_km", minimum=0, optional=True
        ),
        default_max_assignments=_int(
            x.get("default_max_assignments"), "settings.default_max_assignments", optional=True
        ),
        weights=weights,
    )


def _volunteer(x, p) -> Volunteer:
    _obj(x, p)
    lat, lon = _point(x.get("home"), f"{p}.home")
    certs = []
    for i, c in enumerate(_list(x.get("certifications"), f"{p}.certifications")):
        cp = f"{p}.certifications[{i}]"
        _obj(c, cp)
        exp = c.get("expires")
        certs.append(
            (
                _str(c.get("name"), f"{cp}.name"),
                None if exp is None else _date(exp, f"{cp}.expires"),
            )
        )
    windows = []
    for i, w in enumerate(_list(x.get("availability"), f"{p}.availability")):
        wp = f"{p}.availability[{i}]"
        _obj(w, wp)
        day = w.get("day")
        if not isinstance(day, str) or day not in WEEKDAYS:
            raise ProblemError(
                f"{wp}.day", f"unknown weekday {day!r} (use one of {' '.join(WEEKDAYS)})"
            )
        s, e = _clock(w.get("start"), f"{wp}.start"), _clock(w.get("end"), f"{wp}.end")
        if s >= e:
            raise ProblemError(f"{wp}.end", "must be after start")
        windows.append(Window(day, s, e))
    blackouts = []
    for i, b in enumerate(_list(x.get("blackouts"), f"{p}.blackouts")):
        bp = f"{p}.blackouts[{i}]"
        _obj(b, bp)
        s, e = _instant(b.get("start"), f"{bp}.start"), _instant(b.get("end"), f"{bp}.end")
        if s >= e:
            raise ProblemError(f"{bp}.end", "must be after start")
        blackouts.append(Interval(s, e))
    return Volunteer(
        id=_str(x.get("id"), f"{p}.id"),
        lat=lat,
        lon=lon,
        languages=_strings(x.get("languages"), f"{p}.languages"),
        certifications=tuple(certs),
        availability=tuple(windows),
        blackouts=tuple(blackouts),
        max_assignments=_int(x.get("max_assignments"), f"{p}.max_assignments", optional=True),
        max_travel_km=_num(x.get("max_travel_km"), f"{p}.max_travel_km", minimum=0, optional=True),
        prior_assignments=_int(x.get("prior_assignments", 0), f"{p}.prior_assignments"),
        conflicts=_strings(x.get("conflicts"), f"{p}.conflicts"),
    )


def _seat(x, p) -> Seat:
    _obj(x, p)
    lang = x.get("language")
    return Seat(
        role=_str(x.get("role"), f"{p}.role"),
        count=_int(x.get("count"), f"{p}.count", minimum=1),
        requires=_strings(x.get("requires"), f"{p}.requires"),
        language=None if lang is None else _str(lang, f"{p}.language"),
    )


def _hearing(x, p, volunteer_ids) -> Hearing:
    _obj(x, p)
    hid = _str(x.get("id"), f"{p}.id")
    start, end = _instant(x.get("start"), f"{p}.start"), _instant(x.get("end"), f"{p}.end")
    if start >= end:
        raise ProblemError(f"{p}.end", "must be after start")
    lat, lon = _point(x.get("venue"), f"{p}.venue")
    seats = tuple(
        _seat(s, f"{p}.seats[{i}]") for i, s in enumerate(_list(x.get("seats"), f"{p}.seats"))
    )
    roles = set()
    for i, s in enumerate(seats):
        if s.role in roles:
            raise ProblemError(f"{p}.seats[{i}].role", f"duplicate role {s.role!r} in this hearing")
        roles.add(s.role)
    current = []
    for i, c in enumerate(_list(x.get("current"), f"{p}.current")):
        cp = f"{p}.current[{i}]"
        _obj(c, cp)
        vid, role = _str(c.get("volunteer"), f"{cp}.volunteer"), _str(c.get("role"), f"{cp}.role")
        if vid not in volunteer_ids:
            raise ProblemError(f"{cp}.volunteer", f"unknown volunteer {vid!r}")
        if role not in roles:
            raise ProblemError(f"{cp}.role", f"role {role!r} is not among this hearing's seats")
        current.append((vid, role))
    preferred = _strings(x.get("preferred"), f"{p}.preferred")
    return Hearing(
        id=hid,
        start=start,
        end=end,
        lat=lat,
        lon=lon,
        seats=seats,
        parties=_strings(x.get("parties"), f"{p}.parties"),
        excluded=_strings(x.get("excluded"), f"{p}.excluded"),
        current=tuple(current),
        # (h, v) pairs are counted once, so a repeated preferred id means nothing more
        preferred=tuple(dict.fromkeys(preferred)),
    )


def load_problem(data: dict) -> Problem:
    """Validate a `convene-match/1` problem (parsed JSON) and return it as a Problem."""
    _obj(data, "$")
    if data.get("format") != FORMAT:
        raise ProblemError("format", f"must be {FORMAT!r}, not {data.get('format')!r}")
    tz = _str(data.get("timezone"), "timezone")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProblemError("timezone", f"unknown time zone {tz!r}") from None
    settings = _settings(data.get("settings"))
    volunteers = []
    seen: dict[str, int] = {}
    for i, v in enumerate(_list(data.get("volunteers"), "volunteers")):
        vol = _volunteer(v, f"volunteers[{i}]")
        if vol.id in seen:
            raise ProblemError(
                f"volunteers[{i}].id", f"duplicate id {vol.id!r} (also volunteers[{seen[vol.id]}])"
            )
        seen[vol.id] = i
        volunteers.append(vol)
    hearings = []
    hseen: dict[str, int] = {}
    for i, h in enumerate(_list(data.get("hearings"), "hearings")):
        hr = _hearing(h, f"hearings[{i}]", seen)
        if hr.id in hseen:
            raise ProblemError(
                f"hearings[{i}].id", f"duplicate id {hr.id!r} (also hearings[{hseen[hr.id]}])"
            )
        hseen[hr.id] = i
        hearings.append(hr)
    return Problem(tz, settings, tuple(volunteers), tuple(hearings))


# ---------------------------------------------------------------- serialisation


def _iso(t: datetime) -> str:
    return t.isoformat()


def _hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


def problem_to_dict(problem: Problem) -> dict:
    """The `convene-match/1` JSON form of a problem (round-trips through load_problem)."""
    s = problem.settings
    return {
        "format": FORMAT,
        "timezone": problem.timezone,
        "settings": {
            "travel_buffer_minutes": s.travel_buffer_minutes,
            "max_travel_km": s.max_travel_km,
            "default_max_assignments": s.default_max_assignments,
            "weights": {k: getattr(s.weights, k) for k in DEFAULT_WEIGHTS},
        },
        "volunteers": [
            {
                "id": v.id,
                "home": {"lat": v.lat, "lon": v.lon},
                "languages": list(v.languages),
                "certifications": [
                    {"name": n, "expires": None if e is None else e.isoformat()}
                    for n, e in v.certifications
                ],
                "availability": [
                    {"day": w.day, "start": _hhmm(w.start), "end": _hhmm(w.end)}
                    for w in v.availability
                ],
                "blackouts": [{"start": _iso(b.start), "end": _iso(b.end)} for b in v.blackouts],
                "max_assignments": v.max_assignments,
                "max_travel_km": v.max_travel_km,
                "prior_assignments": v.prior_assignments,
                "conflicts": list(v.conflicts),
            }
            for v in problem.volunteers
        ],
        "hearings": [
            {
                "id": h.id,
                "start": _iso(h.start),
                "end": _iso(h.end),
                "venue": {"lat": h.lat, "lon": h.lon},
                "seats": [
                    {
                        "role": st.role,
                        "count": st.count,
                        "requires": list(st.requires),
                        "language": st.language,
                    }
                    for st in h.seats
                ],
                "parties": list(h.parties),
                "excluded": list(h.excluded),
                "current": [{"volunteer": v, "role": r} for v, r in h.current],
                "preferred": list(h.preferred),
            }
            for h in problem.hearings
        ],
    }


def solution_to_dict(solution: Solution) -> dict:
    """The `convene-match-solution/1` JSON form of a solution."""
    return {
        "format": SOLUTION_FORMAT,
        "assignments": [a.to_dict() for a in solution.assignments],
        "objective": solution.objective,
        "lower_bound": solution.lower_bound,
        "status": solution.status,
        "stats": solution.stats,
    }


def solution_from_dict(data: dict) -> Solution:
    """Parse a `convene-match-solution/1` object; raises ProblemError naming the path."""
    _obj(data, "$")
    out = []
    for i, a in enumerate(_list(data.get("assignments"), "assignments")):
        p = f"assignments[{i}]"
        _obj(a, p)
        out.append(
            Assignment(
                _str(a.get("hearing"), f"{p}.hearing"),
                _str(a.get("volunteer"), f"{p}.volunteer"),
                _str(a.get("role"), f"{p}.role"),
            )
        )
    obj = data.get("objective")
    lb = data.get("lower_bound")
    return Solution(
        assignments=out,
        objective=_num(obj, "objective") if obj is not None else float("nan"),
        lower_bound=_num(lb, "lower_bound", optional=True),
        status=str(data.get("status", "feasible")),
        stats=data.get("stats") if isinstance(data.get("stats"), dict) else {},
    )
