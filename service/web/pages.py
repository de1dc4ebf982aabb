"""The web pages (the full coordinator UI grows here)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import func
from sqlmodel import select

from service.deps import SessionDep
from service.models import Case, Hearing, Program, Volunteer

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[2] / "templates"))
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    """A landing page with the program's headline figures."""

    def count(model, *where):
        return session.exec(select(func.count()).select_from(model).where(*where)).one()

    figures = {
        "programs": count(Program),
        "volunteers": count(Volunteer, Volunteer.active),
        "cases": count(Case),
        "open_cases": count(Case, Case.status.in_(["referred", "scheduled", "heard", "agreement"])),
        "hearings": count(Hearing, Hearing.status == "scheduled"),
    }
    return TEMPLATES.TemplateResponse(request, "home.html", {"figures": figures})
