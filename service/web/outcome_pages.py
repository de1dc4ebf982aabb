"""A hearing's outcome: who came, what happened, the agreement and its obligations; and later
corrections of it. One form; a refusal shows it again with everything typed kept."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from service.deps import SessionDep
from service.errors import ConveneError
from service.hearings.queries import load_hearing
from service.outcomes import hearing_outcome, outcome_correction
from service.outcomes.outcome_sheet import OutcomeSheet, outcome_sheet, weeks
from service.outcomes.wording import ATTENDANCE_WORDS, RESULT_WORDS
from service.web.base import Csrf, PageWriter, redirect, render
from service.web.outcome_form import (
    MARKS,
    initial_values,
    place,
    read_correction,
    read_outcome,
    row_count,
)

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    principal,
    sheet: OutcomeSheet,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    rows = row_count(values)
    values = values | {"rows": str(rows)}
    for n in range(1, rows + 1):  # a row added later starts with the program's due date too
        values.setdefault(f"ob-{n}-due", sheet.default_due.isoformat())
    return render(
        request,
        "hearings/outcome.html",
        principal,
        status_code=status_code,
        s=sheet,
        values=values,
        errors=errors or {},
        rows=rows,
        marks=MARKS,
        mark_words=ATTENDANCE_WORDS,
        result_words=RESULT_WORDS,
        window=weeks(sheet.window_days),
    )


@router.get("/hearings/{hearing_id}/outcome", response_class=HTMLResponse)
def outcome_form(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter
) -> HTMLResponse:
    """The outcome form: record it once the hearing has started, or correct what is recorded."""
    sheet = outcome_sheet(session, load_hearing(session, hearing_id, principal))
    return _page(request, principal, sheet, initial_values(sheet))


def _flash(sheet: OutcomeSheet, result: str, obligations: int) -> str:
    status = sheet.case.status
    return {
        "agreement": f"Outcome recorded: agreement with {obligations} obligation"
        f"{'' if obligations == 1 else 's'}"
        + (" (nothing left to do: the case is completed)" if status == "completed" else ""),
        "no_agreement": "Outcome recorded: no agreement"
        + ("; the case went back to the referring agency" if status == "returned" else ""),
        "no_show": "No-show recorded; "
        + (
            "the case went back to the referring agency"
            if status == "returned"
            else "book the case again below"
        ),
        "rescheduled": "Recorded: the hearing did not take place; book the case again below",
    }[result]


@router.post("/hearings/{hearing_id}/outcome")
async def save_outcome(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Record (or correct) the outcome; on a refusal the form comes back as it was typed."""
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
    hearing = load_hearing(session, hearing_id, principal)
    sheet = outcome_sheet(session, hearing)
    if values.get("version") != sheet.version():
        # Saved meanwhile (a second click, or a colleague): show what is recorded now.
        return _page(
            request, principal, sheet, initial_values(sheet), status_code=409,
            errors={"form": "This outcome changed after the form was opened (it may have been "
                    "saved already). Here is what is recorded now; nothing else was changed."},
        )  # fmt: skip
    if "add_row" in values:
        values["rows"] = str(row_count(values, more=True))
        return _page(request, principal, sheet, values)
    correcting = sheet.mode == "correct"
    data, parsed = (
        read_correction(values, sheet) if correcting else read_outcome(values, sheet)
    )  # fmt: skip
    if data is not None:
        try:
            if correcting:
                changes = outcome_correction.correct_outcome(session, hearing, data, principal)
            else:
                hearing_outcome.record_outcome(session, hearing, data, principal)
        except (ValidationError, ConveneError) as exc:
            session.rollback()
            place(parsed, exc)
            sheet = outcome_sheet(session, load_hearing(session, hearing_id, principal))
    if parsed.errors:
        return _page(request, principal, sheet, values, parsed.errors, status_code=422)
    if correcting:
        said = "; ".join(changes)
        flash = f"Outcome corrected: {said[:300]}" if changes else "Nothing changed"
    else:
        count = len(data.agreement.obligations) if data.agreement else 0
        flash = _flash(sheet, data.result, count)
    return redirect(f"/cases/{sheet.case.id}", flash)
