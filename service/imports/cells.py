"""A spreadsheet cell's text as a value: yes/no, lists, dates as spreadsheets write them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from service.imports.report import RowError
from service.wording import error_words

TRUE = {"y", "yes", "true", "1", "x", "si", "sí"}
FALSE = {"", "n", "no", "false", "0"}
DATE_FORMAT = "give a date like 3/14/2026 or 2026-03-14"
# Excel adds a midnight to a date cell it exports from a date-and-time format.
_MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})", re.ASCII)


class CellError(ValueError):
    """A cell that cannot be read, with its column and the reason in words."""

    def __init__(self, column: str, reason: str) -> None:
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


class Problems:
    """Every unreadable cell of a row, so one preview lists them all rather than the first."""

    def __init__(self) -> None:
        self.found: list[CellError] = []

    def take(self, read: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """read(*args), or `default` with the problem noted."""
        try:
            return read(*args)
        except CellError as exc:
            self.found.append(exc)
            return default

    def add(self, column: str, reason: str) -> None:
        """Note a problem found without reading a cell."""
        self.found.append(CellError(column, reason))

    def columns(self) -> set[str]:
        """The columns with a problem."""
        return {p.column for p in self.found}

    def at(self, line: int, row: int, validation: ValidationError | None, column) -> list[RowError]:
        """The problems as row errors, then the validation's about other columns."""
        errors = [RowError(line, row, p.column or None, p.reason) for p in self.found]
        if validation is not None:
            taken = self.columns()
            errors += [
                e for e in row_errors(line, row, validation, column) if e.column not in taken
            ]
        return errors


def flag(value: str, column: str) -> bool:
    """yes/no, y/n, true/false, 1/0, x or empty (no)."""
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise CellError(column, f"{value.strip()} is not yes or no: write yes or no (empty means no)")


def split(value: str) -> list[str]:
    """'en; es' or 'en, es' as ['en', 'es']."""
    return [p.strip() for p in value.replace(",", ";").split(";") if p.strip()]


def day(value: str, column: str) -> str | None:
    """A date as ISO text, from 2026-03-14, 3/14/2026 or 03/14/26 (US order, as spreadsheets
    write it); None when empty."""
    v = _MIDNIGHT.sub("", value.strip())
    if not v:
        return None
    iso, us = _ISO.fullmatch(v), _US.fullmatch(v)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if us:
            year = int(us[3]) + (2000 if len(us[3]) == 2 else 0)
            return date(year, int(us[1]), int(us[2])).isoformat()
    except ValueError:
        if us and int(us[1]) > 12:
            raise CellError(
                column, f"{v} has no month {int(us[1])}: write the month first: {DATE_FORMAT}"
            ) from None
        raise CellError(column, f"{v} is not a day of the calendar: {DATE_FORMAT}") from None
    raise CellError(column, f"{v} is not a date: {DATE_FORMAT}")


def row_errors(
    line: int, row: int, exc: ValidationError, column: Callable[[tuple], str]
) -> list[RowError]:
    """A validation error of a row's data as problems in words, each at its column."""
    return [RowError(line, row, column(tuple(e["loc"])), error_words(e)) for e in exc.errors()]
