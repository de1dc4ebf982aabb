"""A case's obligations on its page: hours, verification, payments, check-ins, dates, waivers, links.

Each form calls the use case the API calls (so each change is audited the same way) and, when it
is refused, shows the case page again with the reason next to the field and what was typed.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from sqlmodel import Session

from service.db import local_today
from service.deps import SessionDep
from service.errors import ConveneError, Invalid, NotFound
from service.models import Case, Obligation, Program
from service.models.base import CaseStatus
from service.outcomes import ledger, verify_link
from service.outcomes import obligations as ob_uc
from service.outcomes import queries as outcome_queries
from service.outcomes.obligation_view import day_text, money
from service.programs import program_zone
from service.schemas.outcomes import (
    CaseReturn,
    CheckInCreate,
    ObligationExtend,
    PaymentCreate,
    ServiceLogCreate,
    VerifyLinkCreate,
)
from service.web.base import Csrf, PageWriter, form_errors, redirect
from service.web.cases_pages import _case_page

router = APIRouter(include_in_schema=False)
BASE = "/cases/{case_id}/obligations/{obligation_id}"
CHECK_IN_WAYS = ("In person", "By phone", "By text message", "By video call")


def _load(session: Session, principal, case_id: int, obligation_id: int):
    """The obligation and its case, if the coordinator may change the case (404 otherwise)."""
    obligation, case = outcome_queries.load_obligation(
        session, obligation_id, principal, write=True
    )
    if obligation.case_id != case_id:
        raise NotFound(f"obligation {obligation_id} not found")
    return obligation, case


def _reasons(exc: ValidationError | ConveneError, values: dict) -> dict[str, str]:
    """The refusal by field, in words that repeat the value typed ("25 is too large: ...")."""
    return form_errors(exc)


def _done(case: Case, session: Session, what: str, obligation_id: int):
    session.flush()
    session.refresh(case)
    done = " The case is complete." if case.status == CaseStatus.completed else ""
    return redirect(f"/cases/{case.id}", f"{what}{done}", anchor=f"obligation-{obligation_id}")


async def _act(
    request: Request,
    session: Session,
    principal,
    case_id: int,
    obligation_id: int,
    action: str,
    do: Callable[[Case, Obligation, dict], str],
):
    """Run one obligation form: `do` changes the records and returns the notice to show."""
    obligation, case = _load(session, principal, case_id, obligation_id)
    form = await request.form()
    values = {k: form.get(k) for k in form.keys()}  # noqa: SIM118 (a multi-dict)
    values["log_ids"] = form.getlist("log_ids")
    try:
        notice = do(case, obligation, form)
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        return _case_page(
            request,
            session,
            principal,
            case,
            ob_form={
                "action": action,
                "id": obligation_id,
                "values": values,
                "errors": _reasons(exc, values),
            },
            status_code=422,
        )
    return _done(case, session, notice, obligation_id)


def _today_or(form, name: str, case: Case, session: Session):
    """A date field, or the program's today when it was left empty."""
    return form.get(name) or local_today(program_zone(session.get(Program, case.program_id)))


