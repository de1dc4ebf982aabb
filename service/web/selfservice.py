"""The volunteer's self-service page: a signed, expiring, revocable link instead of a password."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from babel.dates import get_day_names
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from notifications import i18n
from service.cases.notes import mediator_notes
from service.config import get_settings
from service.deps import SessionDep
from service.errors import ConveneError, Forbidden, Invalid, NotFound
from service.messaging.wording import role_label
from service.models import Volunteer
from service.models.base import ACTIVE_SEAT_STATUSES, WEEKDAYS, SeatStatus
from service.panels import repair
from service.volunteers import links as volunteer_links
from service.volunteers import roster as roster_uc
from service.volunteers import roster as uc
from service.volunteers.links import volunteer_for_token
from service.web import vol_forms
from service.web.base import CSRF_FIELD, redirect, render

router = APIRouter(include_in_schema=False)
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _csrf(token: str) -> str:
    # No session cookie here: the form token is bound to the link itself.
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"self-csrf|" + token.encode(), hashlib.sha256).hexdigest()[:40]


async def _check_csrf(request: Request, token: str) -> None:
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        sent = str((await request.form()).get(CSRF_FIELD, ""))
    if not hmac.compare_digest(sent, _csrf(token)):
        raise Forbidden("the page expired; open your link again")


def language_of(volunteer: Volunteer) -> str:
    """The language of the volunteer's pages: their preferred one if the catalog has it."""
    return i18n.pick(volunteer.preferred_language)


def _volunteer(token: str, request: Request, session: SessionDep) -> Volunteer:
    # Errors on these pages (an expired form, a dead link) speak the volunteer's language,
    # or the browser's when the link no longer says whose it is.
    try:
        volunteer = volunteer_for_token(session, token)
    except NotFound:
        request.state.lang = i18n.negotiate(request.headers.get("accept-language"))
        raise
    request.state.lang = language_of(volunteer)
    return volunteer


SelfVolunteer = Annotated[Volunteer, Depends(_volunteer)]
SelfCsrf = Annotated[None, Depends(_check_csrf)]


def _page(
    request: Request,
    session: Session,
    volunteer: Volunteer,
    token: str,
    *,
    status_code: int = 200,
    **ctx,
) -> HTMLResponse:
    upcoming, past = vol_forms.seats_of(
        session, volunteer.id, statuses=("invited", "accepted", "declined")
    )
    # Mediation notes of the cases of the meetings shown, for seats still held (audited).
    held = {s.case_id for s in upcoming if s.status in ACTIVE_SEAT_STATUSES}
    rows = ctx.pop("rows", None)
    if rows is None:
        rows = vol_forms.rows_from_windows(uc.availability_of(session, volunteer.id))
    lang = language_of(volunteer)
    days = get_day_names("wide", locale=lang)
    response = render(
        request,
        "selfservice/me.html",
        None,
        status_code=status_code,
        csrf=_csrf(token),
        volunteer=volunteer,
        base=f"/me/{token}",
        upcoming=upcoming,
        notes=mediator_notes(session, volunteer, held),
        past=[s for s in past if s.status == SeatStatus.accepted][:10],
        rows=rows,
        day_names={code: days[i] for i, code in enumerate(WEEKDAYS)},
        page_lang=lang,
        role_of=lambda role: role_label(role, lang),
        blackouts=vol_forms.blackouts_of(session, volunteer.id, upcoming_only=True),
        calendar_url=volunteer_links.calendar_url(volunteer),
        blackout_error=ctx.pop("blackout_error", None),
        **ctx,
    )
    response.headers.update(NO_STORE)
    return response


@router.get("/me/{token}", response_class=HTMLResponse)
def me(token: str, request: Request, session: SessionDep):
    """The volunteer's page: availability, blackouts, assignments, calendar link."""
    try:
        volunteer = volunteer_for_token(session, token)
    except NotFound:
        # One plain page for unknown, tampered, expired and revoked links alike, in the
        # browser's language: the token no longer says whose it is.
        lang = i18n.negotiate(request.headers.get("accept-language"))
        response = render(
            request, "selfservice/invalid.html", None, status_code=404, page_lang=lang
        )
        response.headers.update(NO_STORE)
        return response
    return _page(request, session, volunteer, token)


