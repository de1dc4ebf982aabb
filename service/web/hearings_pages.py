"""Hearings: a week calendar by venue, one hearing's page, booking, rescheduling and cancelling."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service.cases.referrals import load_case
from service.config import get_settings
from service.deps import SessionDep
from service.errors import ConveneError
from service.hearings import booking as uc
from service.hearings import confirmations, queries
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
    zone = get_settings().zone
    monday = week or datetime.now(zone).date()
    monday -= timedelta(days=monday.weekday())
    start = datetime.combine(monday, time(0), zone)
    grid: dict[str, dict[date, list]] = defaultdict(lambda: defaultdict(list))
    for hearing, case, venue in queries.hearings_between(
        session, principal, start, start + timedelta(days=7)
    ):
        grid[venue.name][hearing.start_at.astimezone(zone).date()].append((hearing, case))
    days = [monday + timedelta(days=i) for i in range(7)]
    return render(
        request,
        "hearings/week.html",
        principal,
        grid=dict(sorted(grid.items())),
        days=days,
        prev=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
        monday=monday,
    )


@router.post("/hearings/new")
async def book(request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf):
    """Book a hearing from the case page; texts to the parties go out with it."""
    form = await request.form()
    case = load_case(session, int(form.get("case_id") or 0), principal, write=True)
    zone = program_zone(session.get(Program, case.program_id))
    try:
        data = HearingCreate(
            case_id=case.id,
            kind=form.get("kind") or "",
            venue_id=int(form.get("venue_id") or 0),
            start=_local_input(form.get("start") or "", zone),
            language=form.get("language") or None,
        )
        hearing = uc.book_hearing(session, data, principal)
    except (ValidationError, ConveneError, ValueError) as exc:
        session.rollback()
        from service.web.cases_pages import _case_page

        plain = isinstance(exc, ValueError) and not isinstance(exc, ValidationError)
        message = (
            "give a date and time"
            if plain
            else "; ".join(form_errors(exc, full_path=True).values())
        )
        return _case_page(
            request, session, principal, case, errors={"book": message}, status_code=422
        )
    return redirect(f"/hearings/{hearing.id}", "Hearing booked; the parties will get a text")


def _hearing_page(
    request: Request, session: Session, principal, hearing: Hearing, **extra
) -> HTMLResponse:
    data = uc.hearing_public(session, hearing)
    case = session.get(Case, hearing.case_id)
    program = session.get(Program, case.program_id)
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
        panel=queries.panel_rows(session, hearing),
        **extra,
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
        h=uc.hearing_public(session, hearing),
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
    try:
        data = HearingUpdate(start=_local_input(form.get("start") or "", zone))
        if not confirmed(form):
            told = uc.preview_update(session, hearing, data, principal)
            return confirm_page(
                request,
                principal,
                title="Reschedule the hearing",
                question=f"Move this hearing to {when(data.start, 'en', zone)}?",
                lead="Everyone gets the new time; calendar invites are updated.",
                action=f"/hearings/{hearing_id}/reschedule",
                fields={"start": form.get("start")},
                audience=told,
                yes="Yes, move it and tell them",
                back=f"/hearings/{hearing_id}",
            )
        uc.update_hearing(session, hearing, data, principal)
    except (ValidationError, ConveneError, ValueError) as exc:
        session.rollback()
        message = exc.message if isinstance(exc, ConveneError) else "give a valid date and time"
        return _hearing_page(
            request,
            session,
            principal,
            load_hearing(session, hearing_id, principal),
            errors={"start": message},
            typed={"start": form.get("start") or ""},
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
