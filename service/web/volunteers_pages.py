"""Volunteer pages: search, expiring certifications, profile with availability, new, CSV import."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session, select

from service import volunteers as uc
from service.auth import Principal
from service.deps import SessionDep
from service.errors import ConveneError
from service.models import Certification, Neighborhood, Volunteer, VolunteerLanguage
from service.outcomes.volunteer_hours import yearly_service
from service.repo import get_or_404, paginate
from service.schemas.volunteers import CertificationCreate, VolunteerCreate, VolunteerUpdate
from service.web import selfservice, vol_forms
from service.web.base import Csrf, PageUser, PageWriter, render
from service.web.vol_import import router as import_router

router = APIRouter(include_in_schema=False)
router.include_router(import_router)
PER_PAGE = 25
EXPIRY_DAYS = 30
FormStr = Annotated[str, Form()]
FormList = Annotated[list[str], Form()]


def _filter_choices(session: Session) -> dict:
    return {
        "cert_names": session.exec(
            select(Certification.name).distinct().order_by(Certification.name)
        ).all(),
        "language_codes": session.exec(
            select(VolunteerLanguage.language).distinct().order_by(VolunteerLanguage.language)
        ).all(),
        "neighborhoods": session.exec(select(Neighborhood).order_by(Neighborhood.name)).all(),
    }


def _search(session: Session, f: dict, page: int) -> tuple[list[Volunteer], int]:
    stmt = select(Volunteer).order_by(Volunteer.full_name, Volunteer.id)
    if f["q"]:
        stmt = stmt.where(Volunteer.full_name.ilike(f"%{f['q']}%"))
    if f["language"]:
        stmt = stmt.where(
            Volunteer.id.in_(
                select(VolunteerLanguage.volunteer_id).where(
                    VolunteerLanguage.language == f["language"]
                )
            )
        )
    if f["certification"]:
        stmt = stmt.where(
            Volunteer.id.in_(
                select(Certification.volunteer_id).where(Certification.name == f["certification"])
            )
        )
    if f["neighborhood_id"]:
        stmt = stmt.where(Volunteer.neighborhood_id == f["neighborhood_id"])
    if f["active"] in ("yes", "no"):
        stmt = stmt.where(Volunteer.active == (f["active"] == "yes"))
    return paginate(session, stmt, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)


def expiring_certifications(session: Session, within_days: int = EXPIRY_DAYS) -> list:
    """Certifications of active volunteers that expire within the next days, soonest first."""
    today = datetime.now(vol_forms.local_zone()).date()
    stmt = (
        select(Certification, Volunteer)
        .join(Volunteer, Volunteer.id == Certification.volunteer_id)
        .where(
            Volunteer.active.is_(True),
            Certification.expires_on >= today,
            Certification.expires_on <= today + timedelta(days=within_days),
        )
        .order_by(Certification.expires_on, Volunteer.full_name)
    )
    return list(session.exec(stmt).all())


@router.get("/volunteers", response_class=HTMLResponse)
def volunteer_list(
    request: Request,
    session: SessionDep,
    principal: PageUser,
    q: str = "",
    certification: str = "",
    language: str = "",
    neighborhood_id: str = "",
    active: str = "yes",
    page: int = 1,
):
    """Search and filter volunteers; certifications that expire soon."""
    f = {
        "q": q.strip()[:100],
        "certification": certification[:64],
        "language": language[:8].lower(),
        "neighborhood_id": int(neighborhood_id) if neighborhood_id.isdigit() else None,
        "active": active if active in ("yes", "no", "all") else "yes",
    }
    page = max(page, 1)
    rows, total = _search(session, f, page)
    langs = {}
    if rows:
        for vid, lang in session.exec(
            select(VolunteerLanguage.volunteer_id, VolunteerLanguage.language).where(
                VolunteerLanguage.volunteer_id.in_([v.id for v in rows])
            )
        ).all():
            langs.setdefault(vid, []).append(lang)
    certs: dict[int, set[str]] = {}
    if rows:
        for vid, name in session.exec(
            select(Certification.volunteer_id, Certification.name).where(
                Certification.volunteer_id.in_([v.id for v in rows])
            )
        ).all():
            certs.setdefault(vid, set()).add(name)
    query = {k: ("" if v is None else v) for k, v in f.items()}
    choices = _filter_choices(session)
    return render(
        request,
        "volunteers/list.html",
        principal,
        volunteers=rows,
        languages=langs,
        certs=certs,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        f=query,
        expiring=expiring_certifications(session),
        hood_names={n.id: n.name for n in choices["neighborhoods"]},
        **choices,
    )


def _volunteer_form(
    full_name: str, mobile: str, email: str, languages: str, home_zip: str, neighborhood_id: str,
    max_per_month: str, max_travel_km: str, notes: str, active: str | None, sms_consent: str | None,
) -> dict:  # fmt: skip
    langs = [p.strip().lower() for p in languages.replace(";", ",").split(",") if p.strip()]
    return {
        "full_name": full_name.strip(),
        "mobile": mobile.strip() or None,
        "email": email.strip() or None,
        "languages": langs or ["en"],
        "preferred_language": (langs or ["en"])[0],
        "home_zip": home_zip.strip() or None,
        "neighborhood_id": int(neighborhood_id) if neighborhood_id.strip().isdigit() else None,
        "max_assignments_per_month": max_per_month.strip() or None,
        "max_travel_km": max_travel_km.strip() or None,
        "notes": notes.strip(),
        "active": active is not None,
        "sms_consent": sms_consent is not None,
    }


def _errors(exc: Exception) -> dict[str, str]:
    """Form errors by field, from a validation error or a use-case error."""
    if isinstance(exc, ValidationError):
        out: dict[str, str] = {}
        for e in exc.errors():
            key = str(e["loc"][0]) if e["loc"] else "form"
            out.setdefault(key, str(e["msg"]).removeprefix("Value error, "))
        return out
    details = getattr(exc, "details", None) or [{"field": "form", "reason": str(exc)}]
    return {d.get("field") or "form": d["reason"] for d in details}


@router.get("/volunteers/new", response_class=HTMLResponse)
def new_volunteer_page(request: Request, session: SessionDep, principal: PageWriter):
    """The new-volunteer form."""
    return render(
        request, "volunteers/new.html", principal, form={"active": True, "sms_consent": True},
        errors={}, neighborhoods=_filter_choices(session)["neighborhoods"],
    )  # fmt: skip


@router.post("/volunteers/new")
def create_volunteer(
    request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf,
    full_name: FormStr = "", mobile: FormStr = "", email: FormStr = "", languages: FormStr = "en",
    home_zip: FormStr = "", neighborhood_id: FormStr = "", max_assignments_per_month: FormStr = "4",
    max_travel_km: FormStr = "", notes: FormStr = "", active: Annotated[str | None, Form()] = None,
    sms_consent: Annotated[str | None, Form()] = None,
):  # fmt: skip
    """Create a volunteer, or show the form again with each field's reason."""
    data = _volunteer_form(
        full_name, mobile, email, languages, home_zip, neighborhood_id,
        max_assignments_per_month, max_travel_km, notes, active, sms_consent,
    )  # fmt: skip
    try:
        volunteer = uc.create_volunteer(session, VolunteerCreate.model_validate(data))
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        shown = data | {
            "languages": languages,
            "max_assignments_per_month": max_assignments_per_month,
        }
        return render(
            request, "volunteers/new.html", principal, status_code=422, form=shown,
            errors=_errors(exc), neighborhoods=_filter_choices(session)["neighborhoods"],
        )  # fmt: skip
    return vol_forms.go(f"/volunteers/{volunteer.id}", f"{volunteer.full_name} was added.")


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
        neighborhoods=_filter_choices(session)["neighborhoods"] if principal.can_write else [],
        certifications=uc.certifications_of(session, volunteer.id),
        today=datetime.now(vol_forms.local_zone()).date(),
        soon=datetime.now(vol_forms.local_zone()).date() + timedelta(days=EXPIRY_DAYS),
        blackouts=vol_forms.blackouts_of(session, volunteer.id),
        upcoming=upcoming,
        past=past[:50],
        service=yearly_service(session, volunteer.id, year),
        year=year,
        day_names=vol_forms.DAY_NAMES,
        calendar_url=vol_forms.calendar_url(volunteer),
        **ctx,
    )


