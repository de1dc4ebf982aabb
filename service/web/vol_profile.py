"""A volunteer's profile: details, certifications, availability, blackouts, seats, hours, link."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import ValidationError
from sqlmodel import Session

from service import programs
from service.accounts.auth import Principal
from service.deps import SessionDep
from service.errors import ConveneError
from service.messaging import languages
from service.models import Certification, Neighborhood, Volunteer
from service.outcomes.volunteer_hours import yearly_service
from service.repo import get_or_404
from service.schemas.volunteers import CertificationCreate, VolunteerUpdate
from service.volunteers import links as volunteer_links
from service.volunteers import roster as roster_uc
from service.volunteers import roster as uc
from service.web import vol_forms
from service.web.base import Csrf, PageUser, PageWriter, form_errors, redirect, render

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]
EXPIRY_DAYS = vol_forms.EXPIRY_DAYS


def _neighborhoods(session: Session):
    return programs.neighborhoods(session)


def _profile(
    request: Request, session: Session, principal: Principal, volunteer: Volunteer,
    status_code: int = 200, **ctx,
):  # fmt: skip
    upcoming, past = vol_forms.seats_of(session, volunteer.id)
    year = datetime.now(vol_forms.local_zone()).year
    ctx.setdefault("rows", vol_forms.rows_from_windows(uc.availability_of(session, volunteer.id)))
    ctx.setdefault("errors", {})
    ctx.setdefault("form", None)
    langs = uc.languages_of(session, volunteer.id)
    return render(
        request,
        "volunteers/profile.html",
        principal,
        status_code=status_code,
        v=volunteer,
        languages=langs,
        neighborhood=session.get(Neighborhood, volunteer.neighborhood_id)
        if volunteer.neighborhood_id
        else None,
        neighborhoods=_neighborhoods(session) if principal.can_write else [],
        certifications=uc.certifications_of(session, volunteer.id),
        today=datetime.now(vol_forms.local_zone()).date(),
        soon=datetime.now(vol_forms.local_zone()).date() + timedelta(days=EXPIRY_DAYS),
        blackouts=vol_forms.blackouts_of(session, volunteer.id),
        upcoming=upcoming,
        past=past[:50],
        service=yearly_service(session, volunteer.id, year),
        year=year,
        day_names=vol_forms.DAY_NAMES,
        calendar_url=volunteer_links.calendar_url(volunteer),
        text_blocked=volunteer_links.why_not_texted(session, volunteer),
        texting=languages.texting(volunteer),
        **ctx,
    )


def _volunteer(session: Session, volunteer_id: int) -> Volunteer:
    return get_or_404(session, Volunteer, volunteer_id, what="volunteer")


@router.get("/volunteers/{volunteer_id}")
def profile(volunteer_id: int, request: Request, session: SessionDep, principal: PageUser):
    """A volunteer's details, certifications, availability, blackouts, seats and hours."""
    return _profile(request, session, principal, _volunteer(session, volunteer_id))


@router.post("/volunteers/{volunteer_id}/details")
def update_details(
    volunteer_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf,
    full_name: FormStr = "", mobile: FormStr = "", email: FormStr = "", languages: FormStr = "en",
    home_zip: FormStr = "", neighborhood_id: FormStr = "", max_assignments_per_month: FormStr = "",
    max_travel_km: FormStr = "", notes: FormStr = "", active: Annotated[str | None, Form()] = None,
    sms_consent: Annotated[str | None, Form()] = None,
):  # fmt: skip
    """Change a volunteer's details."""
    volunteer = _volunteer(session, volunteer_id)
    data = vol_forms.volunteer_form(
        full_name, mobile, email, languages, home_zip, neighborhood_id,
        max_assignments_per_month, max_travel_km, notes, active, sms_consent,
    )  # fmt: skip
    try:
        uc.update_volunteer(session, volunteer, VolunteerUpdate.model_validate(data))
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        volunteer = _volunteer(session, volunteer_id)
        shown = data | {
            "languages": languages,
            "max_assignments_per_month": max_assignments_per_month,
        }
        return _profile(
            request,
            session,
            principal,
            volunteer,
            422,
            form=shown,
            errors=form_errors(exc),
        )
    return redirect(f"/volunteers/{volunteer_id}", "Details saved.")


@router.post("/volunteers/{volunteer_id}/availability")
def save_availability(
    volunteer_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf,
    day: FormList = [], start: FormList = [], end: FormList = [],  # noqa: B006
):  # fmt: skip
    """Replace the weekly availability, or show each bad row's reason beside it."""
    volunteer = _volunteer(session, volunteer_id)
    rows, windows = vol_forms.parse_availability(day, start, end)
    if windows is None:
        return _profile(request, session, principal, volunteer, 422, rows=rows)
    uc.set_availability(session, volunteer.id, windows)
    return redirect(f"/volunteers/{volunteer_id}", "Availability saved.", "availability")


