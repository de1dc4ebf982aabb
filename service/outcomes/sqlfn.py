"""Date arithmetic that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import Date, Float, cast, func
from sqlalchemy.sql.elements import ColumnElement


def hours_between(dialect: str, start, end) -> ColumnElement:
    """Hours from one timestamp to another."""
    if dialect == "postgresql":
        return func.extract("epoch", end - start) / 3600.0
    return (func.julianday(end) - func.julianday(start)) * 24.0


def days_between(dialect: str, start, end) -> ColumnElement:
    """Whole days from one date to another (both SQL dates)."""
    if dialect == "postgresql":
        return cast(end - start, Float)
    return func.julianday(end) - func.julianday(start)


def local_date(dialect: str, ts, zone: ZoneInfo) -> ColumnElement:
    """The calendar date of a UTC timestamp in a time zone.

    PostgreSQL converts exactly; on SQLite, which knows no time zones, a Python function that
    every connection registers (service.db) does, daylight saving included.
    """
    if dialect == "postgresql":
        return cast(func.timezone(zone.key, ts), Date)
    return func.convene_local_date(ts, zone.key, type_=Date)


def month_of(dialect: str, day) -> ColumnElement:
    """'YYYY-MM' of a SQL date."""
    if dialect == "postgresql":
        return func.to_char(day, "YYYY-MM")
    return func.strftime("%Y-%m", day)
