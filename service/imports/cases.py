"""Referrals from a spreadsheet: every bad row reported before anything is stored."""

from __future__ import annotations

from pydantic import ValidationError
from sqlmodel import Session

from service.cases import referrals as case_uc
from service.cases.queries import case_ref_taken
from service.errors import ConveneError
from service.imports.cells import CellError, day, flag, row_errors
from service.imports.report import ImportReport, RowError
from service.imports.sheet import SheetRow
from service.imports.store import extra_cells, sheet_of, store
from service.models import Program
from service.programs import program_by_code
from service.schemas.cases import CaseCreate

SCREEN_COLUMNS = (
    "domestic_violence",
    "sexual_assault",
    "child_abuse",
    "protective_order",
    "prior_record",
)
PARTY_PREFIXES = ("participant", "victim", "other_party")
PERSON_COLUMNS = ("name", "mobile", "email", "language", "sms_consent")
CASE_COLUMNS = (
    "program",
    "external_ref",
    "referral_source",
    "referred_on",
    "zip",
    "description",
    "consent",
    *SCREEN_COLUMNS,
    *(f"{prefix}_{column}" for prefix in PARTY_PREFIXES for column in PERSON_COLUMNS),
)


def _party(row: SheetRow, prefix: str) -> dict | None:
    name = row.get(f"{prefix}_name")
    if not name:
        return None
    return {
        "role": prefix,
        "person": {
            "full_name": name,
            "mobile": row.get(f"{prefix}_mobile") or None,
            "email": row.get(f"{prefix}_email") or None,
            "language": row.get(f"{prefix}_language") or "en",
            "sms_consent": flag(row.get(f"{prefix}_sms_consent"), f"{prefix}_sms_consent"),
        },
    }


def _payload(row: SheetRow, program_id: int) -> dict:
    parties = [p for p in (_party(row, prefix) for prefix in PARTY_PREFIXES) if p]
    if not any(p["role"] == "participant" for p in parties):
        # The column is named: a victim alone used to be refused at column "-".
        raise CellError(
            "participant_name",
            "a case needs a participant: give the name of the person referred"
            + (
                " (this row names only the " + parties[0]["role"].replace("_", " ") + ")"
                if parties
                else ""
            ),
        )
    payload: dict = {
        "program_id": program_id,
        "external_ref": row.get("external_ref"),
        "referral_source": row.get("referral_source").lower() or "prosecutor",
        "description": row.get("description"),
        "zip": row.get("zip") or None,
        "consent": flag(row.get("consent"), "consent"),
        "screening": {c: flag(row.get(c), c) for c in SCREEN_COLUMNS},
        "parties": parties,
    }
    referred_on = day(row.get("referred_on"), "referred_on")
    if referred_on:
        payload["referred_on"] = referred_on
    return payload


def _column_of(payload: dict):
    roles = [p["role"] for p in payload.get("parties", [])]

    def column(loc: tuple) -> str:
        party = loc[1] if len(loc) >= 4 and isinstance(loc[1], int) else len(roles)
        if loc[:1] == ("parties",) and party < len(roles):
            return f"{roles[loc[1]]}_{'name' if loc[3] == 'full_name' else loc[3]}"
        if loc[:1] == ("parties",):
            return "participant_name"
        if loc[:1] == ("screening",) and len(loc) > 1:
            return str(loc[1])
        return str(loc[0]) if loc else "external_ref"

    return column


def _program(
    session: Session, row: SheetRow, default: Program | None, allowed: frozenset[int] | None
) -> Program:
    code = row.get("program")
    if not code:
        if default is None:
            raise CellError("program", "this is needed: give the program's code, such as NJP")
        return default
    program = program_by_code(session, code)
    if program is None or (allowed is not None and program.id not in allowed):
        mine = "" if allowed is None else " you coordinate"
        raise CellError("program", f"{code} is not a program{mine}: give a code such as NJP")
    return program


def import_cases(
    session: Session,
    content: bytes | str,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    actor: str = "csv import",
    programs: frozenset[int] | None = None,
    default_program: Program | None = None,
) -> ImportReport:
    """Check every referral row; store all (or, with skip_bad, only the good ones) unless any is
    bad. `programs` limits the rows to those programs (a coordinator's); `default_program` is
    taken for rows, or a file, without a program."""
    required = {"external_ref"} | (set() if default_program else {"program"})
    sheet, report = sheet_of(content, CASE_COLUMNS, required, "cases", dry_run)
    good: list[CaseCreate] = []
    seen: dict[tuple[int, str], int] = {}
    for row in sheet.rows:
        errors: list[RowError] = [extra_cells(row, len(sheet.columns))] if row.extra else []
        payload: dict = {}
        try:
            program = _program(session, row, default_program, programs)
            payload = _payload(row, program.id)
            data = CaseCreate.model_validate(payload)
            key = (program.id, data.external_ref)
            if key in seen:
                raise CellError(
                    "external_ref",
                    f"{data.external_ref} is already on line {seen[key]} of this file",
                )
            if case_ref_taken(session, program.id, data.external_ref):
                raise CellError(
                    "external_ref", f"{data.external_ref} is already referred to {program.code}"
                )
            refused = case_uc.screening_reason(program, data.screening.model_dump())
        except ValidationError as exc:
            errors.extend(row_errors(row.line, row.row, exc, _column_of(payload)))
        except CellError as exc:
            errors.append(RowError(row.line, row.row, exc.column, exc.reason))
        except ConveneError as exc:
            errors.append(RowError(row.line, row.row, "screening", exc.message))
        if errors:
            report.errors.extend(errors)
            report.bad_lines.add(row.line)
            continue
        seen[key] = row.line
        good.append(data)
        if refused:
            report.not_eligible.append(
                RowError(row.line, row.row, "screening", f"not eligible (kept as such): {refused}")
            )
    store(report, good, skip_bad, dry_run, lambda d: case_uc.create_case(session, d, actor=actor))
    return report
