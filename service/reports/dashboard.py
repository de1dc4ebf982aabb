"""What waits for a coordinator, as the Today page and as the API's attention list.

Both are shared between callers who see the same programs for a few seconds (shared.py);
reading texts' bodies and numbers is written to the audit trail for each caller, shared or not.
"""

from __future__ import annotations

from sqlmodel import Session

from service import audit
from service.accounts.auth import Principal
from service.reports.attention import upcoming, waiting
from service.reports.shared import shared
from service.reports.todo import BUILDERS, LIMIT_ALL, todo

# Items each list shows on Today; the rest are on the list's own page (`todo_list`).
TODAY_SHOWN = 10


def _todo(session: Session, principal: Principal, fresh_after: float | None) -> list[dict]:
    return shared(
        session, principal, "todo", lambda: todo(session, principal), fresh_after=fresh_after
    )


def today_page(session: Session, principal: Principal, *, fresh_after: float | None = None) -> dict:
    """What the Today page shows: the to-do lists and the hearings of the next seven days."""
    hearings = shared(
        session,
        principal,
        "upcoming",
        lambda: upcoming(session, principal),
        fresh_after=fresh_after,
    )
    sections = [
        s | {"items": s["items"][:TODAY_SHOWN], "more": max(0, s["total"] - TODAY_SHOWN)}
        for s in _todo(session, principal, fresh_after)
    ]
    _note_texts_shown(session, principal, sections)
    return {"sections": sections, "hearings": hearings}


def _note_texts_shown(session: Session, principal: Principal, sections: list[dict]) -> None:
    """People's own words shown to this caller go on the audit trail, as the attention list's do."""
    ids = [i["inbound_id"] for s in sections for i in s["items"] if i.get("inbound_id")]
    if ids:
        audit.by(session, principal, "read", "today", detail=f"texts received {ids}")


def todo_list(session: Session, principal: Principal, key: str) -> dict | None:
    """One of Today's lists whole (up to `LIMIT_ALL` items), or None for a list there is not."""
    if key not in BUILDERS:
        return None
    section = todo(session, principal, keys=[key], limit=LIMIT_ALL)[0]
    _note_texts_shown(session, principal, [section])
    return section


def attention(session: Session, principal: Principal, *, fresh_after: float | None = None) -> dict:
    """Everything waiting for a person (`waiting`'s lists) and Today's to-do lists (`todo`)."""
    lists = shared(
        session, principal, "waiting", lambda: waiting(session, principal), fresh_after=fresh_after
    )
    # Participants' and volunteers' own words and numbers: who read which is on the trail.
    audit.by(
        session, principal, "read", "attention",
        detail=f"texts received {[m.id for m in lists['inbox']]}, "
        f"undelivered {[m.id for m in lists['undelivered']]}",
    )  # fmt: skip
    return lists | {"todo": _todo(session, principal, fresh_after)}
