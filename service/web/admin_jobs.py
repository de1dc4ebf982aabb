"""The jobs page: what runs on its own, when each job last ran, how it went, and the next run."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from service.db import utcnow
from service.deps import SessionDep
from service.jobs.status import job_board
from service.web.admin_access import PageAdmin
from service.web.base import render

router = APIRouter(include_in_schema=False)


@router.get("/admin/jobs", response_class=HTMLResponse)
def jobs_page(request: Request, session: SessionDep, principal: PageAdmin):
    """Each periodic job with its last run, in words and the service's time zone."""
    return render(request, "admin/jobs.html", principal, jobs=job_board(session, utcnow()))
