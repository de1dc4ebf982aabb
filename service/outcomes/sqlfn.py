"""Date arithmetic that SQLite and PostgreSQL spell differently."""

from __future__ import annotations

from datetime import UTC, datetime
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

    PostgreSQL converts exactly. SQLite knows no time zones, so it shifts by the zone's standard
    offset: hearings and closings happen in the day, where a one-hour DST error never changes
    the date (it would only between midnight and 1 a.m.).
    """
    if dialect == "postgresql":
        return cast(func.timezone(zone.key, ts), Date)
    offset = datetime(2001, 1, 15, 12, tzinfo=UTC).astimezone(zone).utcoffset()
    hours = offset.total_seconds() / 3600 if offset else 0.0
    return func.date(ts, f"{hours:+.2f} hours")


def month_of(dialect: str, day) -> ColumnElement:
    """'YYYY-MM' of a SQL date."""
    if dialect == "postgresql":
        return func.to_char(day, "YYYY-MM")
    return func.strftime("%Y-%m", day)
