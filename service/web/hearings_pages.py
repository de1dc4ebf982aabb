"""Hearings: a week calendar by venue, one hearing's page, booking, rescheduling and cancelling."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service import programs
from service.cases.referrals import load_case
from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.hearings import booking as uc
from service.hearings import confirmations, proposals, queries
from service.hearings.queries import load_hearing
from service.messaging.wording import when
from service.models import Case, Hearing, HearingKind, Program, Venue
from service.models.base import ConfirmationStatus, HearingStatus
from service.programs import program_zone
from service.schemas.hearings import HearingCreate, HearingUpdate
from service.web.base import (
    Csrf,
    PageUser,
    PageWriter,
    confirm_page,
    confirmed,
    form_errors,
    redirect,
    render,
)

router = APIRouter(include_in_schema=False)


def _local_input(value: str, zone) -> datetime:
    """A datetime-local form value (no offset) read as the program's local time."""
    return datetime.fromisoformat(value).replace(tzinfo=zone)


@router.get("/hearings", response_class=HTMLResponse)
def week(
    request: Request, session: SessionDep, principal: PageUser, week: date | None = None
) -> HTMLResponse:
    """The week's hearings by venue and day."""
    zone = programs.caller_zone(session, principal)
    monday = week or datetime.now(zone).date()
    monday -= timedelta(days=monday.weekday())
    grid = queries.week_grid(session, principal, monday, zone)
    days = [monday + timedelta(days=i) for i in range(7)]
    return render(
        request,
        "hearings/week.html",
        principal,
        grid=grid,
        days=days,
        prev=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
        monday=monday,
    )


BOOK_FIELDS = ("kind", "venue_id", "start", "language", "outside_hours", "meeting_url")


