"""Referrals from a spreadsheet: every bad row reported before anything is stored."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError
from sqlmodel import Session

from service.cases import referrals as case_uc
from service.cases.queries import case_ref_taken
from service.errors import ConveneError, Forbidden
from service.imports.cells import CellError, Problems, day, flag
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


def _party(row: SheetRow, prefix: str, problems: Problems) -> dict | None:
    name = row.get(f"{prefix}_name")
    if not name:
        return None
    consent = f"{prefix}_sms_consent"
    return {
        "role": prefix,
        "person": {
            "full_name": name,
            "mobile": row.get(f"{prefix}_mobile") or None,
            "email": row.get(f"{prefix}_email") or None,
            "language": row.get(f"{prefix}_language") or "en",
            "sms_consent": problems.take(flag, row.get(consent), consent, default=False),
        },
    }


def _payload(row: SheetRow, program_id: int, problems: Problems) -> dict:
    parties = [p for p in (_party(row, prefix, problems) for prefix in PARTY_PREFIXES) if p]
    if not any(p["role"] == "participant" for p in parties):
        # The column is named: a victim alone used to be refused at column "-".
        only = (
            f" (this row names only the {parties[0]['role'].replace('_', ' ')})" if parties else ""
        )
        problems.add(
            "participant_name",
            f"a case needs a participant: give the name of the person referred{only}",
        )
    return {
        "program_id": program_id,
        "external_ref": row.get("external_ref"),
        "referral_source": row.get("referral_source").lower() or "prosecutor",
        "description": row.get("description"),
        "zip": row.get("zip") or None,
        "consent": problems.take(flag, row.get("consent"), "consent", default=False),
        "screening": {c: problems.take(flag, row.get(c), c, default=False) for c in SCREEN_COLUMNS},
        "parties": parties,
        "referred_on": problems.take(day, row.get("referred_on"), "referred_on"),
    }


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
        # The one rule about the whole case (CaseCreate): its parties include the participant.
        return str(loc[0]) if loc else "participant_name"

    return column


def _program(
    session: Session,
    row: SheetRow,
    default: Program | None,
    allowed: frozenset[int] | None,
    refuse: Callable[[ConveneError], ConveneError] | None = None,
) -> Program:
    code = row.get("program")
    if not code:
        if default is None:
            raise CellError("program", "this is needed: give the program's code, such as NJP")
        return default
    program = program_by_code(session, code)
    if program is None or (allowed is not None and program.id not in allowed):
        mine = "" if allowed is None else " you coordinate"
        message = f"{code} is not a program{mine}: give a code such as NJP"
        if program is not None and refuse is not None:
            refuse(Forbidden(message))  # another program's row: a refused access, audited
        raise CellError("program", message)
    return program


def _check(
    session: Session,
    program: Program,
    data: CaseCreate,
    seen: dict[tuple[int, str], int],
    problems: Problems,
) -> str | None:
    """Note a reference already used (in the file or stored); the screen's refusal, if any."""
    key = (program.id, data.external_ref)
    if key in seen:
        problems.add(
            "external_ref", f"{data.external_ref} is already on line {seen[key]} of this file"
        )
    elif case_ref_taken(session, program.id, data.external_ref):
        problems.add("external_ref", f"{data.external_ref} is already referred to {program.code}")
    try:
        return case_uc.screening_reason(program, data.screening.model_dump())
    except ConveneError as exc:
        problems.add("screening", exc.message)
        return None


def import_cases(
    session: Session,
    content: bytes | str,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    actor: str = "csv import",
    programs: frozenset[int] | None = None,
    default_program: Program | None = None,
    refuse: Callable[[ConveneError], ConveneError] | None = None,
) -> ImportReport:
    """Check every referral row; store all (or, with skip_bad, only the good ones) unless any is
    bad. `programs` limits the rows to those programs (a coordinator's); `default_program` is
    taken for rows, or a file, without a program; `refuse` notes a row of another program as a
    refused access (the caller's `Principal.refuse`)."""
    required = {"external_ref"} | (set() if default_program else {"program"})
    sheet, report = sheet_of(content, CASE_COLUMNS, required, "cases", dry_run)
    good: list[CaseCreate] = []
    seen: dict[tuple[int, str], int] = {}
    for row in sheet.rows:
        problems = Problems()
        if row.extra:
            problems.found.append(extra_cells(row, len(sheet.columns)))
        program = problems.take(_program, session, row, default_program, programs, refuse)
        payload = _payload(row, program.id if program else 0, problems)
        data, invalid, refused = None, None, None
        try:
            data = CaseCreate.model_validate(payload)
        except ValidationError as exc:
            invalid = exc
        if data is not None and program is not None:
            refused = _check(session, program, data, seen, problems)
        errors = problems.at(row.line, row.row, invalid, _column_of(payload))
        if errors:
            report.errors.extend(errors)
            report.bad_lines.add(row.line)
            continue
        seen[(program.id, data.external_ref)] = row.line
        good.append(data)
        if refused:
            report.not_eligible.append(
                RowError(row.line, row.row, "screening", f"not eligible (kept as such): {refused}")
            )
    store(report, good, skip_bad, dry_run, lambda d: case_uc.create_case(session, d, actor=actor))
    return report
