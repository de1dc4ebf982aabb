"""A case's obligations as the case page shows them: in words, with their ledgers and overdue flag.

"Overdue" here is `progress.is_overdue` on the program's local date, the rule Today uses, so an
obligation past its due date shows as overdue before the nightly job has flagged it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from service.db import local_today
from service.models import Case, Obligation, Program
from service.models.base import ObligationStatus, ServiceLogStatus
from service.outcomes import progress, queries
from service.outcomes.wording import HOURS_KINDS, PROOF_KINDS, kind_label, progress_text
from service.programs import program_zone

LOG_WORDS = {
    ServiceLogStatus.reported: "Reported, not verified",
    ServiceLogStatus.verified: "Verified",
    ServiceLogStatus.rejected: "Rejected",
}


def money(amount: float) -> str:
    """'$1,250.00'."""
    return f"${amount:,.2f}"


def day_text(day: date | None) -> str:
    """'Fri Jan 16, 2027' (a calendar date: it is already the program's local date)."""
    return f"{day:%a %b} {day.day}, {day.year}" if day else ""


def moment_text(moment: datetime | None, zone: ZoneInfo) -> str:
    """'Fri Jan 16, 2027, 6:30 PM' in the program's time zone."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)
    return f"{day_text(local.date())}, {local.strftime('%I:%M %p').lstrip('0')}"


def _hours(value: float) -> str:
    return f"{value:g} hour" + ("" if value == 1 else "s")


@dataclass
class ObligationView:
    """One obligation in words, with its ledger; `kind` and `status` stay for the page's choices."""

    id: int
    kind: str
    status: str
    group: str  # "hours", "payment", "check_in" or "proof": which ledger and forms apply
    title: str
    kind_words: str
    due_date: date
    due_text: str
    status_words: str
    overdue: bool
    is_open: bool
    progress: str
    reported: float
    reported_text: str
    owed_text: str = ""
    proof_note: str = ""
    logs: list[dict] = field(default_factory=list)
    payments: list[dict] = field(default_factory=list)
    check_ins: list[dict] = field(default_factory=list)

    @property
    def pending(self) -> list[dict]:
        """Service log entries still waiting for verification."""
        return [log for log in self.logs if log["pending"]]


def _group(kind: str) -> str:
    if kind in HOURS_KINDS:
        return "hours"
    if kind == "restitution":
        return "payment"
    if kind == "check_in":
        return "check_in"
    return "proof"


def _status_words(obligation: Obligation, overdue: bool) -> str:
    if obligation.status == ObligationStatus.waived:
        return f"Waived: {obligation.proof_note}" if obligation.proof_note else "Waived"
    if obligation.status == ObligationStatus.completed:
        return "Completed"
    return "Overdue" if overdue else "Open"


def _ledgers(session: Session, obligation: Obligation, group: str, zone: ZoneInfo) -> dict:
    if group == "hours":
        return {
            "logs": [
                {
                    "id": log.id,
                    "worked_on": day_text(log.worked_on),
                    "hours": _hours(log.hours),
                    "site": log.site,
                    "status_words": LOG_WORDS.get(ServiceLogStatus(log.status), log.status),
                    "pending": log.status == ServiceLogStatus.reported,
                    "reported_by": log.reported_by,
                    "verified_by": log.verified_by or "",
                    "verified_at": moment_text(log.verified_at, zone),
                }
                for log in queries.service_logs(session, obligation)
            ]
        }
    if group == "payment":
        return {
            "payments": [
                {
                    "amount": money(p.amount),
                    "paid_on": day_text(p.paid_on),
                    "method": p.method,
                    "recorded_by": p.recorded_by,
                }
                for p in queries.payments(session, obligation)
            ]
        }
    if group == "check_in":
        return {
            "check_ins": [
                {"on": day_text(c.checked_in_on), "note": c.note, "recorded_by": c.recorded_by}
                for c in queries.check_ins(session, obligation)
            ]
        }
    return {}


def obligation_view(
    session: Session, obligation: Obligation, today: date, zone: ZoneInfo
) -> ObligationView:
    """One obligation as the case page shows it on the program's local date `today`."""
    done, reported = progress.credited(session, obligation)
    group = _group(obligation.kind)
    overdue = progress.is_overdue(obligation, today)
    kind_words = kind_label(obligation.kind, "en").capitalize()
    owed = ""
    if group == "payment" and obligation.target is not None:
        owed = f"{money(max(obligation.target - done, 0.0))} still owed"
    progress_words = progress_text(obligation.kind, done, obligation.target, "en")
    if group == "hours" and progress_words:
        progress_words = progress_words.replace("hours done", "hours verified")
    return ObligationView(
        id=obligation.id,
        kind=obligation.kind,
        status=obligation.status,
        group=group,
        title=obligation.label or kind_words,
        kind_words=kind_words,
        due_date=obligation.due_date,
        due_text=day_text(obligation.due_date),
        status_words=_status_words(obligation, overdue),
        overdue=overdue,
        is_open=obligation.status in progress.OPEN,
        progress=progress_words,
        reported=reported,
        reported_text=f"{_hours(reported)} reported, not yet verified" if reported else "",
        owed_text=owed,
        proof_note=obligation.proof_note if obligation.kind in PROOF_KINDS else "",
        **_ledgers(session, obligation, group, zone),
    )


def case_obligations(session: Session, case: Case) -> tuple[list[ObligationView], date]:
    """The case's obligations in the order agreed, and the program's local date they are read on."""
    zone = program_zone(session.get(Program, case.program_id))
    today = local_today(zone)
    return [
        obligation_view(session, o, today, zone)
        for o in progress.case_obligations(session, case.id)
    ], today