def _volunteer(session: Session, volunteer_id: int) -> Volunteer:
    return get_or_404(session, Volunteer, volunteer_id, what="volunteer")


@router.get("/volunteers/{volunteer_id}", response_class=HTMLResponse)
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
    data = _volunteer_form(
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
            request, session, principal, volunteer, 422, form=shown, errors=_errors(exc)
        )
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Details saved.")


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
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Availability saved.", "availability")


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
            request, session, principal, volunteer, 422, errors=_errors(exc) | {"blackout": exc.message},
            blackout_form={"start": start, "end": end, "reason": reason},
        )  # fmt: skip
    uc.add_blackout(session, volunteer.id, data)
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Blackout added.", "blackouts")


@router.post("/volunteers/{volunteer_id}/blackouts/{blackout_id}/delete")
def delete_blackout(
    volunteer_id: int, blackout_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Remove a blackout."""
    vol_forms.delete_blackout(session, _volunteer(session, volunteer_id).id, blackout_id)
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Blackout removed.", "blackouts")


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
        errors = {f"cert_{k}": v for k, v in _errors(exc).items()}
        return _profile(
            request, session, principal, volunteer, 422, errors=errors,
            cert_form={"name": name, "completed_on": completed_on, "expires_on": expires_on,
                       "training_hours": training_hours},
        )  # fmt: skip
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Certification recorded.", "certifications")


@router.post("/volunteers/{volunteer_id}/certifications/{cert_id}/delete")
def delete_certification(
    volunteer_id: int, cert_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Remove a certification recorded in error."""
    row = session.get(Certification, cert_id)
    if row is None or row.volunteer_id != _volunteer(session, volunteer_id).id:
        return vol_forms.go(
            f"/volunteers/{volunteer_id}", "That certification was already removed."
        )
    session.delete(row)
    return vol_forms.go(f"/volunteers/{volunteer_id}", "Certification removed.", "certifications")


@router.post("/volunteers/{volunteer_id}/self-service/send")
def send_self_service_link(
    volunteer_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Text the volunteer their self-service link."""
    volunteer = _volunteer(session, volunteer_id)
    try:
        if not selfservice.send_link(session, volunteer):
            return vol_forms.go(
                f"/volunteers/{volunteer_id}",
                "This number opted out of texts; the link was not sent.",
                "self-service",
            )
    except ConveneError as exc:
        return vol_forms.go(f"/volunteers/{volunteer_id}", exc.message, "self-service")
    return vol_forms.go(
        f"/volunteers/{volunteer_id}", "The link is on its way by text.", "self-service"
    )


@router.post("/volunteers/{volunteer_id}/self-service/revoke")
def revoke_self_service_links(
    volunteer_id: int, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Stop every self-service link sent so far from working."""
    selfservice.revoke_links(session, _volunteer(session, volunteer_id))
    return vol_forms.go(
        f"/volunteers/{volunteer_id}", "Earlier self-service links no longer work.", "self-service"
    )
