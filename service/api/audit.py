"""The audit trail for administrators: search and export (it is append-only; nothing here writes)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from service import audit
from service.api.common import PageDep
from service.deps import Admin, SessionDep
from service.errors import ERROR_RESPONSES
from service.schemas.common import AwareDatetime, Page

router = APIRouter(prefix="/audit-events", tags=["admin"], responses=ERROR_RESPONSES)
EXPORT_LIMIT = 100_000


class AuditEventPublic(BaseModel):
    """Who did what to which record, when, from where, and how it ended."""

    id: int
    at: datetime
    actor: str
    user_id: int | None
    action: str
    entity: str
    entity_id: str | None
    ip: str | None
    outcome: str
    detail: str


Str = Annotated[str | None, Query(max_length=100)]


@router.get("", response_model=Page[AuditEventPublic])
def search(
    session: SessionDep,
    principal: Admin,
    page: PageDep,
    actor: Str = None,
    action: Str = None,
    entity: Str = None,
    entity_id: Str = None,
    outcome: Str = None,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> Page[AuditEventPublic]:
    """Search the audit trail, newest first."""
    rows, total = audit.search(
        session,
        audit.Filter(actor, action, entity, entity_id, outcome, start, end),
        limit=page.limit,
        offset=page.offset,
    )
    return Page(
        items=[AuditEventPublic.model_validate(r.model_dump()) for r in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the matching events as CSV"}},
)
def export(
    session: SessionDep,
    principal: Admin,
    actor: Str = None,
    action: Str = None,
    entity: Str = None,
    entity_id: Str = None,
    outcome: Str = None,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> Response:
    """The matching events as CSV (at most 100,000 rows; narrow the period for more)."""
    out = io.StringIO()
    fields = list(AuditEventPublic.model_fields)
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    rows, _ = audit.search(
        session,
        audit.Filter(actor, action, entity, entity_id, outcome, start, end),
        limit=EXPORT_LIMIT,
        count=False,
    )
    for row in rows:
        data = row.model_dump()
        writer.writerow({k: data[k].isoformat() if k == "at" else data[k] for k in fields})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="convene-audit.csv"'},
    )
