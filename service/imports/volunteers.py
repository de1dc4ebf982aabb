"""Volunteers from a spreadsheet: every bad row reported before anything is stored."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from service.imports.cells import CellError, Problems, day, flag, split
from service.imports.report import ImportReport
from service.imports.sheet import SheetRow
from service.imports.store import extra_cells, sheet_of, store
from service.schemas.volunteers import VolunteerCreate
from service.volunteers import roster as volunteer_uc
from service.volunteers.queries import volunteer_with_contact
from service.wording import phone_words

VOLUNTEER_COLUMNS = (
    "full_name",
    "mobile",
    "email",
    "languages",
    "home_zip",
    "max_assignments_per_month",
    "max_travel_km",
    "active",
    "certifications",
    "availability",
)
CERTIFICATION_FORMAT = "write name:completed[:expires[:hours]], like njp_panelist:3/14/2026"


def _certifications(value: str) -> list[dict]:
    out = []
    for item in split(value):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) < 2 or not parts[1]:
            raise CellError(
                "certifications", f"{item} has no completion date: {CERTIFICATION_FORMAT}"
            )
        out.append(
            {
                "name": parts[0],
                "completed_on": day(parts[1], "certifications"),
                "expires_on": day(parts[2], "certifications") if len(parts) > 2 else None,
                "training_hours": parts[3] if len(parts) > 3 and parts[3] else 0,
            }
        )
    return out


def _availability(value: str) -> list[dict]:
    out = []
    for item in split(value):
        try:
            weekday, span = item.split(None, 1)
            start, end = (s.strip() for s in span.split("-"))
        except ValueError:
            raise CellError(
                "availability",
                f"{item} is not a weekly window: write a day and hours, like tue 17:30-21:00",
            ) from None
        out.append({"day": weekday, "start": start, "end": end})
    return out


def _payload(row: SheetRow, problems: Problems) -> dict:
    payload = {
        "full_name": row.get("full_name"),
        "mobile": row.get("mobile") or None,
        "email": row.get("email") or None,
        "languages": split(row.get("languages")) or ["en"],
        "home_zip": row.get("home_zip") or None,
        "certifications": problems.take(_certifications, row.get("certifications"), default=[]),
        "availability": problems.take(_availability, row.get("availability"), default=[]),
        "active": problems.take(flag, row.get("active") or "yes", "active", default=True),
    }
    payload["preferred_language"] = payload["languages"][0]
    for key in ("max_assignments_per_month", "max_travel_km"):
        if row.get(key):
            payload[key] = row.get(key)
    return payload


def _column(loc: tuple) -> str:
    name = str(loc[0]) if loc else "full_name"
    return "languages" if name == "preferred_language" else name


def _duplicate(session: Session, data: VolunteerCreate, seen: dict[str, int]) -> CellError | None:
    for column, key in (("mobile", data.mobile), ("email", (data.email or "").lower())):
        if key and key in seen:
            return CellError(
                column, f"{_shown(column, key)} is already on line {seen[key]} of this file"
            )
    existing = volunteer_with_contact(session, data.mobile, data.email)
    if existing is None:
        return None
    column = "mobile" if data.mobile and existing.mobile == data.mobile else "email"
    value = data.mobile if column == "mobile" else data.email
    return CellError(
        column, f"{existing.full_name} already has {_shown(column, value)}: the volunteer exists"
    )


def _shown(column: str, value: str) -> str:
    return phone_words(value) if column == "mobile" else value


def import_volunteers(
    session: Session, content: bytes | str, *, skip_bad: bool = False, dry_run: bool = False
) -> ImportReport:
    """Check every volunteer row; store all (or only the good ones with skip_bad) unless any is
    bad. A volunteer whose mobile or email is already known (in the file or stored) is refused."""
    sheet, report = sheet_of(content, VOLUNTEER_COLUMNS, {"full_name"}, "volunteers", dry_run)
    good: list[VolunteerCreate] = []
    seen: dict[str, int] = {}
    for row in sheet.rows:
        problems = Problems()
        if row.extra:
            problems.found.append(extra_cells(row, len(sheet.columns)))
        data, invalid = None, None
        try:
            data = VolunteerCreate.model_validate(_payload(row, problems))
        except ValidationError as exc:
            invalid = exc
        if data is not None:
            duplicate = _duplicate(session, data, seen)
            if duplicate:
                problems.found.append(duplicate)
        errors = problems.at(row.line, row.row, invalid, _column)
        if errors:
            report.errors.extend(errors)
            report.bad_lines.add(row.line)
            continue
        for key in (data.mobile, (data.email or "").lower()):
            if key:
                seen[key] = row.line
        good.append(data)
    store(report, good, skip_bad, dry_run, lambda d: volunteer_uc.create_volunteer(session, d))
    return report