def _say(volunteer: Volunteer, message: str, **values: object) -> str:
    """A notice in the volunteer's language."""
    return i18n.gettext(language_of(volunteer), message, **values)


def _refusal(volunteer: Volunteer, exc: ConveneError) -> str:
    """A use case's refusal in the volunteer's language; a plain one if it has no translation."""
    lang = language_of(volunteer)
    if i18n.has(lang, exc.message):
        return i18n.gettext(lang, exc.message)
    return i18n.gettext(lang, "That could not be done. Please call your coordinator.")


@router.post("/me/{token}/availability")
def save_availability(
    token: str,
    request: Request,
    session: SessionDep,
    volunteer: SelfVolunteer,
    _csrf: SelfCsrf,
    day: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    start: Annotated[list[str], Form()] = [],  # noqa: B006
    end: Annotated[list[str], Form()] = [],  # noqa: B006
):
    """Replace the weekly availability, or show each bad row's reason next to it."""
    rows, windows = vol_forms.parse_availability(day, start, end, lang=language_of(volunteer))
    if windows is None:
        return _page(request, session, volunteer, token, rows=rows, status_code=422)
    uc.set_availability(session, volunteer.id, windows)
    return redirect(
        f"/me/{token}",
        anchor="availability",
        flash=_say(volunteer, "Your availability is saved. Thank you!"),
    )


@router.post("/me/{token}/blackouts")
def add_blackout(
    token: str,
    request: Request,
    session: SessionDep,
    volunteer: SelfVolunteer,
    _csrf: SelfCsrf,
    start: Annotated[str, Form()] = "",
    end: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
):
    """Add days the volunteer cannot sit."""
    try:
        data = vol_forms.parse_blackout(start, end, reason)
    except ConveneError as exc:
        return _page(
            request,
            session,
            volunteer,
            token,
            status_code=422,
            blackout_error={"field": exc.details[0]["field"], "reason": _refusal(volunteer, exc)},
            blackout_form={"start": start, "end": end, "reason": reason},
        )
    uc.add_blackout(session, volunteer.id, data)
    return redirect(
        f"/me/{token}", anchor="blackouts", flash=_say(volunteer, "Those days are blocked.")
    )


@router.post("/me/{token}/blackouts/{blackout_id}/delete")
def delete_blackout(
    token: str, blackout_id: int, session: SessionDep, volunteer: SelfVolunteer, _csrf: SelfCsrf
):
    """Remove a blackout."""
    roster_uc.delete_blackout(session, volunteer.id, blackout_id)
    return redirect(
        f"/me/{token}", anchor="blackouts", flash=_say(volunteer, "Those days are open again.")
    )


@router.post("/me/{token}/seats/{seat_id}/accept")
def accept(
    token: str, seat_id: int, session: SessionDep, volunteer: SelfVolunteer, _csrf: SelfCsrf
):
    """Accept an invited seat."""
    try:
        repair.accept_own(session, volunteer, seat_id)
    except Invalid as exc:
        return redirect(f"/me/{token}", anchor="assignments", flash=_refusal(volunteer, exc))
    return redirect(
        f"/me/{token}", anchor="assignments", flash=_say(volunteer, "Thank you: you are confirmed.")
    )


@router.post("/me/{token}/seats/{seat_id}/decline")
def decline(
    token: str, seat_id: int, session: SessionDep, volunteer: SelfVolunteer, _csrf: SelfCsrf
):
    """Decline a seat; another volunteer is asked to cover it."""
    try:
        repair.give_up_own(session, volunteer, seat_id)
    except Invalid as exc:
        return redirect(f"/me/{token}", anchor="assignments", flash=_refusal(volunteer, exc))
    return redirect(
        f"/me/{token}",
        anchor="assignments",
        flash=_say(volunteer, "Thank you for letting us know."),
    )


@router.post("/me/{token}/calendar")
def calendar(
    token: str, session: SessionDep, volunteer: SelfVolunteer, _csrf: SelfCsrf
) -> Response:
    """Issue the calendar-feed link if there is none yet, and show it."""
    volunteer_links.ensure_calendar_url(session, volunteer)
    return redirect(
        f"/me/{token}", anchor="calendar", flash=_say(volunteer, "Your calendar link is ready.")
    )
