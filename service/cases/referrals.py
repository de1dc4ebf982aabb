"""Use cases for referrals: intake with the eligibility screen, parties, status and history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from service import audit
from service.accounts.auth import Principal
from service.cases import queries
from service.db import utcnow
from service.errors import Conflict, Forbidden, Invalid
from service.geo import nearest_neighborhood
from service.integrations import events
from service.messaging.languages import texts_in
from service.models import Agreement, Case, CaseEvent, Neighborhood, Party, Person, Program
from service.models.base import CaseStatus, PartyRole, ReferralSource, WebhookEvent
from service.repo import apply_update, get_or_404, hot_page, load
from service.schemas.cases import (
    CaseCreate,
    CasePublic,
    CaseUpdate,
    PartyCreate,
    PartyPublic,
    PersonPublic,
    PersonUpdate,
)
from service.schemas.common import zip_location

# The flow of docs/DESIGN.md §3; terminal states have no way out.
TRANSITIONS: dict[str, set[str]] = {
    "referred": {"scheduled", "returned", "withdrawn"},
    "scheduled": {"referred", "heard", "returned", "withdrawn"},
    "heard": {"scheduled", "agreement", "completed", "returned", "withdrawn"},
    "agreement": {"completed", "returned", "withdrawn"},
    "completed": set(),
    "returned": set(),
    "withdrawn": set(),
    "ineligible": set(),
}
# An ineligible referral is closed from the start: no hearing, no texts, no edits.
_CLOSING_EVENTS = {
    CaseStatus.completed.value: WebhookEvent.case_completed,
    CaseStatus.returned.value: WebhookEvent.case_returned,
}
CLOSED = {"completed", "returned", "withdrawn", "ineligible"}

# California Penal Code 14150-14156 (neighborhood restorative justice programs) excludes these.
STATUTORY_EXCLUSIONS = {
    "domestic_violence": "domestic violence",
    "sexual_assault": "sexual assault",
    "child_abuse": "child abuse",
    "protective_order": "an active protective order",
}


def screening_reason(program: Program, screening: dict) -> str | None:
    """Why the program may not take a referral, in words; None when it may."""
    if not program.screens_statutory_exclusions:
        return None
    hits = [label for key, label in STATUTORY_EXCLUSIONS.items() if screening.get(key)]
    if not hits:
        return None
    return (
        f"it involves {', '.join(hits)} (California Penal Code 14150-14156 excludes such cases); "
        "return it to the referring agency"
    )


def add_event(
    session: Session,
    case: Case,
    kind: str,
    *,
    actor: str = "system",
    detail: str = "",
    from_status: str | None = None,
    to_status: str | None = None,
) -> None:
    """Append an entry to the case's history."""
    session.add(
        CaseEvent(
            case_id=case.id,
            kind=kind,
            actor=actor,
            detail=detail[:4000],
            from_status=from_status,
            to_status=to_status,
        )
    )


def set_status(
    session: Session, case: Case, status: str, *, actor: str = "system", detail: str = ""
) -> None:
    """Move a case along its flow, refusing a transition the flow does not allow."""
    if status == case.status:
        return
    if status not in TRANSITIONS.get(case.status, set()):
        raise Invalid(f"a {case.status} case cannot become {status}", field="status")
    old = case.status
    case.status = status
    case.updated_at = utcnow()
    if status in CLOSED:
        case.closed_at = utcnow()
    session.add(case)
    add_event(
        session, case, "status", actor=actor, detail=detail, from_status=old, to_status=status
    )
    # Every way a case closes passes here (outcomes.closing, a PATCH, the case page).
    if status in _CLOSING_EVENTS:
        events.case_event(session, _CLOSING_EVENTS[status], case)


def _new_person(session: Session, data) -> Person:
    person = Person(**data.model_dump())
    session.add(person)
    session.flush()
    return person


def list_cases(
    session: Session,
    principal: Principal,
    *,
    limit: int,
    offset: int,
    program_id: int | None = None,
    status: str | None = None,
    neighborhood_id: int | None = None,
    external_ref: str | None = None,
    ref_contains: str | None = None,
    updated_since: datetime | None = None,
) -> tuple[list[Case], int]:
    """A page of the cases in the caller's programs, newest referral first (or, with
    `updated_since`, those changed since then, oldest change first); the read is audited."""
    given = {
        "program_id": program_id,
        "status": status,
        "neighborhood_id": neighborhood_id,
        "external_ref": external_ref or None,
        "updated_since": updated_since,
        "ref_contains": f"%{ref_contains}%" if ref_contains else None,
    }
    params = {k: v for k, v in given.items() if v is not None}
    statements = queries.case_list(principal.scoped, tuple(params))
    rows, total = hot_page(
        session, statements, params | principal.scope_params, limit=limit, offset=offset
    )
    audit.by(session, principal, "list", "case")
    return rows, total