@router.post(BASE + "/hours")
async def log_hours(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Log hours toward an obligation; credited now only when the coordinator saw proof."""

    def do(case, obligation, form):
        data = ServiceLogCreate(
            worked_on=_today_or(form, "worked_on", case, session),
            hours=form.get("hours") or 0,
            site=(form.get("site") or "").strip(),
            verified=form.get("verified") == "on",
        )
        log = ledger.log_hours(session, case, obligation, data, actor=principal.actor)
        state = "verified" if log.status == "verified" else "reported, waiting for verification"
        return f"{data.hours:g} hours logged ({state})."

    return await _act(request, session, principal, case_id, obligation_id, "hours", do)


@router.post(BASE + "/verify")
async def verify_hours(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Verify the ticked reported entries in one step; the coordinator's name is kept on each."""

    def do(case, obligation, form):
        raw = form.getlist("log_ids")
        if not all((str(v).isascii() and str(v).isdigit()) for v in raw):
            raise Invalid(
                f"{', '.join(map(str, raw))} are not entries of the list", field="log_ids"
            )
        logs = ledger.verify_chosen(
            session, case, obligation, [int(v) for v in raw], verifier=principal.actor
        )
        hours = sum(log.hours for log in logs)
        return f"{hours:g} hours verified ({len(logs)} {'entry' if len(logs) == 1 else 'entries'})."

    return await _act(request, session, principal, case_id, obligation_id, "verify", do)


@router.post(BASE + "/payments")
async def record_payment(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Record a restitution payment; more than is still owed is refused."""

    def do(case, obligation, form):
        data = PaymentCreate(
            amount=(form.get("amount") or "0").replace("$", "").replace(",", "").strip(),
            paid_on=_today_or(form, "paid_on", case, session),
            method=(form.get("method") or "").strip(),
        )
        payment = ledger.record_payment(session, case, obligation, data, actor=principal.actor)
        return f"Payment of {money(payment.amount)} recorded."

    return await _act(request, session, principal, case_id, obligation_id, "payment", do)


@router.post(BASE + "/check-ins")
async def record_check_in(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Record a check-in (one a day): when, how, and a note."""

    def do(case, obligation, form):
        how = form.get("how") if form.get("how") in CHECK_IN_WAYS else ""
        note = (form.get("note") or "").strip()
        data = CheckInCreate(
            checked_in_on=_today_or(form, "checked_in_on", case, session),
            note=": ".join(part for part in (how, note) if part),
        )
        row = ledger.record_check_in(session, case, obligation, data, actor=principal.actor)
        return f"Check-in on {day_text(row.checked_in_on)} recorded."

    return await _act(request, session, principal, case_id, obligation_id, "check_in", do)


@router.post(BASE + "/extend")
async def extend(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Move the due date later, with the reason (kept in the case history)."""

    def do(case, obligation, form):
        data = ObligationExtend(
            due_date=form.get("due_date") or None, reason=(form.get("reason") or "").strip()
        )
        ob_uc.extend(session, case, obligation, data.due_date, data.reason, actor=principal.actor)
        return f"Now due {day_text(data.due_date)}."

    return await _act(request, session, principal, case_id, obligation_id, "extend", do)


@router.post(BASE + "/waive")
async def waive(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Excuse the obligation with the reason; it counts as met."""

    def do(case, obligation, form):
        data = CaseReturn(reason=(form.get("reason") or "").strip())
        ob_uc.waive(session, case, obligation, data.reason, actor=principal.actor)
        return "Waived."

    return await _act(request, session, principal, case_id, obligation_id, "waive", do)


@router.post(BASE + "/complete")
async def complete(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """Record proof that a letter, essay or class is done."""

    def do(case, obligation, form):
        note = (form.get("proof_note") or "").strip() or "Seen by coordinator"
        ob_uc.complete_with_proof(session, case, obligation, note, actor=principal.actor)
        return "Marked done."

    return await _act(request, session, principal, case_id, obligation_id, "complete", do)


@router.post(BASE + "/verify-link", response_class=HTMLResponse)
async def supervisor_link(
    case_id: int,
    obligation_id: int,
    request: Request,
    session: SessionDep,
    principal: PageWriter,
    _csrf: Csrf,
):
    """A signed link the service site's supervisor opens to confirm reported hours."""
    obligation, case = _load(session, principal, case_id, obligation_id)
    form = await request.form()
    try:
        data = VerifyLinkCreate(ttl_days=form.get("ttl_days") or 14)
        url, expires_on = verify_link.issue(
            session, case, obligation, data.ttl_days, actor=principal.actor
        )
    except (ValidationError, ConveneError) as exc:
        session.rollback()
        return _case_page(
            request, session, principal, case,
            ob_form={"action": "link", "id": obligation_id, "values": dict(form.items()),
                     "errors": _reasons(exc, dict(form.items()))},
            status_code=422,
        )  # fmt: skip
    # Shown once on the page rather than redirected to: the link is a key and stays out of URLs.
    return _case_page(
        request,
        session,
        principal,
        case,
        ob_link={"id": obligation_id, "url": url, "expires": day_text(expires_on)},
    )
