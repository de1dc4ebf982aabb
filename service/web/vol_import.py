"""CSV import of volunteers: a dry-run preview of every bad row, then import all or the good rows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from service.deps import SessionDep
from service.imports import CsvError, import_volunteers
from service.web.base import Csrf, PageWriter, render

router = APIRouter(include_in_schema=False)
MAX_BYTES = 2 * 1024 * 1024
COLUMNS = (
    "full_name, mobile, email, languages (en;es), home_zip, max_assignments_per_month, "
    "max_travel_km, active, certifications (name:completed[:expires[:hours]]; ...), "
    "availability (tue 17:30-21:00; sat 09:00-13:00)"
)


@router.get("/volunteers/import", response_class=HTMLResponse)
def import_page(request: Request, principal: PageWriter):
    """The upload form."""
    return render(request, "volunteers/import.html", principal, columns=COLUMNS, stage="upload")


async def _text(file: UploadFile | None, csv_text: str) -> str:
    if file is not None and file.filename:
        raw = await file.read(MAX_BYTES + 1)
    else:
        raw = csv_text.encode("utf-8")
    if len(raw) > MAX_BYTES:
        raise CsvError("the file is larger than 2 MB; split it into smaller files")
    if not raw.strip():
        raise CsvError("choose a CSV file to upload")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvError("the file is not UTF-8 text; save it as 'CSV UTF-8' and try again") from None


@router.post("/volunteers/import", response_class=HTMLResponse)
async def import_submit(
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    csv_text: Annotated[str, Form()] = "",
    action: Annotated[str, Form()] = "preview",
):
    """Preview (nothing stored), then import all rows (only when clean) or only the good ones."""
    try:
        text = await _text(file, csv_text)
        if action == "good":
            report = import_volunteers(session, text, skip_bad=True)
            stage = "done"
        elif action == "all":
            report = import_volunteers(session, text)
            stage = "done" if report.ok else "preview"  # a file that went bad meanwhile: show why
        else:
            report = import_volunteers(session, text, dry_run=True)
            stage = "preview"
    except CsvError as exc:
        session.rollback()
        return render(
            request, "volunteers/import.html", principal, status_code=422, columns=COLUMNS,
            stage="upload", error=exc.message,
        )  # fmt: skip
    if stage == "preview":
        session.rollback()  # a preview stores nothing, whatever the use case touched
    return render(
        request,
        "volunteers/import.html",
        principal,
        status_code=200 if report.ok or stage == "done" else 422,
        columns=COLUMNS,
        stage=stage,
        report=report,
        good_rows=report.rows - len(report.bad_lines),
        csv_text=text,
    )
