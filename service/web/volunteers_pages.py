"""Volunteer pages: search and filters, certifications about to expire, the new-volunteer form;
the profile (vol_profile) is included here; the CSV import is in import_pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service.deps import SessionDep
from service.errors import ConveneError
from service.schemas.volunteers import VolunteerCreate
from service.volunteers import queries
from service.volunteers import roster as uc
from service.web import vol_forms
from service.web.base import Csrf, PageUser, PageWriter, form_errors, redirect, render
from service.web.vol_profile import router as profile_router

router = APIRouter(include_in_schema=False)
PER_PAGE = 25
EXPIRY_DAYS = vol_forms.EXPIRY_DAYS
FormStr = Annotated[str, Form()]


def _filter_choices(session: Session) -> dict:
    return queries.filter_choices(session)


def expiring_certifications(session: Session, within_days: int = EXPIRY_DAYS) -> list:
    """Certifications of active volunteers that expire within the next days, soonest first."""
    return queries.expiring_certifications(session, vol_forms.local_zone(), within_days)


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
        "neighborhood_id": int(neighborhood_id)
        if (neighborhood_id.isascii() and neighborhood_id.isdigit())
        else None,
        "active": active if active in ("yes", "no", "all") else "yes",
    }
    page = max(page, 1)
    rows, total = queries.search(
        session,
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
        q=f["q"],
        language=f["language"],
        certification=f["certification"],
        neighborhood_id=f["neighborhood_id"],
        active={"yes": True, "no": False}.get(f["active"]),
    )
    langs, certs = queries.languages_and_certifications(session, [v.id for v in rows])
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
    data = vol_forms.volunteer_form(
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
            errors=form_errors(exc), neighborhoods=_filter_choices(session)["neighborhoods"],
        )  # fmt: skip
    return redirect(f"/volunteers/{volunteer.id}", f"{volunteer.full_name} was added.")


# Last, so /volunteers/new and /volunteers/import win over /volunteers/{volunteer_id}.
router.include_router(profile_router)
