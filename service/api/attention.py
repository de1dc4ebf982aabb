"""What waits for a coordinator, as JSON: the dashboard's inbox for other systems and scripts."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel

from service.deps import CurrentUser, SessionDep
from service.errors import ERROR_RESPONSES
from service.freshness import FreshAfter
from service.reports.dashboard import attention

router = APIRouter(tags=["dashboard"], responses=ERROR_RESPONSES)


class InboxItem(BaseModel):
    """A text that needs a person (unclear, unknown sender, or a request for another time)."""

    id: int
    from_number: str
    body: str
    intent: str | None
    case_id: int | None
    received_at: datetime


class UndeliveredItem(BaseModel):
    """A message that failed, or could not be sent (opted out)."""

    id: int
    to: str
    kind: str | None
    status: str
    error_code: str | None
    case_id: int | None


class UnansweredItem(BaseModel):
    """An invitation with no answer after two days."""

    seat_id: int
    volunteer_id: int
    volunteer_name: str
    hearing_id: int
    invited_at: datetime | None


class FlaggedHearing(BaseModel):
    """A hearing that needs a decision (a reschedule request, seats without a volunteer...)."""

    hearing_id: int
    case_id: int
    reason: str


class OverdueItem(BaseModel):
    """An obligation past its due date."""

    obligation_id: int
    case_id: int
    label: str
    due_date: date


class TodoItem(BaseModel):
    """One thing to do, in words, with the page where it is done."""

    url: str | None
    label: str
    detail: str


class TodoList(BaseModel):
    """One list of Today's to-do: its first items and how many there are in all."""

    key: str
    title: str
    total: int
    items: list[TodoItem]


class Attention(BaseModel):
    """Everything waiting for a person, in the caller's programs."""

    inbox: list[InboxItem]
    undelivered: list[UndeliveredItem]
    unanswered_invitations: list[UnansweredItem]
    hearings: list[FlaggedHearing]
    overdue_obligations: list[OverdueItem]
    todo: list[TodoList] = []


@router.get("/attention", response_model=Attention)
def get_attention(session: SessionDep, principal: CurrentUser, fresh_after: FreshAfter) -> Response:
    """Replies to read, texts not delivered, unanswered invitations, hearings and obligations to
    act on; `todo` holds the lists of the Today page, in words, with the page of each item.

    The lists are computed at most a few seconds ago (`CONVENE_TODAY_SHARED_SECONDS`, 5), once
    for every caller who sees the same programs; send `Cache-Control: no-cache` for lists
    computed now, for instance right after a change of yours."""
    a = attention(session, principal, fresh_after=fresh_after)
    return Response(_body(a), media_type="application/json")


# The last lists' JSON, with the shared lists it was made from. Those lists are the same objects
# for every caller of a program scope for a few seconds (reports/shared.py); building a few
# hundred models to say the same JSON again was two thirds of a call's time.
_last: tuple[object, object, bytes] | None = None


def _body(a: dict) -> bytes:
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is a["inbox"] and last[1] is a["todo"]:
        return last[2]
    body = _attention(a).model_dump_json(by_alias=True).encode()
    _last = (a["inbox"], a["todo"], body)
    return body


def _attention(a: dict) -> Attention:
    # Built from rows Convene stored and lists it wrote itself: constructed, not validated again
    # (a few hundred small models a call; the JSON is the same).
    return Attention.model_construct(
        todo=[
            TodoList.model_construct(
                key=t["key"],
                title=t["title"],
                total=t["total"],
                items=[
                    TodoItem.model_construct(url=i["url"], label=i["label"], detail=i["detail"])
                    for i in t["items"]
                ],
            )
            for t in a["todo"]
        ],
        inbox=[
            InboxItem.model_construct(
                id=m.id,
                from_number=m.from_number,
                body=m.body,
                intent=m.intent,
                case_id=m.case_id,
                received_at=m.received_at,
            )
            for m in a["inbox"]
        ],
        undelivered=[
            UndeliveredItem.model_construct(
                id=m.id,
                to=m.to_address,
                kind=m.kind,
                status=m.status,
                error_code=m.error_code,
                case_id=m.case_id,
            )
            for m in a["undelivered"]
        ],
        unanswered_invitations=[
            UnansweredItem.model_construct(
                seat_id=s.id,
                volunteer_id=v.id,
                volunteer_name=v.full_name,
                hearing_id=h.id,
                invited_at=s.invited_at,
            )
            for s, v, h in a["unanswered"]
        ],
        hearings=[
            FlaggedHearing.model_construct(hearing_id=h.id, case_id=c.id, reason=h.needs_attention)
            for h, c in a["flagged"]
        ],
        overdue_obligations=[
            OverdueItem.model_construct(
                obligation_id=o.id, case_id=c.id, label=o.label or o.kind, due_date=o.due_date
            )
            for o, c in a["overdue"]
        ],
    )
