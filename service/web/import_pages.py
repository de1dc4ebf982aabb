"""Spreadsheet imports of volunteers and of referrals: a preview of every bad row, then import
all rows or only the good ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from service import audit
from service import programs as programs_uc
from service.deps import SessionDep
from service.imports import CsvError, ImportReport, decode, import_cases, import_volunteers
from service.models import Program
from service.web.base import Csrf, PageWriter, render

router = APIRouter(include_in_schema=False)
MAX_BYTES = 2 * 1024 * 1024
FormStr = Annotated[str, Form()]


@dataclass(frozen=True)
class Kind:
    """What one import page takes: its words, its columns and where it leads."""

    what: str
    url: str
    back: str
    back_label: str
    see: str
    columns: str
    required: str


VOLUNTEERS = Kind(
    what="volunteers",
    url="/volunteers/import",
    back="/volunteers",
    back_label="Volunteers",
    see="/volunteers?active=all",
    columns=(
        "full_name, mobile, email, languages (en;es), home_zip, max_assignments_per_month, "
        "max_travel_km, active, certifications (name:completed[:expires[:hours]]; ...), "
        "availability (tue 17:30-21:00; sat 09:00-13:00)"
    ),
    required="Only full_name is required.",
)
CASES = Kind(
    what="cases",
    url="/cases/import",
    back="/cases",
    back_label="Cases",
    see="/cases",
    columns=(
        "program (code, e.g. NJP), external_ref, referral_source (prosecutor, police, community, "
        "court, self), referred_on (3/14/2026 or 2026-03-14), zip, description, consent (yes/no), "
        "domestic_violence, sexual_assault, child_abuse, protective_order, prior_record (yes/no), "
        "and for participant_, victim_ and other_party_: name, mobile, email, language, "
        "sms_consent"
    ),
    required=(
        "external_ref and participant_name are required; program too, unless you choose one "
        "below for the whole file."
    ),
)


async def _content(file: UploadFile | None, csv_text: str) -> tuple[bytes | str, str]:
    if file is not None and file.filename:
        raw = await file.read(MAX_BYTES + 1)
        name = file.filename
    else:
        raw, name = csv_text.encode("utf-8"), ""
    if len(raw) > MAX_BYTES:
        raise CsvError("the file is larger than 2 MB; split it into smaller files")
    if not raw.strip():
        raise CsvError("choose a CSV file to upload")
    # An upload is read as it was saved (UTF-8, Windows-1252...); the preview's copy is text.
    return (raw if name else csv_text), name


def _page(request, principal, kind: Kind, *, status_code: int = 200, **extra) -> HTMLResponse:
    return render(
        request, "imports/import.html", principal, status_code=status_code, kind=kind, **extra
    )


def _upload(request, session, principal, kind: Kind, **extra) -> HTMLResponse:
    return _page(
        request, principal, kind, stage="upload", programs=_programs(session, principal, kind),
        **extra,
    )  # fmt: skip


def _programs(session, principal, kind: Kind) -> list[Program]:
    if kind is not CASES:
        return []
    return programs_uc.visible_programs(session, principal, active_only=True)


@router.get("/volunteers/import", response_class=HTMLResponse)
def volunteers_form(request: Request, session: SessionDep, principal: PageWriter):
    """The volunteers upload form."""
    return _upload(request, session, principal, VOLUNTEERS)


@router.get("/cases/import", response_class=HTMLResponse)
def cases_form(request: Request, session: SessionDep, principal: PageWriter):
    """The referrals upload form."""
    return _upload(request, session, principal, CASES)


def _text_of(content: bytes | str) -> str:
    return decode(content)[0] if isinstance(content, bytes) else content


async def _submit(request, session, principal, kind: Kind, file, csv_text, action, program_id):
    default: Program | None = None
    try:
        content, filename = await _content(file, csv_text)
        if program_id:
            default = next(
                (p for p in _programs(session, principal, kind) if str(p.id) == program_id), None
            )
            if default is None:
                raise CsvError("choose one of your programs")

        def run(**flags) -> ImportReport:
            if kind is CASES:
                return import_cases(
                    session, content, actor=principal.actor, programs=principal.program_scope,
                    default_program=default, refuse=principal.refuse, **flags,
                )  # fmt: skip
            return import_volunteers(session, content, **flags)

        if action == "good":
            report, stage = run(skip_bad=True), "done"
        elif action == "all":
            report = run()
            stage = "done" if report.ok else "preview"  # a file that went bad meanwhile: show why
        else:
            report, stage = run(dry_run=True), "preview"
        text = _text_of(content)
    except CsvError as exc:
        session.rollback()
        return _upload(request, session, principal, kind, status_code=422, error=exc.message)
    if stage == "preview":
        session.rollback()  # a preview stores nothing, whatever the use case touched
    else:
        audit.by(
            session, principal, "import", kind.what[:-1],
            detail=f"{report.imported} {kind.what} imported from {filename or 'a checked file'}; "
            f"{report.refused} rows refused",
        )  # fmt: skip
    return _page(
        request,
        principal,
        kind,
        status_code=200 if report.ok or stage == "done" else 422,
        stage=stage,
        report=report,
        csv_text=text,
        program_id=default.id if default else "",
        program=default,
    )


@router.post("/volunteers/import", response_class=HTMLResponse)
async def volunteers_submit(
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    csv_text: FormStr = "",
    action: FormStr = "preview",
):
    """Preview (nothing stored), then import all volunteers (only when clean) or the good ones."""
    return await _submit(request, session, principal, VOLUNTEERS, file, csv_text, action, "")


@router.post("/cases/import", response_class=HTMLResponse)
async def cases_submit(
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
    file: Annotated[UploadFile | None, File()] = None,
    csv_text: FormStr = "",
    action: FormStr = "preview",
    program_id: FormStr = "",
):
    """Preview (nothing stored), then import all referrals (only when clean) or the good ones,
    each in one of the coordinator's programs."""
    return await _submit(request, session, principal, CASES, file, csv_text, action, program_id)
