"""Changes to published panels: decline, recusal, unavailability, moved or cancelled hearing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from .model import Interval, Problem, ProblemError
from .validate import _instant, _obj, _str


@dataclass(frozen=True)
class Decline:
    """A volunteer declined a hearing: they join its `excluded` list."""

    hearing: str
    volunteer: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"type": "decline", "hearing": self.hearing, "volunteer": self.volunteer}

    def apply(self, problem: Problem) -> Problem:
        """The problem with this change made."""
        _need(problem, hearing=self.hearing, volunteer=self.volunteer)
        return _map_hearing(
            problem, self.hearing, lambda h: replace(h, excluded=h.excluded + (self.volunteer,))
        )


@dataclass(frozen=True)
class Recusal:
    """A volunteer recused from a party: the party joins their `conflicts`."""

    volunteer: str
    party: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"type": "recusal", "volunteer": self.volunteer, "party": self.party}

    def apply(self, problem: Problem) -> Problem:
        """The problem with this change made."""
        _need(problem, volunteer=self.volunteer)
        return _map_volunteer(
            problem, self.volunteer, lambda v: replace(v, conflicts=v.conflicts + (self.party,))
        )


@dataclass(frozen=True)
class Unavailable:
    """A volunteer cannot serve during [start, end): a new blackout."""

    volunteer: str
    start: datetime
    end: datetime

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "type": "unavailable",
            "volunteer": self.volunteer,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def apply(self, problem: Problem) -> Problem:
        """The problem with this change made."""
        _need(problem, volunteer=self.volunteer)
        b = Interval(self.start, self.end)
        return _map_volunteer(
            problem, self.volunteer, lambda v: replace(v, blackouts=v.blackouts + (b,))
        )


@dataclass(frozen=True)
class MoveHearing:
    """A hearing moved to a new time."""

    hearing: str
    start: datetime
    end: datetime

    def to_dict(self) -> dict:
        """JSON form."""
        return {
            "type": "move",
            "hearing": self.hearing,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def apply(self, problem: Problem) -> Problem:
        """The problem with this change made."""
        _need(problem, hearing=self.hearing)
        return _map_hearing(
            problem, self.hearing, lambda h: replace(h, start=self.start, end=self.end)
        )


@dataclass(frozen=True)
class CancelHearing:
    """A hearing was cancelled: it leaves the problem and its seats free their volunteers."""

    hearing: str

    def to_dict(self) -> dict:
        """JSON form."""
        return {"type": "cancel", "hearing": self.hearing}

    def apply(self, problem: Problem) -> Problem:
        """The problem with this change made."""
        _need(problem, hearing=self.hearing)
        hs = tuple(h for h in problem.hearings if h.id != self.hearing)
        return Problem(problem.timezone, problem.settings, problem.volunteers, hs)


Change = Decline | Recusal | Unavailable | MoveHearing | CancelHearing


def change_from_dict(d: dict) -> Change:
    """Parse a change's JSON form ({"type": "decline", ...}); ProblemError names the path."""
    _obj(d, "$")
    kind = d.get("type")
    if kind == "decline":
        return Decline(_str(d.get("hearing"), "hearing"), _str(d.get("volunteer"), "volunteer"))
    if kind == "recusal":
        return Recusal(_str(d.get("volunteer"), "volunteer"), _str(d.get("party"), "party"))
    if kind in ("unavailable", "move"):
        s, e = _instant(d.get("start"), "start"), _instant(d.get("end"), "end")
        if s >= e:
            raise ProblemError("end", "must be after start")
        if kind == "unavailable":
            return Unavailable(_str(d.get("volunteer"), "volunteer"), s, e)
        return MoveHearing(_str(d.get("hearing"), "hearing"), s, e)
    if kind == "cancel":
        return CancelHearing(_str(d.get("hearing"), "hearing"))
    raise ProblemError(
        "type", f"unknown change type {kind!r} (decline, recusal, unavailable, move, cancel)"
    )


def _need(problem: Problem, hearing: str | None = None, volunteer: str | None = None) -> None:
    if hearing is not None and hearing not in problem.hearing_index:
        raise ProblemError("hearing", f"unknown hearing {hearing!r}")
    if volunteer is not None and volunteer not in problem.volunteer_index:
        raise ProblemError("volunteer", f"unknown volunteer {volunteer!r}")


def _map_hearing(problem: Problem, hid: str, f) -> Problem:
    hs = tuple(f(h) if h.id == hid else h for h in problem.hearings)
    return Problem(problem.timezone, problem.settings, problem.volunteers, hs)


def _map_volunteer(problem: Problem, vid: str, f) -> Problem:
    vs = tuple(f(v) if v.id == vid else v for v in problem.volunteers)
    return Problem(problem.timezone, problem.settings, vs, problem.hearings)
