"""What a report covers: programs, a period in local dates, a neighborhood; SQL filters for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from sqlalchemy import func
from sqlmodel import Session, select

from service import programs as programs_uc
from service.accounts.auth import Principal
from service.config import get_settings
from service.errors import Invalid
from service.models import Case, Neighborhood, Obligation, Program
from service.outcomes import sqlfn
from service.programs import program_zone


@dataclass(frozen=True)
class Scope:
    """A report's programs, first and last day (inclusive), neighborhood and time zone."""

    program_ids: tuple[int, ...]
    start: date
    end: date
    neighborhood_id: int | None
    zone: ZoneInfo
    dialect: str
    # Every program and no neighborhood: the joins that only filter by case can be skipped.
    everything: bool = False

    @property
    def lo(self) -> datetime:
        """The first instant of the period (local midnight)."""
        return datetime.combine(self.start, time(0), self.zone)

    @property
    def hi(self) -> datetime:
        """The instant just after the period."""
        return datetime.combine(self.end + timedelta(days=1), time(0), self.zone)

    def cases(self) -> list:
        """Conditions that keep the cases of these programs (and neighborhood)."""
        if self.everything:
            return []
        conds = [Case.program_id.in_(self.program_ids)]
        if self.neighborhood_id is not None:
            conds.append(Case.neighborhood_id == self.neighborhood_id)
        return conds

    def of_cases(self, stmt, case_id):
        """Keep the rows whose case is in scope (a join only when it filters anything)."""
        if self.everything:
            return stmt
        return stmt.join(Case, Case.id == case_id).where(*self.cases())

    def of_obligations(self, stmt, obligation_id):
        """Keep the rows whose obligation's case is in scope."""
        if self.everything:
            return stmt
        return self.of_cases(
            stmt.join(Obligation, Obligation.id == obligation_id), Obligation.case_id
        )

    def during(self, ts) -> list:
        """Conditions that keep a timestamp inside the period."""
        return [ts >= self.lo, ts < self.hi]

    def on_days(self, day) -> list:
        """Conditions that keep a date inside the period."""
        return [day >= self.start, day <= self.end]

    def local_day(self, ts):
        """The local date of a timestamp, in SQL."""
        return sqlfn.local_date(self.dialect, ts, self.zone)

    def month(self, day):
        """'YYYY-MM' of a SQL date."""
        return sqlfn.month_of(self.dialect, day)

    def plus_days(self, day, days: int):
        """A SQL date some days later."""
        if self.dialect == "postgresql":
            return day + days
        return func.date(day, f"+{days} days")


def make_scope(
    session: Session,
    program_ids: list[int],
    start: date,
    end: date,
    neighborhood_id: int | None,
    zone: ZoneInfo,
) -> Scope:
    """A scope bound to the session's database dialect."""
    every_program = set(session.exec(select(Program.id)).all())
    return Scope(
        tuple(sorted(program_ids)),
        start,
        end,
        neighborhood_id,
        zone,
        session.get_bind().dialect.name,
        everything=neighborhood_id is None and every_program <= set(program_ids),
    )


MAX_DAYS = 366 * 20


def scope_for(
    session: Session,
    principal: Principal,
    program_id: int | None,
    start: date,
    end: date,
    neighborhood_id: int | None,
) -> Scope:
    """The scope of a report the caller asked for: their programs, checked dates and filters."""
    if end < start:
        raise Invalid(
            f"To: {day_words(end)} is before From ({day_words(start)}); "
            "the last day must be on or after the first",
            field="to",
        )
    if (end - start).days > MAX_DAYS:
        raise Invalid(
            f"To: {day_words(start)} to {day_words(end)} is more than 20 years; "
            "a report covers at most 20 years",
            field="to",
        )
    if program_id is not None:
        program = session.get(Program, program_id)
        if program is None:
            raise Invalid(f"Program: there is no program number {program_id}", field="program_id")
        principal.require_program(program_id)
        programs = [program]
    else:
        programs = programs_uc.visible_programs(session, principal)
    if neighborhood_id is not None and session.get(Neighborhood, neighborhood_id) is None:
        raise Invalid(
            f"Neighborhood: there is no neighborhood number {neighborhood_id}",
            field="neighborhood_id",
        )
    zone = report_zone(programs)
    return make_scope(session, [p.id for p in programs] or [-1], start, end, neighborhood_id, zone)


def report_zone(programs: list[Program]) -> ZoneInfo:
    """One program reports in its own zone; several in the service's default zone."""
    return program_zone(programs[0]) if len(programs) == 1 else get_settings().zone


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def day_words(day: date) -> str:
    """'Dec 2, 2026'."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def zone_words(zone: ZoneInfo) -> str:
    """'Pacific Time (Los Angeles)': the zone a report's days are counted in."""
    name = get_timezone_name(zone, locale="en_US")
    city = zone.key.rsplit("/", 1)[-1].replace("_", " ")
    return zone.key if "Unknown" in name else f"{name} ({city})"