def load_case(session: Session, case_id: int, principal: Principal, *, write: bool = False) -> Case:
    """A case the caller may see (404 hides cases of other programs)."""
    case = load(session, Case, case_id)
    if case is None or not principal.sees_program(case.program_id):
        raise principal.not_visible(f"case {case_id}")
    principal.require_program(case.program_id, write=write)
    return case


def visible_person(
    session: Session, person_id: int, principal: Principal, *, write: bool = False
) -> Person:
    """A person who is a party to a case in one of the caller's programs (404 hides the rest)."""
    person = get_or_404(session, Person, person_id, what="person")
    if principal.program_scope is not None:
        programs = session.exec(
            select(Case.program_id)
            .join(Party, Party.case_id == Case.id)
            .where(Party.person_id == person.id)
        ).all()
        if not any(principal.sees_program(pid) for pid in programs):
            raise principal.not_visible(f"person {person_id}")
    if write and not principal.can_write:
        raise principal.refuse(Forbidden("your role may not change records"))
    return person


def check_parties_visible(
    session: Session, parties: list[PartyCreate], principal: Principal
) -> None:
    """Refuse to link an existing person the caller may not see (another program's party)."""
    for party in parties:
        if party.person_id is not None:
            visible_person(session, party.person_id, principal)


def add_party(session: Session, case: Case, data: PartyCreate, *, actor: str = "system") -> Party:
    """Add a person (existing or new) to a case in a role."""
    if data.person_id is not None:
        person = get_or_404(session, Person, data.person_id, what="person")
        if session.exec(
            select(Party).where(Party.case_id == case.id, Party.person_id == person.id)
        ).first():
            raise Conflict(f"person {person.id} is already a party to this case", field="person_id")
    else:
        person = _new_person(session, data.person)
    party = Party(case_id=case.id, person_id=person.id, role=data.role.value)
    session.add(party)
    session.flush()
    add_event(session, case, "party_added", actor=actor, detail=f"{data.role.value} added")
    return party


def create_case(session: Session, data: CaseCreate, *, actor: str = "system") -> Case:
    """Take a referral: screen it, store the case and its parties, record consent.

    A referral the screen refuses is stored too (status ineligible, closed, the reason in
    close_reason, consent not recorded), so "referred" counts everything received.
    """
    program = get_or_404(session, Program, data.program_id, what="program")
    refused = screening_reason(program, data.screening.model_dump())
    if session.exec(
        select(Case).where(Case.program_id == program.id, Case.external_ref == data.external_ref)
    ).first():
        raise Conflict(
            f"case {data.external_ref} is already referred to {program.code}", field="external_ref"
        )
    if data.neighborhood_id is not None and session.get(Neighborhood, data.neighborhood_id) is None:
        raise Invalid(
            f"neighborhood {data.neighborhood_id} does not exist", field="neighborhood_id"
        )
    # The referral's date is the program's local date, not the server's (UTC) one.
    referred_on = data.referred_on or utcnow().astimezone(ZoneInfo(program.timezone)).date()
    case = Case(
        program_id=program.id,
        external_ref=data.external_ref,
        referral_source=data.referral_source.value,
        description=data.description,
        neighborhood_id=data.neighborhood_id,
        zip=data.zip,
        referred_on=referred_on,
        screening=data.screening.model_dump(),
        consent_at=utcnow() if data.consent and not refused else None,
        due_date=data.due_date,
    )
    if refused:
        case.status = CaseStatus.ineligible.value
        case.closed_at = utcnow()
        case.close_reason = f"Not eligible: {refused}"
    loc = zip_location(data.zip)
    if loc:
        case.lat, case.lon = loc
        if case.neighborhood_id is None:
            near = nearest_neighborhood(session, *loc)
            case.neighborhood_id = near.id if near else None
    session.add(case)
    session.flush()
    add_event(
        session,
        case,
        "referred",
        actor=actor,
        to_status=case.status,
        detail=f"referred by {data.referral_source.value}"
        + (f"; not eligible: {refused}" if refused else ""),
    )
    if case.consent_at:
        add_event(session, case, "consent", actor=actor, detail="participant consent recorded")
    for party in data.parties:
        add_party(session, case, party, actor=actor)
    # Raised for a refused referral too: its status (ineligible) tells the referring system.
    events.case_event(session, WebhookEvent.case_referred, case)
    return case


