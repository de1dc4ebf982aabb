"""CSV import of referrals and volunteers: every bad row is reported before anything is stored."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError
from sqlmodel import Session, select

from service.cases import referrals as case_uc
from service.errors import ConveneError
from service.models import Case, Volunteer
from service.programs import program_by_code
from service.schemas.cases import CaseCreate
from service.schemas.volunteers import VolunteerCreate
from service.volunteers import roster as volunteer_uc

TRUE = {"y", "yes", "true", "1", "x", "si", "sí"}
FALSE = {"", "n", "no", "false", "0"}


@dataclass
class RowError:
    """One thing wrong with one row."""

    line: int
    column: str | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column or '-'}: {self.reason}"


@dataclass
class ImportReport:
    """What an import found and did."""

    rows: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    bad_lines: set[int] = field(default_factory=set)
    # Referrals the eligibility screen refuses: good rows, stored as not eligible with the reason
    # (so "referred" counts everything received), listed here by line.
    not_eligible: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was good."""
        return not self.errors

    def as_dict(self) -> dict:
        """A JSON-friendly summary."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "bad_rows": len(self.bad_lines),
            "errors": [e.__dict__ for e in self.errors],
            "not_eligible": [e.__dict__ for e in self.not_eligible],
        }


class CsvError(ConveneError):
    """The file itself cannot be read as the expected CSV."""

    status_code = 422
    code = "csv_invalid"


def _flag(value: str, column: str) -> bool:
    v = (value or "").strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise ValueError(f"{column}: expected yes or no, got {value!r}")


def _split(value: str) -> list[str]:
    return [p.strip() for p in (value or "").replace(",", ";").split(";") if p.strip()]


def _reader(text: str, required: set[str]) -> csv.DictReader:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = {h.strip() for h in (reader.fieldnames or [])}
    missing = required - header
    if missing:
        raise CsvError(f"the CSV lacks required columns: {', '.join(sorted(missing))}")
    return reader


def _validation_errors(
    line: int, exc: ValidationError, columns: Callable[[tuple], str]
) -> list[RowError]:
    return [
        RowError(line, columns(tuple(e["loc"])), str(e["msg"]).removeprefix("Value error, "))
        for e in exc.errors()
    ]


# --- cases -------------------------------------------------------------------------------------

CASE_COLUMNS = {"program", "external_ref"}
SCREEN_COLUMNS = ("domestic_violence", "sexual_assault", "child_abuse", "protective_order")
PARTY_PREFIXES = {"participant": "participant", "victim": "victim", "other_party": "other_party"}


def _case_payload(row: dict[str, str], program_id: int) -> dict:
    payload: dict = {
        "program_id": program_id,
        "external_ref": (row.get("external_ref") or "").strip(),
        "referral_source": (row.get("referral_source") or "prosecutor").strip().lower()
        or "prosecutor",
        "description": (row.get("description") or "").strip(),
        "zip": (row.get("zip") or "").strip() or None,
        "consent": _flag(row.get("consent", ""), "consent"),
        "screening": {c: _flag(row.get(c, ""), c) for c in SCREEN_COLUMNS},
        "parties": [],
    }
    if (row.get("referred_on") or "").strip():
        payload["referred_on"] = row["referred_on"].strip()
    for prefix, role in PARTY_PREFIXES.items():
        name = (row.get(f"{prefix}_name") or "").strip()
        if not name:
            continue
        payload["parties"].append(
            {
                "role": role,
                "person": {
                    "full_name": name,
                    "mobile": (row.get(f"{prefix}_mobile") or "").strip() or None,
                    "email": (row.get(f"{prefix}_email") or "").strip() or None,
                    "language": (row.get(f"{prefix}_language") or "en").strip() or "en",
                    "sms_consent": _flag(
                        row.get(f"{prefix}_sms_consent", ""), f"{prefix}_sms_consent"
                    ),
                },
            }
        )
    return payload


def _case_columns(payload: dict) -> Callable[[tuple], str]:
    roles = [p["role"] for p in payload["parties"]]

    def column(loc: tuple) -> str:
        if (
            loc
            and loc[0] == "parties"
            and len(loc) >= 4
            and isinstance(loc[1], int)
            and loc[1] < len(roles)
        ):
            return f"{roles[loc[1]]}_{'name' if loc[3] == 'full_name' else loc[3]}"
        if loc and loc[0] == "screening" and len(loc) > 1:
            return str(loc[1])
        return str(loc[0]) if loc else "-"

    return column


def import_cases(
    session: Session,
    text: str,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    actor: str = "csv import",
) -> ImportReport:
    """Check every row; store all (or, with skip_bad, only the good ones) unless any is bad."""
    report = ImportReport()
    good: list[tuple[int, CaseCreate]] = []
    seen: dict[tuple[int, str], int] = {}
    for line, row in enumerate(_reader(text, CASE_COLUMNS), start=2):
        report.rows += 1
        errors: list[RowError] = []
        program = program_by_code(session, (row.get("program") or "").strip())
        if program is None:
            errors.append(RowError(line, "program", f"unknown program {row.get('program')!r}"))
        else:
            payload: dict = {"parties": []}
            try:
                payload = _case_payload(row, program.id)
                data = CaseCreate.model_validate(payload)
                refused = case_uc.screening_reason(program, data.screening.model_dump())
                key = (program.id, data.external_ref)
                if key in seen:
                    errors.append(
                        RowError(line, "external_ref", f"duplicates line {seen[key]} of this file")
                    )
                elif session.exec(
                    select(Case.id).where(
                        Case.program_id == program.id, Case.external_ref == data.external_ref
                    )
                ).first():
                    errors.append(
                        RowError(line, "external_ref", f"{data.external_ref} is already referred")
                    )
                else:
                    seen[key] = line
                    good.append((line, data))
                    if refused:
                        report.not_eligible.append(
                            RowError(line, "screening", f"not eligible (kept as such): {refused}")
                        )
            except ValidationError as exc:
                errors.extend(_validation_errors(line, exc, _case_columns(payload)))
            except ValueError as exc:
                column, _, reason = str(exc).partition(": ")
                errors.append(RowError(line, column, reason or str(exc)))
            except ConveneError as exc:
                errors.append(RowError(line, "screening", exc.message))
        if errors:
            report.errors.extend(errors)
            report.bad_lines.add(line)
    _store(
        report,
        good,
        skip_bad,
        dry_run,
        lambda data: case_uc.create_case(session, data, actor=actor),
    )
    return report


# --- volunteers --------------------------------------------------------------------------------

VOLUNTEER_COLUMNS = {"full_name"}


def _certifications(value: str) -> list[dict]:
    out = []
    for item in _split(value):
        parts = [p.strip() for p in item.split(":")]
        if len(parts) < 2:
            raise ValueError(f"certifications: {item!r} should be name:completed[:expires[:hours]]")
        out.append(
            {
                "name": parts[0],
                "completed_on": parts[1],
                "expires_on": parts[2] if len(parts) > 2 and parts[2] else None,
                "training_hours": parts[3] if len(parts) > 3 and parts[3] else 0,
            }
        )
    return out


def _availability(value: str) -> list[dict]:
    out = []
    for item in _split(value):
        try:
            day, span = item.split(None, 1)
            start, end = (s.strip() for s in span.split("-"))
        except ValueError:
            raise ValueError(f"availability: {item!r} should look like 'tue 17:30-21:00'") from None
        out.append({"day": day, "start": start, "end": end})
    return out


def _volunteer_payload(row: dict[str, str]) -> dict:
    payload = {
        "full_name": (row.get("full_name") or "").strip(),
        "mobile": (row.get("mobile") or "").strip() or None,
        "email": (row.get("email") or "").strip() or None,
        "languages": _split(row.get("languages", "")) or ["en"],
        "home_zip": (row.get("home_zip") or "").strip() or None,
        "certifications": _certifications(row.get("certifications", "")),
        "availability": _availability(row.get("availability", "")),
        "active": _flag(row.get("active") or "yes", "active"),
    }
    payload["preferred_language"] = payload["languages"][0]
    for key in ("max_assignments_per_month", "max_travel_km"):
        if (row.get(key) or "").strip():
            payload[key] = row[key].strip()
    return payload


def _volunteer_column(loc: tuple) -> str:
    return str(loc[0]) if loc else "-"


def import_volunteers(
    session: Session, text: str, *, skip_bad: bool = False, dry_run: bool = False
) -> ImportReport:
    """Check every volunteer row; store all (or only the good ones with skip_bad) unless any is bad."""
    report = ImportReport()
    good: list[tuple[int, VolunteerCreate]] = []
    mobiles: dict[str, int] = {}
    for line, row in enumerate(_reader(text, VOLUNTEER_COLUMNS), start=2):
        report.rows += 1
        errors: list[RowError] = []
        try:
            data = VolunteerCreate.model_validate(_volunteer_payload(row))
            if data.mobile and data.mobile in mobiles:
                errors.append(
                    RowError(line, "mobile", f"same mobile as line {mobiles[data.mobile]}")
                )
            elif (
                data.mobile
                and session.exec(
                    select(Volunteer.id).where(Volunteer.mobile == data.mobile)
                ).first()
            ):
                errors.append(
                    RowError(line, "mobile", f"a volunteer with {data.mobile} already exists")
                )
            else:
                if data.mobile:
                    mobiles[data.mobile] = line
                good.append((line, data))
        except ValidationError as exc:
            errors.extend(_validation_errors(line, exc, _volunteer_column))
        except ValueError as exc:
            column, _, reason = str(exc).partition(": ")
            errors.append(RowError(line, column, reason or str(exc)))
        if errors:
            report.errors.extend(errors)
            report.bad_lines.add(line)
    _store(
        report, good, skip_bad, dry_run, lambda data: volunteer_uc.create_volunteer(session, data)
    )
    return report


def _store(
    report: ImportReport, good: Iterable, skip_bad: bool, dry_run: bool, create: Callable
) -> None:
    if dry_run or (report.errors and not skip_bad):
        return
    for _line, data in good:
        create(data)
        report.imported += 1
