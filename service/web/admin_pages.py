"""Admin pages: programs, venues, and the index of users, tokens, message templates and jobs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service import programs as uc
from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.hearings import venues as venue_uc
from service.models import Venue
from service.models.base import MeetingMode
from service.repo import get_or_404
from service.schemas.programs import ProgramUpdate, VenueCreate, VenueUpdate
from service.web import vol_forms
from service.web.admin_access import PageAdmin
from service.web.admin_accounts import router as accounts_router
from service.web.admin_jobs import router as jobs_router
from service.web.admin_survey import router as survey_router
from service.web.admin_templates import router as templates_router
from service.web.admin_webhooks import router as webhooks_router
from service.web.base import Csrf, form_errors, redirect, render

router = APIRouter(include_in_schema=False)
router.include_router(accounts_router)
router.include_router(templates_router)
router.include_router(survey_router)
router.include_router(jobs_router)
router.include_router(webhooks_router)
FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]
Check = Annotated[str | None, Form()]


@router.get("/admin", response_class=HTMLResponse)
def admin_index(request: Request, principal: PageAdmin):
    """What an administrator can look after."""
    return render(request, "admin/index.html", principal)


# --- programs ----------------------------------------------------------------------------------


def _days(value: str, field: str) -> list[int]:
    """Days before an event, e.g. "3, 1"; the update schema does not bound them, so check here."""
    parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
    if not all((p.isascii() and p.isdigit()) and int(p) <= 60 for p in parts):
        raise Invalid("list whole days between 0 and 60, e.g. 3, 1", field=field)
    return sorted({int(p) for p in parts}, reverse=True)


def _mode(value: str, field: str) -> str | None:
    """A preference from a select: in_person, online, or empty for none."""
    if value and value not in MeetingMode.__members__:
        raise Invalid(f"{value!r} is not a choice: in person, online or no preference", field=field)
    return value or None


@router.get("/admin/programs", response_class=HTMLResponse)
def programs(request: Request, session: SessionDep, principal: PageAdmin):
    """Every program with its main settings."""
    return render(request, "admin/programs.html", principal, programs=uc.all_programs(session))


def _program_page(request, session, principal, program, *, form=None, errors=None, status=200):
    return render(
        request,
        "admin/program.html",
        principal,
        status_code=status,
        program=program,
        detail=uc.program_public(session, program),
        form=form,
        errors=errors or {},
    )


@router.get("/admin/programs/{program_id}", response_class=HTMLResponse)
def program_page(program_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """A program's settings form."""
    return _program_page(request, session, principal, uc.get_program(session, program_id))


@router.post("/admin/programs/{program_id}")
async def program_save(
    program_id: int, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    name: FormStr = "", description: FormStr = "", phone: FormStr = "",
    completion_window_days: FormStr = "", reminder_days_before: FormStr = "",
    obligation_reminder_days: FormStr = "", screens_statutory_exclusions: Check = None,
    active: Check = None, prefers_mode: FormStr = "",
):  # fmt: skip
    """Change a program's settings, or show each field's reason."""
    program = uc.get_program(session, program_id)
    kind_modes = {
        int(k.removeprefix("kind_mode_")): str(v)
        for k, v in (await request.form()).items()
        if k.startswith("kind_mode_") and k.removeprefix("kind_mode_").isdigit()
    }
    form = {
        "name": name.strip(),
        "description": description.strip(),
        "phone": phone.strip() or None,
        "completion_window_days": completion_window_days.strip() or None,
        "screens_statutory_exclusions": screens_statutory_exclusions is not None,
        "active": active is not None,
        "prefers_mode": prefers_mode or None,
    }
    try:
        errors: dict[str, str] = {}
        for key, value in (
            ("reminder_days_before", reminder_days_before),
            ("obligation_reminder_days", obligation_reminder_days),
        ):
            try:
                form[key] = _days(value, key)
            except Invalid as exc:
                errors[key] = exc.message
        try:
            data = ProgramUpdate.model_validate(form)
        except ValidationError as exc:
            errors = form_errors(exc) | errors
        if errors:
            raise Invalid("check the marked fields", details=[
                {"field": k, "reason": v} for k, v in errors.items()])  # fmt: skip
        uc.update_program(session, program, data)
        for kind_id, mode in kind_modes.items():
            mode = _mode(mode, f"kind_mode_{kind_id}")
            uc.set_kind_preference(session, program, kind_id, mode, principal)
        session.flush()
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        shown = (
            form
            | {f"kind_mode_{k}": v for k, v in kind_modes.items()}
            | {
                "reminder_days_before": reminder_days_before,
                "obligation_reminder_days": obligation_reminder_days,
                "completion_window_days": completion_window_days,
            }
        )
        program = uc.get_program(session, program_id)
        return _program_page(
            request,
            session,
            principal,
            program,
            form=shown,
            errors=form_errors(exc),
            status=422,
        )
    return redirect(f"/admin/programs/{program_id}", f"{program.code} settings saved.")


