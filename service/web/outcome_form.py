"""The outcome form's fields: what the page shows at first, reading what was typed into the
outcome or the correction, and each refusal put next to its field in plain words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from service.errors import ConveneError
from service.outcomes.outcome_sheet import OutcomeSheet, TypeOption
from service.schemas.outcomes import (
    AgreementCreate,
    Attendance,
    ObligationChange,
    ObligationCreate,
    OutcomeCorrection,
    OutcomeCreate,
    VolunteerAttendance,
)

NEW_ROWS = 3
MAX_ROWS = 20
MARKS = ("present", "absent", "excused")
FIELD_WORDS = {"target": "target", "due_date": "due date", "label": "name", "type": "type"}
FORM_KEYS = {"target": "target", "due_date": "due", "label": "label", "kind": "type"}
FORM_KEYS |= {"type_code": "type", "remove": "remove", "id": "label"}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def initial_values(sheet: OutcomeSheet) -> dict[str, str]:
    """The form as first shown: what is recorded, else the program's defaults."""
    values = {f"party-{p.party_id}": p.attendance or "" for p in sheet.parties}
    values |= {f"volunteer-{v.volunteer_id}": v.attendance or "present" for v in sheet.volunteers}
    values |= {"note": sheet.hearing.outcome_note, "rows": str(NEW_ROWS)}
    values["version"] = sheet.version()
    values["terms"] = sheet.agreement.terms if sheet.agreement else ""
    for o in sheet.obligations:
        values |= {f"ex-{o.id}-label": o.label, f"ex-{o.id}-target": _num(o.target)}
        values[f"ex-{o.id}-due"] = o.due_date.isoformat()
    for n in range(1, NEW_ROWS + 1):
        values[f"ob-{n}-due"] = sheet.default_due.isoformat()
    return values


@dataclass
class Parsed:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    # Which form field each list entry of the schema came from, to put refusals back in place.
    party_of: list[int] = field(default_factory=list)
    volunteer_of: list[int] = field(default_factory=list)
    row_of: list[int] = field(default_factory=list)
    existing_of: list[int] = field(default_factory=list)

    def refuse(self, key: str, message: str) -> None:
        self.errors.setdefault(key, message)


def row_count(values: dict[str, str], *, more: bool = False) -> int:
    """How many new-obligation rows the form carries (one more when "add a row" was pressed)."""
    try:
        n = int(values.get("rows") or NEW_ROWS)
    except ValueError:
        n = NEW_ROWS
    return max(1, min(MAX_ROWS, n + (1 if more else 0)))


def _target(parsed: Parsed, key: str, where: str, raw: str, unit: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "").removeprefix("$"))
    except ValueError:
        value = None
    if value is None or value != value or value <= 0 or value > 1_000_000:
        what = unit or "the target"
        parsed.refuse(key, f"{where}, target {unit}: {raw} is not a number of {what} above 0")
        return None
    return value


