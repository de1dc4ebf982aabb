"""`updated_at` of cases, hearings and obligations moves with every change an integrator can see.

`updated_since` on the lists (and a case system's sync) trusts these columns, so they are kept
here, once, for every write through a session rather than by each use case. What counts as a
change is what the record's API representation shows: a case's parties and their persons'
details, a hearing's seats and party confirmations, an obligation's ledger (hours, payments,
check-ins: its credited and reported figures).
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlmodel import Session

from service.db import utcnow
from service.models.cases import Case, Party, Person
from service.models.hearings import Hearing, PartyConfirmation, SeatAssignment
from service.models.outcomes import CheckIn, Obligation, Payment, ServiceLog

TRACKED = (Case, Hearing, Obligation)
# A child row and the attribute naming the tracked row it belongs to.
PARENTS = {
    Party: (Case, "case_id"),
    SeatAssignment: (Hearing, "hearing_id"),
    PartyConfirmation: (Hearing, "hearing_id"),
    ServiceLog: (Obligation, "obligation_id"),
    Payment: (Obligation, "obligation_id"),
    CheckIn: (Obligation, "obligation_id"),
}


@event.listens_for(Session, "before_flush")
def _bump(session: Session, _context, _instances) -> None:
    now = utcnow()
    changed = [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    for row in changed:
        if isinstance(row, TRACKED):
            row.updated_at = now
    persons = [row.id for row in changed if isinstance(row, Person) and row.id is not None]
    with session.no_autoflush:
        for row in [*changed, *session.new, *session.deleted]:
            parent = PARENTS.get(type(row))
            if parent is None:
                continue
            owner = session.get(parent[0], getattr(row, parent[1]))
            if owner is not None and owner not in session.deleted:
                owner.updated_at = now
                session.add(owner)
        if persons:
            # A person's details show in every case they are a party to.
            cases = select(Party.case_id).where(Party.person_id.in_(persons))
            session.execute(
                update(Case)
                .where(Case.id.in_(cases))
                .values(updated_at=now)
                .execution_options(synchronize_session=False)
            )