# --- venues ------------------------------------------------------------------------------------


def _neighborhoods(session: Session):
    return uc.neighborhoods(session)


@router.get("/admin/venues", response_class=HTMLResponse)
def venues(request: Request, session: SessionDep, principal: PageAdmin):
    """Every venue with its weekly windows."""
    rows, _ = uc.list_venues(session)
    windows = {v.id: uc.venue_windows(session, v.id) for v in rows}
    names = {n.id: n.name for n in _neighborhoods(session)}
    return render(
        request, "admin/venues.html", principal, venues=rows, windows=windows, names=names,
        day_names=vol_forms.DAY_NAMES,
    )  # fmt: skip


def _venue_page(request, session, principal, venue, form, rows, errors=None, status=200):
    return render(
        request,
        "admin/venue.html",
        principal,
        status_code=status,
        venue=venue,
        form=form,
        rows=rows,
        errors=errors or {},
        neighborhoods=_neighborhoods(session),
        day_names=vol_forms.DAY_NAMES,
    )


@router.get("/admin/venues/new", response_class=HTMLResponse)
def venue_new(request: Request, session: SessionDep, principal: PageAdmin):
    """The new-venue form."""
    return _venue_page(request, session, principal, None, {"active": True}, [])


@router.get("/admin/venues/{venue_id}", response_class=HTMLResponse)
def venue_page(venue_id: int, request: Request, session: SessionDep, principal: PageAdmin):
    """A venue's form with its weekly windows."""
    venue = get_or_404(session, Venue, venue_id, what="venue")
    rows = vol_forms.rows_from_windows(uc.venue_public(session, venue).windows)
    return _venue_page(request, session, principal, venue, venue.model_dump(), rows)


def _load_venue(session: Session, venue_id: str) -> Venue | None:
    if venue_id == "new":
        return None
    return get_or_404(
        session,
        Venue,
        int(venue_id) if (venue_id.isascii() and venue_id.isdigit()) else 0,
        what="venue",
    )


@router.post("/admin/venues/{venue_id}")
def venue_save(
    venue_id: str, request: Request, session: SessionDep, principal: PageAdmin, _csrf: Csrf,
    name: FormStr = "", address: FormStr = "", neighborhood_id: FormStr = "", lat: FormStr = "",
    lon: FormStr = "", accessibility_notes: FormStr = "", capacity: FormStr = "",
    active: Check = None, day: FormList = [], start: FormList = [], end: FormList = [],  # noqa: B006
    online: Check = None, meeting_template: FormStr = "",
):  # fmt: skip
    """Create (`/admin/venues/new`) or change a venue with its windows."""
    venue = _load_venue(session, venue_id)
    form = {
        "name": name.strip(),
        "address": address.strip(),
        "neighborhood_id": int(neighborhood_id)
        if (neighborhood_id.isascii() and neighborhood_id.isdigit())
        else None,
        "lat": lat.strip() or None,
        "lon": lon.strip() or None,
        "accessibility_notes": accessibility_notes.strip(),
        "capacity": capacity.strip() or None,
        "active": active is not None,
        "online": online is not None,
        "meeting_template": meeting_template.strip() or None,
    }
    rows, windows = vol_forms.parse_availability(day, start, end)
    errors: dict[str, str] = {}
    updated = 0
    if windows is None:
        errors["windows"] = "Some windows need a correction; see the notes beside them."
    else:
        try:
            if venue is None:
                venue = uc.create_venue(
                    session, VenueCreate.model_validate(form | {"windows": windows})
                )
            else:
                venue, updated = venue_uc.update_venue(
                    session,
                    venue,
                    VenueUpdate.model_validate(form | {"windows": windows}),
                    principal,
                )
        except (ValidationError, ConveneError) as exc:
            session.rollback()
            errors = form_errors(exc)
            venue = _load_venue(session, venue_id)
    if errors:
        return _venue_page(request, session, principal, venue, form, rows, errors, status=422)
    return redirect(f"/admin/venues/{venue.id}", f"{venue.name} saved.{_invites_note(updated)}")


def _invites_note(hearings: int) -> str:
    """What a venue's new name or address set off, in words."""
    if not hearings:
        return ""
    which = "its coming hearing" if hearings == 1 else f"its {hearings} coming hearings"
    return f" The volunteers seated on {which} are sent an updated calendar invitation."