def _day(parsed: Parsed, key: str, where: str, raw: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        parsed.refuse(key, f"{where}, due date: {raw} is not a date (for example 2027-01-31)")
        return None


def _new_obligations(parsed: Parsed, sheet: OutcomeSheet, rows: int) -> list[ObligationCreate]:
    types: dict[str, TypeOption] = {t.value: t for t in sheet.types}
    out = []
    for n in range(1, rows + 1):
        v = parsed.values
        chosen = v.get(f"ob-{n}-type", "")
        where = f"Obligation {n}"
        if not chosen:
            if v.get(f"ob-{n}-target", "").strip() or v.get(f"ob-{n}-label", "").strip():
                parsed.refuse(f"ob-{n}-type", f"{where}, type: choose what the obligation is")
            continue
        option = types.get(chosen)
        if option is None:
            parsed.refuse(f"ob-{n}-type", f"{where}, type: choose one of the program's types")
            continue
        target = _target(parsed, f"ob-{n}-target", where, v.get(f"ob-{n}-target", ""), option.unit)
        due = _day(parsed, f"ob-{n}-due", where, v.get(f"ob-{n}-due", ""))
        label = v.get(f"ob-{n}-label", "").strip()[:200] or None
        code = chosen.split(":", 1)[1]
        pick = {"type_code": code} if chosen.startswith("type:") else {"kind": code}
        out.append(ObligationCreate(**pick, label=label, target=target, due_date=due))
        parsed.row_of.append(n)
    return out


def _attendance(parsed: Parsed, sheet: OutcomeSheet) -> tuple[list, list]:
    parties, volunteers = [], []
    for p in sheet.parties:
        mark = parsed.values.get(f"party-{p.party_id}", "")
        if mark not in MARKS:
            parsed.refuse(f"party-{p.party_id}", f"{p.name}: choose present, absent or excused")
            continue
        parties.append(Attendance(party_id=p.party_id, attendance=mark))
        parsed.party_of.append(p.party_id)
    for s in sheet.volunteers:
        mark = parsed.values.get(f"volunteer-{s.volunteer_id}", "")
        if mark not in MARKS:
            parsed.refuse(
                f"volunteer-{s.volunteer_id}", f"{s.name}: choose present, absent or excused"
            )
            continue
        volunteers.append(VolunteerAttendance(volunteer_id=s.volunteer_id, attendance=mark))
        parsed.volunteer_of.append(s.volunteer_id)
    return parties, volunteers


def read_outcome(
    values: dict[str, str], sheet: OutcomeSheet
) -> tuple[OutcomeCreate | None, Parsed]:
    """The outcome as typed, or None with the reasons by field."""
    parsed = Parsed(values)
    parties, volunteers = _attendance(parsed, sheet)
    result = values.get("result", "")
    if result not in sheet.results:
        parsed.refuse("result", "choose what happened at the hearing")
    obligations = _new_obligations(parsed, sheet, row_count(values))
    action = values.get("no_show_action", "") if result == "no_show" else ""
    reason = values.get("return_reason", "").strip()
    if result == "no_show" and action not in ("reschedule", "return"):
        parsed.refuse("no_show_action", "choose: book the case again, or return it to the agency")
    if action == "return" and not reason:
        parsed.refuse("return_reason", "give the reason the case goes back to the referring agency")
    if result != "agreement" and obligations:
        parsed.refuse("result", "obligations come with an agreement: choose 'Agreement reached'")
    if parsed.errors:
        return None, parsed
    agreement = None
    if result == "agreement":
        agreement = AgreementCreate(terms=values.get("terms", "").strip(), obligations=obligations)
    returning = bool(reason) and (action == "return" or result == "no_agreement")
    try:
        data = OutcomeCreate(
            result=result,
            attendance=parties,
            volunteers=volunteers,
            note=values.get("note", "").strip(),
            agreement=agreement,
            no_show_action=action or None,
            return_reason=reason if returning else None,
        )
    except ValidationError as exc:
        place(parsed, exc)
        return None, parsed
    return data, parsed


def read_correction(
    values: dict[str, str], sheet: OutcomeSheet
) -> tuple[OutcomeCorrection | None, Parsed]:
    """The correction as typed, or None with the reasons by field."""
    parsed = Parsed(values)
    parties, volunteers = _attendance(parsed, sheet)
    changes = []
    for o in sheet.obligations:
        where = f"{o.label}"
        remove = values.get(f"ex-{o.id}-remove") == "yes"
        target = None
        if o.unit:
            raw = values.get(f"ex-{o.id}-target", "")
            target = _target(parsed, f"ex-{o.id}-target", where, raw, o.unit)
        due = _day(parsed, f"ex-{o.id}-due", where, values.get(f"ex-{o.id}-due", ""))
        label = values.get(f"ex-{o.id}-label", "").strip()[:200] or None
        changes.append(
            ObligationChange(id=o.id, label=label, target=target, due_date=due, remove=remove)
        )
        parsed.existing_of.append(o.id)
    added = _new_obligations(parsed, sheet, row_count(values)) if sheet.agreement else []
    if parsed.errors:
        return None, parsed
    agreement = sheet.agreement is not None
    data = OutcomeCorrection(
        attendance=parties,
        volunteers=volunteers,
        note=values.get("note", "").strip()[:2000],
        terms=values.get("terms", "").strip()[:8000] if agreement else None,
        obligations=changes,
        add_obligations=added,
    )
    return data, parsed


def _key(parsed: Parsed, path: list[str]) -> tuple[str, str]:
    """The form field (and the words before the reason) a schema path points to."""
    head = path[0] if path else "form"
    if head in ("attendance", "volunteers") and len(path) > 1 and path[1].isdigit():
        ids = parsed.party_of if head == "attendance" else parsed.volunteer_of
        i = int(path[1])
        if i < len(ids):
            return f"{'party' if head == 'attendance' else 'volunteer'}-{ids[i]}", ""
    if head in ("agreement", "add_obligations"):
        rest = path[2:] if head == "agreement" else path[1:]
        if head == "agreement" and (len(path) < 2 or path[1] != "obligations"):
            return "terms", ""
        if rest and rest[0].isdigit() and int(rest[0]) < len(parsed.row_of):
            n = parsed.row_of[int(rest[0])]
            name = rest[1] if len(rest) > 1 else "type"
            words = FIELD_WORDS.get(name, name.replace("_", " "))
            return f"ob-{n}-{FORM_KEYS.get(name, 'type')}", f"Obligation {n}, {words}: "
    if head == "obligations" and len(path) > 1 and path[1].isdigit():
        i = int(path[1])
        if i < len(parsed.existing_of):
            name = path[2] if len(path) > 2 else "label"
            return f"ex-{parsed.existing_of[i]}-{FORM_KEYS.get(name, 'label')}", ""
    if head in ("result", "no_show_action", "return_reason", "note", "terms"):
        return head, ""
    return "form", ""


def place(parsed: Parsed, exc: ValidationError | ConveneError) -> None:
    """Put a refusal (a schema's or a use case's) next to the field it is about."""
    if isinstance(exc, ValidationError):
        found = [(list(map(str, e["loc"])), str(e["msg"])) for e in exc.errors()]
    else:
        found = [((d.get("field") or "form").split("."), d["reason"]) for d in exc.details]
        found = found or [(["form"], exc.message)]
    for path, message in found:
        key, prefix = _key(parsed, [p for p in path if p])
        parsed.refuse(key, prefix + re.sub(r"^Value error, ", "", message))
