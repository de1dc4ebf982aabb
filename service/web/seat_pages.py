"""Seats by hand on the hearing page: find a volunteer for an empty seat, or replace one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.hearings.queries import hearing_zone, load_hearing
from service.models import Hearing
from service.panels import by_hand
from service.panels.seat_finder import find
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


def _int(value, field: str, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Invalid(f"{field} {value!r} is not {what}", field=field) from None


def _find_page(
    request: Request,
    session: Session,
    principal,
    hearing: Hearing,
    *,
    role: str | None,
    replace: int | None,
    error: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    finding = find(session, hearing, role=role, replace=replace)
    return render(
        request,
        "hearings/find.html",
        principal,
        zone=hearing_zone(session, hearing),
        status_code=status_code,
        f=finding,
        hearing=hearing,
        error=error,
    )


@router.get("/hearings/{hearing_id}/seats/find", response_class=HTMLResponse)
def find_page(
    hearing_id: int,
    request: Request,
    session: SessionDep,
    principal: PageUser,
    role: str | None = None,
    replace: str | None = None,
) -> HTMLResponse:
    """The volunteers who can take one seat, best first with why, and who cannot with why not."""
    hearing = load_hearing(session, hearing_id, principal)
    seat_id = _int(replace, "replace", "a seat number") if replace else None
    if seat_id is None and not role:
        raise Invalid("say which seat: ?role=panelist, or ?replace= a seat number", field="role")
    return _find_page(request, session, principal, hearing, role=role, replace=seat_id)


@router.post("/hearings/{hearing_id}/seats/fill")
async def fill(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Invite the chosen volunteer to an empty seat: text and calendar invite go out."""
    hearing = load_hearing(session, hearing_id, principal)
    form = await request.form()
    role = str(form.get("role") or "")
    try:
        volunteer_id = _int(form.get("volunteer_id"), "volunteer_id", "a volunteer number")
        seat = by_hand.fill_seat(session, hearing, role, volunteer_id, principal)
    except ConveneError as exc:
        session.rollback()
        message = "; ".join(form_errors(exc).values())
        hearing = load_hearing(session, hearing_id, principal)
        return _find_page(
            request,
            session,
            principal,
            hearing,
            role=role,
            replace=None,
            error=message,
            status_code=exc.status_code if exc.status_code in (409, 422) else 422,
        )
    return redirect(
        f"/hearings/{hearing_id}",
        "Invited; their invitation text and calendar invite are on their way",
        anchor=f"seat-{seat.id}",
    )


@router.post("/hearings/{hearing_id}/seats/{seat_id}/replace")
async def replace(
    hearing_id: int,
    seat_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Replace a seated volunteer: first say who will be told, then invite the new one and
    send the leaving one a cancellation."""
    hearing = load_hearing(session, hearing_id, principal)
    form = await request.form()
    try:
        volunteer_id = _int(form.get("volunteer_id"), "volunteer_id", "a volunteer number")
        if not confirmed(form):
            finding, pick, told = by_hand.replacement(
                session, hearing, seat_id, volunteer_id, principal
            )
            return confirm_page(
                request,
                principal,
                title="Replace a volunteer",
                question=f"Replace {finding.leaving_name} with {pick.name} "
                f"as {finding.role_words.lower()}?",
                lead=f"{pick.name} is invited; {finding.leaving_name} is told they are no "
                "longer needed.",
                action=f"/hearings/{hearing_id}/seats/{seat_id}/replace",
                fields={"volunteer_id": volunteer_id},
                audience=told,
                yes="Yes, replace and tell them",
                back=f"/hearings/{hearing_id}/seats/find?replace={seat_id}",
            )
        seat = by_hand.replace_seat(session, hearing, seat_id, volunteer_id, principal)
    except ConveneError as exc:
        session.rollback()
        message = "; ".join(form_errors(exc).values())
        hearing = load_hearing(session, hearing_id, principal)
        return _find_page(
            request,
            session,
            principal,
            hearing,
            role=None,
            replace=seat_id,
            error=message,
            status_code=exc.status_code if exc.status_code in (409, 422) else 422,
        )
    return redirect(
        f"/hearings/{hearing_id}",
        "Replaced; the new volunteer is invited and the one leaving is told",
        anchor=f"seat-{seat.id}",
    )
