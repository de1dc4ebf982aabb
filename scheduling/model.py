"""Plain data model of a `convene-match/1` problem and its solution, with validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .validate import (
    ProblemError,
    _clock,
    _date,
    _instant,
    _int,
    _list,
    _num,
    _obj,
    _point,
    _str,
    _strings,
)

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
    busy: bool = False  # a seat on another hearing, not the volunteer's own blackout


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
    online: bool = False  # a video meeting: nobody travels, so reach and distance do not apply

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
        s, e = (
            _clock(w.get("start"), f"{wp}.start"),
            _clock(w.get("end"), f"{wp}.end", end_of_day=True),
        )
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
        busy = b.get("busy", False)
        if not isinstance(busy, bool):
            raise ProblemError(f"{bp}.busy", "must be true or false")
        blackouts.append(Interval(s, e, busy))
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
    online = x.get("online", False)
    if not isinstance(online, bool):
        raise ProblemError(f"{p}.online", "must be true or false")
    # An online hearing needs no place; one given is kept (and ignored) so it round-trips.
    if online and x.get("venue") is None:
        lat, lon = 0.0, 0.0
    else:
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
        online=online,
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