def update_case(session: Session, case: Case, data: CaseUpdate, principal: Principal) -> Case:
    """Edit a case; every change lands in its history."""
    changes = data.model_dump(exclude_unset=True)
    status = changes.pop("status", None)
    consent = changes.pop("consent", None)
    if case.status in CLOSED and changes:
        raise Invalid(f"a {case.status} case cannot be edited", field="status")
    if (
        changes.get("neighborhood_id") is not None
        and session.get(Neighborhood, changes["neighborhood_id"]) is None
    ):
        raise Invalid(
            f"neighborhood {changes['neighborhood_id']} does not exist", field="neighborhood_id"
        )
    if changes:
        apply_update(case, changes)
        case.updated_at = utcnow()
        session.add(case)
        add_event(
            session,
            case,
            "edited",
            actor=principal.actor,
            detail="changed " + ", ".join(sorted(changes)),
        )
    if consent is not None and bool(case.consent_at) != consent:
        case.consent_at = utcnow() if consent else None
        add_event(
            session,
            case,
            "consent",
            actor=principal.actor,
            detail="participant consent recorded" if consent else "participant consent withdrawn",
        )
    if status is not None:
        if status == CaseStatus.completed and case.status == CaseStatus.heard:
            _require_agreement(session, case)
        set_status(
            session, case, status.value, actor=principal.actor, detail=data.close_reason or ""
        )
        if status.value in CLOSED and data.close_reason:
            case.close_reason = data.close_reason
    session.flush()
    return case


def _require_agreement(session: Session, case: Case) -> None:
    """A case is completed when its agreement's obligations are met: none, no completion."""
    if session.exec(select(Agreement.id).where(Agreement.case_id == case.id)).first() is None:
        raise Invalid(
            f"case {case.external_ref} has no agreement, so it cannot be completed: record the "
            "hearing's outcome with an agreement, or close the case as withdrawn or returned",
            field="status",
        )


def parties_public(session: Session, case_id: int) -> list[PartyPublic]:
    """A case's parties with their persons."""
    return _parties_of(session, [case_id]).get(case_id, [])


def _parties_of(session: Session, case_ids: list[int]) -> dict[int, list[PartyPublic]]:
    parties: dict[int, list[PartyPublic]] = {}
    for row in session.exec(queries.PARTIES, params={"case_ids": case_ids}).all():
        # Stored rows were validated on the way in; validating them again on the way out (phone
        # and e-mail parsing) was most of a case read's time.
        person = {name: getattr(row, name) for name in queries.PERSON_COLUMNS}
        public = PersonPublic.model_construct(**person, texts_in=texts_in(row))
        parties.setdefault(row.case_id, []).append(
            PartyPublic.model_construct(id=row.party_id, role=PartyRole(row.role), person=public)
        )
    return parties


def case_public(session: Session, case: Case) -> CasePublic:
    """A case with its parties."""
    return cases_public(session, [case])[0]


def cases_public(session: Session, cases: list[Case]) -> list[CasePublic]:
    """Cases with their parties, the parties of all of them read in one query."""
    parties = _parties_of(session, [c.id for c in cases]) if cases else {}
    out = []
    for case in cases:
        data = case.model_dump(include=_CASE_FIELDS)
        data["status"] = CaseStatus(data["status"])  # constructed models keep the enums' types
        data["referral_source"] = ReferralSource(data["referral_source"])
        out.append(CasePublic.model_construct(**data, parties=parties.get(case.id, [])))
    return out


_CASE_FIELDS = set(CasePublic.model_fields) - {"parties"}


def update_person(session: Session, person: Person, data: PersonUpdate) -> Person:
    """Change a person's contact details."""
    apply_update(person, data.model_dump(exclude_unset=True))
    session.add(person)
    session.flush()
    return person


def default_due_date(program: Program, start: date) -> date:
    """The end of the program's completion window from a date."""
    return start + timedelta(days=program.completion_window_days)