def _book_page(
    request: Request,
    session: Session,
    principal,
    case_id: int,
    *,
    typed: dict,
    errors: dict | None = None,
    outside: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    try:
        options = proposals.booking_options(
            session,
            case_id,
            principal,
            kind=typed.get("kind") or None,
            language=typed.get("language") or None,
        )
    except ConveneError as exc:  # a kind this program does not hold: propose for its first
        errors = {**(errors or {}), "kind": exc.message}
        options = proposals.booking_options(session, case_id, principal)
    return render(
        request,
        "hearings/book.html",
        principal,
        status_code=status_code,
        zone=options.zone,
        o=options,
        case=options.case,
        typed=typed,
        errors=errors or {},
        outside=outside,
        languages=proposals.LANGUAGES,
    )


@router.get("/cases/{case_id}/book", response_class=HTMLResponse)
def book_page(
    case_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    kind: str | None = None,
    language: str | None = None,
) -> HTMLResponse:
    """Book a hearing: the next open times with a full panel, best first, or a time typed."""
    typed = {"kind": kind or "", "language": language or ""}
    return _book_page(request, session, principal, case_id, typed=typed)


def _book_errors(exc: Exception) -> dict[str, str]:
    if isinstance(exc, ValidationError | ConveneError):
        errors = form_errors(exc)
        if "end" in errors:
            errors.setdefault("start", errors.pop("end"))
        for key in list(errors):
            if key not in BOOK_FIELDS:
                errors["form"] = errors.pop(key)
        return errors
    return {"start": "give the date and time the hearing starts, such as 12/16/2026 6:30 PM"}


@router.post("/hearings/new")
async def book(request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf):
    """Book a hearing from the booking page; texts to the parties go out with it. A refused
    booking re-shows the page with what was typed and the reason next to its field."""
    form = await request.form()
    case = load_case(session, int(form.get("case_id") or 0), principal, write=True)
    zone = program_zone(session.get(Program, case.program_id))
    typed = {f: str(form.get(f) or "") for f in BOOK_FIELDS}
    try:
        if not typed["venue_id"].isdigit():
            raise Invalid("choose the venue", field="venue_id")
        data = HearingCreate(
            case_id=case.id,
            kind=typed["kind"],
            venue_id=int(typed["venue_id"]),
            start=_local_input(typed["start"], zone),
            language=typed["language"] or None,
            allow_outside_venue_hours=bool(typed["outside_hours"]),
            meeting_url=typed["meeting_url"].strip() or None,
        )
        hearing = uc.book_hearing(session, data, principal)
    except (ValidationError, ConveneError, ValueError) as exc:
        session.rollback()
        errors = _book_errors(exc)
        outside = exc.words if isinstance(exc, uc.OutsideVenueHours) else ""
        if outside:
            errors["start"] = outside
        return _book_page(
            request,
            session,
            principal,
            case.id,
            typed=typed,
            errors=errors,
            outside=outside,
            status_code=422,
        )
    return redirect(f"/hearings/{hearing.id}", "Hearing booked; the parties will get a text")


def _hearing_page(
    request: Request, session: Session, principal, hearing: Hearing, **extra
) -> HTMLResponse:
    data = queries.hearing_public(session, hearing)
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
    venues, _ = programs.list_venues(session, active=True)
    return render(
        request,
        "hearings/detail.html",
        principal,
        zone=program_zone(program),
        h=data,
        hearing=hearing,
        case=case,
        venue=session.get(Venue, hearing.venue_id),
        kind=session.get(HearingKind, hearing.kind_id),
        program=program,
        errors=extra.pop("errors", {}),
        typed=extra.pop("typed", {}),
        outside=extra.pop("outside", ""),
        panel=queries.panel_rows(session, hearing),
        venues=venues,
        **extra,
    )


def hearing_page_again(
    request: Request, session: Session, principal, hearing_id: int, errors: dict, typed: dict
) -> HTMLResponse:
    """The hearing page re-shown after a refused change, with the reason and what was typed."""
    hearing = load_hearing(session, hearing_id, principal)
    return _hearing_page(
        request, session, principal, hearing, errors=errors, typed=typed, status_code=422
    )


@router.get("/hearings/{hearing_id}", response_class=HTMLResponse)
def hearing_page(
    hearing_id: int, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """One hearing: panel and confirmations, live; reschedule and cancel."""
    return _hearing_page(request, session, principal, load_hearing(session, hearing_id, principal))


@router.get("/hearings/{hearing_id}/panel", response_class=HTMLResponse)
def panel_fragment(
    hearing_id: int, request: Request, session: SessionDep, principal: PageUser
) -> HTMLResponse:
    """The panel and confirmations alone (htmx refreshes it as replies arrive)."""
    hearing = load_hearing(session, hearing_id, principal)
    return render(
        request,
        "hearings/panel.html",
        principal,
        zone=queries.hearing_zone(session, hearing),
        h=queries.hearing_public(session, hearing),
        hearing=hearing,
        panel=queries.panel_rows(session, hearing),
    )


@router.post("/hearings/{hearing_id}/reschedule")
async def reschedule(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Move a hearing: first say who will be told, then everyone gets the new time."""
    hearing = load_hearing(session, hearing_id, principal)
    zone = program_zone(session.get(Program, session.get(Case, hearing.case_id).program_id))
    form = await request.form()
    typed = {
        "start": str(form.get("start") or ""),
        "outside_hours": str(form.get("outside_hours") or ""),
    }
    try:
        data = HearingUpdate(
            start=_local_input(typed["start"], zone),
            allow_outside_venue_hours=bool(typed["outside_hours"]),
        )
        if not confirmed(form):
            told = uc.preview_update(session, hearing, data, principal)
            return confirm_page(
                request,
                principal,
                title="Reschedule the hearing",
                question=f"Move this hearing to {when(data.start, 'en', zone)}?",
                lead="Everyone gets the new time; calendar invites are updated.",
                action=f"/hearings/{hearing_id}/reschedule",
                fields={k: v for k, v in typed.items() if v},
                audience=told,
                yes="Yes, move it and tell them",
                back=f"/hearings/{hearing_id}",
            )
        uc.update_hearing(session, hearing, data, principal)
    except (ValidationError, ConveneError, ValueError) as exc:
        session.rollback()
        outside = exc.words if isinstance(exc, uc.OutsideVenueHours) else ""
        message = outside or (
            exc.message
            if isinstance(exc, ConveneError)
            else "give the date and time the hearing starts, such as 12/16/2026 6:30 PM"
        )
        return _hearing_page(
            request,
            session,
            principal,
            load_hearing(session, hearing_id, principal),
            errors={"start": message},
            typed=typed,
            outside=outside,
            status_code=422,
        )
    return redirect(f"/hearings/{hearing_id}", "Rescheduled; parties and panel are told")


@router.post("/hearings/{hearing_id}/cancel")
async def cancel(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Cancel a hearing: first say who will be told; then reminders stop, everyone is told and
    invites are withdrawn."""
    hearing = load_hearing(session, hearing_id, principal)
    zone = program_zone(session.get(Program, session.get(Case, hearing.case_id).program_id))
    form = await request.form()
    data = HearingUpdate(status=HearingStatus.cancelled)
    if not confirmed(form):
        return confirm_page(
            request,
            principal,
            title="Cancel the hearing",
            question=f"Cancel the hearing of {when(hearing.start_at, 'en', zone)}?",
            lead="Reminders stop and calendar invites are withdrawn.",
            action=f"/hearings/{hearing_id}/cancel",
            fields={},
            audience=uc.preview_update(session, hearing, data, principal),
            yes="Yes, cancel and tell them",
            back=f"/hearings/{hearing_id}",
        )
    uc.update_hearing(session, hearing, data, principal)
    return redirect(f"/hearings/{hearing_id}", "Cancelled; parties and panel are told")


@router.post("/hearings/{hearing_id}/confirmations/{party_id}")
async def record_confirmation(
    hearing_id: int,
    party_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """A party confirmed by phone: recorded (and audited) from the hearing's parties table."""
    hearing = load_hearing(session, hearing_id, principal)
    form = await request.form()
    by = form.get("by") if form.get("by") in confirmations.BY_WORDS else "phone"
    try:
        confirmations.record_confirmation(
            session, hearing, party_id, ConfirmationStatus.confirmed, by, principal
        )
    except ConveneError as exc:
        session.rollback()
        return redirect(f"/hearings/{hearing_id}", f"Not recorded: {exc.message}")
    return redirect(
        f"/hearings/{hearing_id}", f"Confirmation recorded ({confirmations.BY_WORDS[by]})"
    )
