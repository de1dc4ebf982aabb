"""The service site supervisor's page: confirm a participant's hours from a signed link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from service.deps import SessionDep
from service.errors import ConveneError, NotFound
from service.outcomes import verify_link
from service.web.base import TEMPLATES

router = APIRouter(include_in_schema=False)


@router.get("/verify/{token}", response_class=HTMLResponse)
def verify_page(token: str, request: Request, session: SessionDep) -> HTMLResponse:
    """The supervisor's page: hours waiting for confirmation, and a form to confirm them."""
    try:
        ctx = verify_link.page_context(session, token)
    except NotFound as exc:
        return TEMPLATES.TemplateResponse(
            request, "verify.html", {"error": exc.message}, status_code=404
        )
    return TEMPLATES.TemplateResponse(request, "verify.html", ctx)


@router.post("/verify/{token}", response_class=HTMLResponse)
def verify_submit(
    token: str,
    request: Request,
    session: SessionDep,
    verifier_name: Annotated[str, Form(min_length=2, max_length=120)],
    log_ids: Annotated[list[int] | None, Form()] = None,
) -> HTMLResponse:
    """Confirm the hours; the supervisor's name is kept on each entry."""
    try:
        confirmed = verify_link.confirm(session, token, verifier_name.strip(), log_ids or [])
    except ConveneError as exc:
        session.rollback()
        return TEMPLATES.TemplateResponse(
            request, "verify.html", {"error": exc.message}, status_code=exc.status_code
        )
    ctx = verify_link.page_context(session, token) | {
        "confirmed_hours": sum(log.hours for log in confirmed),
        "confirmed_count": len(confirmed),
    }
    return TEMPLATES.TemplateResponse(request, "verify.html", ctx)
