"""Signed, expiring links that let a service-site supervisor confirm reported hours, nothing else."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from service.cases import referrals as case_uc
from service.config import get_settings
from service.errors import Invalid, NotFound
from service.models import Case, Obligation, Program, ServiceLog
from service.outcomes import ledger
from service.outcomes.wording import HOURS_KINDS
from service.security import short_sign, short_unsign

# Its own purpose string: a calendar or self-service token can never open this page.
PURPOSE = "verify-hours"


def make_link(obligation: Obligation, ttl_days: int) -> tuple[str, date]:
    """The URL a supervisor opens, and the last day it works."""
    settings = get_settings()
    token = short_sign(settings.secret_key, PURPOSE, obligation.id, ttl_days)
    # short_sign counts whole UTC days: the link works through the UTC day it names.
    expires_on = datetime.fromtimestamp(0, UTC).date() + timedelta(
        days=int(time.time() // 86400) + ttl_days
    )
    return f"{settings.public_base_url}/verify/{token}", expires_on


def issue(
    session: Session, case: Case, obligation: Obligation, ttl_days: int, *, actor: str
) -> tuple[str, date]:
    """Make a supervisor's link for an hours obligation; the case history says who made it."""
    if obligation.kind not in HOURS_KINDS:
        raise Invalid(f"a {obligation.kind} obligation has no hours to confirm", field="obligation")
    url, expires_on = make_link(obligation, ttl_days)
    case_uc.add_event(
        session, case, "verify_link", actor=actor,
        detail=f"hours link for obligation {obligation.id}, valid to {expires_on}",
    )  # fmt: skip
    return url, expires_on


def resolve(session: Session, token: str) -> tuple[Obligation, Case, Program]:
    """The obligation behind a valid token; any bad, expired or foreign token is a 404."""
    ident = short_unsign(get_settings().secret_key, PURPOSE, token)
    obligation = session.get(Obligation, ident) if ident is not None else None
    if obligation is None or obligation.kind not in HOURS_KINDS:
        raise NotFound("this link is not valid or has expired; ask the program for a new one")
    case = session.get(Case, obligation.case_id)
    return obligation, case, session.get(Program, case.program_id)


def page_context(session: Session, token: str) -> dict:
    """What the supervisor sees: the program, the site hours pending, nothing about the case."""
    obligation, case, program = resolve(session, token)
    return {
        "program_name": program.name,
        "closed": case.status in case_uc.CLOSED,
        "logs": ledger.pending_logs(session, obligation.id),
    }


def confirm(session: Session, token: str, verifier: str, log_ids: list[int]) -> list[ServiceLog]:
    """Confirm the chosen pending entries (all pending ones when none are chosen)."""
    obligation, case, _program = resolve(session, token)
    pending = ledger.pending_logs(session, obligation.id)
    chosen = [log for log in pending if not log_ids or log.id in log_ids]
    if log_ids and len(chosen) != len(set(log_ids)):
        raise Invalid("some of those entries are not waiting for confirmation", field="log_ids")
    return ledger.verify_hours(
        session, case, obligation, chosen, verifier=f"{verifier} (site link)"
    )
