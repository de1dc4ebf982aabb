"""A booked hearing switched between in person and online (or given a new meeting link)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import ValidationError

from service.deps import SessionDep
from service.errors import ConveneError, Invalid
from service.hearings import booking as uc
from service.hearings import meetings
from service.hearings.queries import load_hearing
from service.schemas.hearings import HearingUpdate
from service.web.base import Csrf, PageWriter, confirm_page, confirmed, form_errors, redirect
from service.web.hearings_pages import hearing_page_again

router = APIRouter(include_in_schema=False)


@router.post("/hearings/{hearing_id}/mode")
async def switch_mode(
    hearing_id: int, request: Request, session: SessionDep, principal: PageWriter, _csrf: Csrf
):
    """Hold a hearing online or in person at the same time: first say who will be told, then
    everyone on it gets the new place or link (texts and updated invitations)."""
    hearing = load_hearing(session, hearing_id, principal)
    form = await request.form()
    typed = {k: str(form.get(k) or "").strip() for k in ("venue_id", "meeting_url")}
    try:
        if not typed["venue_id"].isdigit():
            raise Invalid("choose where the hearing is held", field="venue_id")
        data = HearingUpdate(
            venue_id=int(typed["venue_id"]), meeting_url=typed["meeting_url"] or None
        )
        if not confirmed(form):
            told = uc.preview_update(session, hearing, data, principal)
            return confirm_page(
                request,
                principal,
                title="Change where the hearing is held",
                question=meetings.mode_question(session, hearing, data),
                lead="Same time. Everyone on the hearing gets a text with the new place or "
                "link; calendar invitations are updated.",
                action=f"/hearings/{hearing_id}/mode",
                fields={k: v for k, v in typed.items() if v},
                audience=told,
                yes="Yes, change it and tell them",
                back=f"/hearings/{hearing_id}",
            )
        uc.update_hearing(session, hearing, data, principal)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        errors = form_errors(exc)
        message = (
            errors.get("meeting_url")
            or errors.get("venue_id")
            or next(iter(errors.values()), "check the venue and the link")
        )
        field = "meeting_url" if "meeting_url" in errors else "venue_id"
        return hearing_page_again(
            request, session, principal, hearing_id, {f"mode_{field}": message}, typed
        )
    return redirect(f"/hearings/{hearing_id}", "Changed; everyone on the hearing is told")
