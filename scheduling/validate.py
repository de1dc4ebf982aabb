"""Typed readers of JSON values that raise ProblemError naming the path and the reason."""

from __future__ import annotations

import re
from datetime import date, datetime

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


class ProblemError(ValueError):
    """Invalid input; the message starts with the JSON path of the offending value."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


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


def _clock(x, path, *, end_of_day: bool = False) -> int:
    _str(x, path)
    if end_of_day and x == "24:00":  # a window may run to midnight
        return 24 * 60
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