@router.post("/volunteers/{volunteer_id}/blackouts")
def add_blackout(
    volunteer_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf,
    start: FormStr = "", end: FormStr = "", reason: FormStr = "",
):  # fmt: skip
    """Add whole days the volunteer cannot sit."""
    volunteer = _volunteer(session, volunteer_id)
    try:
        data = vol_forms.parse_blackout(start, end, reason)
    except ConveneError as exc:
        return _profile(
            request, session, principal, volunteer, 422, errors=form_errors(exc) | {"blackout": exc.message},
            blackout_form={"start": start, "end": end, "reason": reason},
        )  # fmt: skip
    uc.add_blackout(session, volunteer.id, data)
    return redirect(f"/volunteers/{volunteer_id}", "Blackout added.", "blackouts")


@router.post("/volunteers/{volunteer_id}/blackouts/{blackout_id}/delete")
def delete_blackout(
    volunteer_id: int, blackout_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Remove a blackout."""
    roster_uc.delete_blackout(session, _volunteer(session, volunteer_id).id, blackout_id)
    return redirect(f"/volunteers/{volunteer_id}", "Blackout removed.", "blackouts")


@router.post("/volunteers/{volunteer_id}/certifications")
def add_certification(
    volunteer_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf,
    name: FormStr = "", completed_on: FormStr = "", expires_on: FormStr = "",
    training_hours: FormStr = "0",
):  # fmt: skip
    """Record a completed training."""
    volunteer = _volunteer(session, volunteer_id)
    data = {
        "name": name.strip().lower(),
        "completed_on": completed_on.strip() or None,
        "expires_on": expires_on.strip() or None,
        "training_hours": training_hours.strip() or 0,
    }
    try:
        uc.add_certification(session, volunteer.id, CertificationCreate.model_validate(data))
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        volunteer = _volunteer(session, volunteer_id)
        errors = {f"cert_{k}": v for k, v in form_errors(exc).items()}
        return _profile(
            request, session, principal, volunteer, 422, errors=errors,
            cert_form={"name": name, "completed_on": completed_on, "expires_on": expires_on,
                       "training_hours": training_hours},
        )  # fmt: skip
    return redirect(f"/volunteers/{volunteer_id}", "Certification recorded.", "certifications")


@router.post("/volunteers/{volunteer_id}/certifications/{cert_id}/delete")
def delete_certification(
    volunteer_id: int, cert_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Remove a certification recorded in error."""
    row = session.get(Certification, cert_id)
    if row is None or row.volunteer_id != _volunteer(session, volunteer_id).id:
        return redirect(f"/volunteers/{volunteer_id}", "That certification was already removed.")
    session.delete(row)
    return redirect(f"/volunteers/{volunteer_id}", "Certification removed.", "certifications")


@router.post("/volunteers/{volunteer_id}/self-service/send")
def send_self_service_link(
    volunteer_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Text the volunteer their self-service link (or say why not: copy it instead)."""
    volunteer = _volunteer(session, volunteer_id)
    try:
        volunteer_links.send_link(session, volunteer, principal)
    except ConveneError as exc:
        message = exc.message[:1].upper() + exc.message[1:] + "."
        return redirect(f"/volunteers/{volunteer_id}", message, "self-service")
    return redirect(
        f"/volunteers/{volunteer_id}", "The link is on its way by text.", "self-service"
    )


@router.post("/volunteers/{volunteer_id}/self-service/copy")
def copy_self_service_link(
    volunteer_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Show a self-service link to copy and send another way (audited, as texting it is).

    The page is answered directly, not redirected: the link never sits in an address bar."""
    volunteer = _volunteer(session, volunteer_id)
    link = volunteer_links.link_to_copy(session, volunteer, principal)
    response = _profile(request, session, principal, volunteer, self_link=link)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/volunteers/{volunteer_id}/self-service/revoke")
def revoke_self_service_links(
    volunteer_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Stop every self-service link sent so far from working."""
    volunteer_links.revoke_links(session, _volunteer(session, volunteer_id))
    return redirect(
        f"/volunteers/{volunteer_id}", "Earlier self-service links no longer work.", "self-service"
    )


@router.post("/volunteers/{volunteer_id}/texts-in-english")
def texts_in_english(
    volunteer_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf, back: FormStr = ""
):
    """Record the coordinator's choice to text a volunteer in English (no texts in theirs),
    from their page or from Today (`back=today` returns there)."""
    volunteer = _volunteer(session, volunteer_id)
    # Only the two pages that offer the button: never a URL taken from the form.
    url, anchor = (
        ("/today", "todo-volunteer_languages")
        if back == "today"
        else (f"/volunteers/{volunteer_id}", "texts")
    )
    try:
        languages.choose_english(session, volunteer, principal)
    except ConveneError as exc:
        return redirect(url, exc.message, anchor)
    said = f"{volunteer.full_name} will be texted in English, and sent calendar invites in English."
    return redirect(url, said, anchor)
