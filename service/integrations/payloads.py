"""What a webhook says about a case, a hearing or an outcome: states and references only.

Built field by field (never from a whole row or public schema), so a field added to a record
later does not reach an outside system unasked. No free text leaves: not a case's description
or close reason, not a hearing's outcome note, not an agreement's terms, not a note of any kind,
not a person's name or contacts. The full record is one audited API call away (`links`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from service.models import Agreement, Case, Hearing, HearingKind, Obligation


def instant(value: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC with a Z, as the API writes them."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def case_data(case: Case) -> dict:
    """A case's state and references."""
    return {
        "id": case.id,
        "program_id": case.program_id,
        "external_ref": case.external_ref,
        "referral_source": case.referral_source,
        "status": case.status,
        "referred_on": case.referred_on.isoformat(),
        "due_date": case.due_date.isoformat() if case.due_date else None,
        "closed_at": instant(case.closed_at),
        "updated_at": instant(case.updated_at),
        "links": {"case": f"/api/v1/cases/{case.id}"},
    }


def hearing_data(session: Session, hearing: Hearing, case: Case) -> dict:
    """A hearing's time, place and state, with its case's references."""
    kind = session.get(HearingKind, hearing.kind_id)
    return {
        "id": hearing.id,
        "case_id": case.id,
        "program_id": case.program_id,
        "external_ref": case.external_ref,
        "kind": kind.code if kind else None,
        "venue_id": hearing.venue_id,
        "start": instant(hearing.start_at),
        "end": instant(hearing.end_at),
        "status": hearing.status,
        "sequence": hearing.sequence,
        "updated_at": instant(hearing.updated_at),
        "links": {"hearing": f"/api/v1/hearings/{hearing.id}", "case": f"/api/v1/cases/{case.id}"},
    }


def obligation_data(row: Obligation) -> dict:
    """An obligation's kind, target, due date and state (not its label: a coordinator types it)."""
    return {
        "id": row.id,
        "kind": row.kind,
        "target": row.target,
        "due_date": row.due_date.isoformat(),
        "status": row.status,
    }


def outcome_data(
    session: Session,
    hearing: Hearing,
    case: Case,
    agreement: Agreement | None,
    obligations: list[Obligation],
) -> dict:
    """A recorded outcome: the hearing's new state, the case's, and any agreement's obligations."""
    return {
        "hearing": hearing_data(session, hearing, case),
        "case": case_data(case),
        "agreement": None
        if agreement is None
        else {"id": agreement.id, "obligations": [obligation_data(o) for o in obligations]},
    }
