"""Outcomes: hearing results, agreements, obligations, hours, payments, check-ins, timelines."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service import audit
from service.api.common import PageDep, UpdatedSince
from service.cases import referrals as case_uc
from service.cases.referrals import load_case
from service.deps import CurrentUser, SessionDep, Writer
from service.errors import ERROR_RESPONSES, Forbidden, Invalid, NotFound
from service.hearings.queries import load_hearing
from service.models import Agreement, ServiceLog
from service.models.base import ObligationStatus
from service.outcomes import (
    closing,
    hearing_outcome,
    ledger,
    outcome_correction,
    outcome_sheet,
    progress,
    queries,
    timeline,
    verify_link,
)
from service.outcomes import obligations as ob
from service.outcomes.volunteer_hours import yearly_service
from service.schemas.cases import CasePublic
from service.schemas.common import Day, Page
from service.schemas.outcomes import (
    AgreementPublic,
    Attendance,
    CaseReturn,
    CheckInCreate,
    CheckInPublic,
    ObligationComplete,
    ObligationCreate,
    ObligationExtend,
    ObligationPublic,
    OutcomeCorrection,
    OutcomeCreate,
    OutcomePublic,
    PaymentCreate,
    PaymentPublic,
    ServiceLogCreate,
    ServiceLogPublic,
    TimelineEntry,
    VerifyLinkCreate,
    VerifyLinkPublic,
    VolunteerAttendance,
    VolunteerService,
)

router = APIRouter(tags=["outcomes"], responses=ERROR_RESPONSES)


def _agreement_public(session, agreement: Agreement) -> AgreementPublic:
    return AgreementPublic(
        **agreement.model_dump(),
        obligations=[
            ob.obligation_public(session, o)
            for o in progress.case_obligations(session, agreement.case_id)
        ],
    )


@router.post("/hearings/{hearing_id}/outcome", response_model=OutcomePublic, status_code=201)
def record_outcome(
    hearing_id: int, body: OutcomeCreate, session: SessionDep, principal: Writer
) -> OutcomePublic:
    """Record attendance and the outcome: agreement (with obligations), none, or a no-show."""
    hearing = load_hearing(session, hearing_id, principal)
    case = load_case(session, hearing.case_id, principal, write=True)
    agreement = hearing_outcome.record_outcome(session, hearing, body, principal)
    return _outcome_public(session, hearing, case, agreement)


def _outcome_public(session, hearing, case, agreement, changes=()) -> OutcomePublic:
    sheet = outcome_sheet.attendance_of(session, hearing)
    return OutcomePublic(
        hearing_id=hearing.id,
        hearing_status=hearing.status,
        case_id=case.id,
        case_status=case.status,
        attendance=[Attendance(party_id=p, attendance=a) for p, a in sheet.parties],
        volunteers=[VolunteerAttendance(volunteer_id=v, attendance=a) for v, a in sheet.volunteers],
        agreement=_agreement_public(session, agreement) if agreement else None,
        changes=list(changes),
    )


@router.patch("/hearings/{hearing_id}/outcome", response_model=OutcomePublic)
def correct_outcome(
    hearing_id: int, body: OutcomeCorrection, session: SessionDep, principal: Writer
) -> OutcomePublic:
    """Correct a recorded outcome: attendance, the note, the agreement's terms, its obligations
    (label, target, due date; add one; remove one with nothing logged). Audited."""
    hearing = load_hearing(session, hearing_id, principal)
    case = load_case(session, hearing.case_id, principal, write=True)
    changes = outcome_correction.correct_outcome(session, hearing, body, principal)
    agreement = queries.agreement_of(session, case)
    if agreement is not None and agreement.hearing_id != hearing.id:
        agreement = None
    return _outcome_public(session, hearing, case, agreement, changes)


@router.get("/cases/{case_id}/agreement", response_model=AgreementPublic)
def get_agreement(case_id: int, session: SessionDep, principal: CurrentUser) -> AgreementPublic:
    """The case's agreement with its obligations and their progress."""
    case = load_case(session, case_id, principal)
    agreement = queries.agreement_of(session, case)
    if agreement is None:
        raise NotFound(f"case {case_id} has no agreement")
    return _agreement_public(session, agreement)


@router.get("/cases/{case_id}/obligations", response_model=list[ObligationPublic])
def list_obligations(
    case_id: int, session: SessionDep, principal: CurrentUser
) -> list[ObligationPublic]:
    """The case's obligations with their progress."""
    case = load_case(session, case_id, principal)
    return [ob.obligation_public(session, o) for o in progress.case_obligations(session, case.id)]


@router.post("/cases/{case_id}/obligations", response_model=ObligationPublic, status_code=201)
def add_obligation(
    case_id: int, body: ObligationCreate, session: SessionDep, principal: Writer
) -> ObligationPublic:
    """Add an obligation to the case's agreement."""
    case = load_case(session, case_id, principal, write=True)
    progress.require_open_case(case, "a new obligation")
    agreement = queries.agreement_of(session, case)
    if agreement is None:
        raise Invalid("record the hearing's outcome with an agreement first", field="case")
    obligation = ob.add_obligation(
        session,
        case,
        agreement,
        body,
        ob.hearing_day(session, case),
        actor=principal.actor,
        field="body",
    )
    return ob.obligation_public(session, obligation)


@router.get("/obligations", response_model=Page[ObligationPublic])
def list_all_obligations(
    session: SessionDep,
    principal: CurrentUser,
    page: PageDep,
    program_id: int | None = None,
    status: ObligationStatus | None = None,
    due_before: Day | None = None,
    updated_since: UpdatedSince = None,
) -> Page[ObligationPublic]:
    """Obligations in the caller's programs, soonest due first; status=overdue lists the flagged
    (with `updated_since`: changed since then, oldest change first; new hours, payments and
    check-ins count)."""
    rows, total = queries.list_obligations(
        session,
        principal,
        limit=page.limit,
        offset=page.offset,
        program_id=program_id,
        status=status.value if status is not None else None,
        due_before=due_before,
        updated_since=updated_since,
    )
    return Page(
        items=[ob.obligation_public(session, o) for o in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.get("/obligations/{obligation_id}", response_model=ObligationPublic)
def get_obligation(
    obligation_id: int, session: SessionDep, principal: CurrentUser
) -> ObligationPublic:
    """One obligation with its progress."""
    obligation, _case = queries.load_obligation(session, obligation_id, principal)
    return ob.obligation_public(session, obligation)


@router.post("/obligations/{obligation_id}/complete", response_model=ObligationPublic)
def complete_obligation(
    obligation_id: int, body: ObligationComplete, session: SessionDep, principal: Writer
) -> ObligationPublic:
    """Record proof that a letter, essay, class, counselling or other task is done."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    ob.complete_with_proof(session, case, obligation, body.proof_note, actor=principal.actor)
    return ob.obligation_public(session, obligation)


@router.post("/obligations/{obligation_id}/waive", response_model=ObligationPublic)
def waive_obligation(
    obligation_id: int, body: CaseReturn, session: SessionDep, principal: Writer
) -> ObligationPublic:
    """Excuse an obligation with the reason; it counts as met toward completion."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    ob.waive(session, case, obligation, body.reason, actor=principal.actor)
    return ob.obligation_public(session, obligation)


@router.post("/obligations/{obligation_id}/extend", response_model=ObligationPublic)
def extend_obligation(
    obligation_id: int, body: ObligationExtend, session: SessionDep, principal: Writer
) -> ObligationPublic:
    """Move a due date later; kept in the case history, reminders follow the new date."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    ob.extend(session, case, obligation, body.due_date, body.reason, actor=principal.actor)
    return ob.obligation_public(session, obligation)


@router.get("/obligations/{obligation_id}/service-logs", response_model=list[ServiceLogPublic])
def list_service_logs(
    obligation_id: int, session: SessionDep, principal: CurrentUser
) -> list[ServiceLogPublic]:
    """Hours logged toward an obligation, reported and verified."""
    obligation, _case = queries.load_obligation(session, obligation_id, principal)
    rows = queries.service_logs(session, obligation)
    return [ServiceLogPublic.model_validate(r.model_dump()) for r in rows]


@router.post(
    "/obligations/{obligation_id}/service-logs", response_model=ServiceLogPublic, status_code=201
)
def log_hours(
    obligation_id: int, body: ServiceLogCreate, session: SessionDep, principal: Writer
) -> ServiceLogPublic:
    """Log hours (at most 24 a day); credited only when verified."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    log = ledger.log_hours(session, case, obligation, body, actor=principal.actor)
    return ServiceLogPublic.model_validate(log.model_dump())


@router.post("/service-logs/{log_id}/verify", response_model=ServiceLogPublic)
def verify_log(log_id: int, session: SessionDep, principal: Writer) -> ServiceLogPublic:
    """Verify reported hours as the coordinator; they are credited now."""
    log = session.get(ServiceLog, log_id)
    if log is None:
        raise NotFound(f"service log {log_id} not found")
    obligation, case = queries.load_obligation(session, log.obligation_id, principal, write=True)
    ledger.verify_hours(session, case, obligation, [log], verifier=principal.actor)
    return ServiceLogPublic.model_validate(log.model_dump())


@router.post(
    "/obligations/{obligation_id}/verify-link", response_model=VerifyLinkPublic, status_code=201
)
def make_verify_link(
    obligation_id: int, body: VerifyLinkCreate, session: SessionDep, principal: Writer
) -> VerifyLinkPublic:
    """A signed, expiring link for the service site's supervisor to confirm hours."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    url, expires_on = verify_link.issue(
        session, case, obligation, body.ttl_days, actor=principal.actor
    )
    return VerifyLinkPublic(url=url, expires_on=expires_on)


@router.get("/obligations/{obligation_id}/payments", response_model=list[PaymentPublic])
def list_payments(
    obligation_id: int, session: SessionDep, principal: CurrentUser
) -> list[PaymentPublic]:
    """The restitution ledger of an obligation."""
    obligation, _case = queries.load_obligation(session, obligation_id, principal)
    rows = queries.payments(session, obligation)
    return [PaymentPublic.model_validate(r.model_dump()) for r in rows]


@router.post("/obligations/{obligation_id}/payments", response_model=PaymentPublic, status_code=201)
def record_payment(
    obligation_id: int, body: PaymentCreate, session: SessionDep, principal: Writer
) -> PaymentPublic:
    """Record a restitution payment; more than is owed is refused."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    payment = ledger.record_payment(session, case, obligation, body, actor=principal.actor)
    return PaymentPublic.model_validate(payment.model_dump())


@router.get("/obligations/{obligation_id}/check-ins", response_model=list[CheckInPublic])
def list_check_ins(
    obligation_id: int, session: SessionDep, principal: CurrentUser
) -> list[CheckInPublic]:
    """Check-ins made toward an obligation."""
    obligation, _case = queries.load_obligation(session, obligation_id, principal)
    rows = queries.check_ins(session, obligation)
    return [CheckInPublic.model_validate(r.model_dump()) for r in rows]


@router.post(
    "/obligations/{obligation_id}/check-ins", response_model=CheckInPublic, status_code=201
)
def record_check_in(
    obligation_id: int, body: CheckInCreate, session: SessionDep, principal: Writer
) -> CheckInPublic:
    """Record a check-in (one a day)."""
    obligation, case = queries.load_obligation(session, obligation_id, principal, write=True)
    row = ledger.record_check_in(session, case, obligation, body, actor=principal.actor)
    return CheckInPublic.model_validate(row.model_dump())


@router.post("/cases/{case_id}/return", response_model=CasePublic)
def return_case(
    case_id: int, body: CaseReturn, session: SessionDep, principal: Writer
) -> CasePublic:
    """Send the case back to the referring agency with the reason."""
    case = load_case(session, case_id, principal, write=True)
    closing.return_case(session, case, body.reason, actor=principal.actor)
    return case_uc.case_public(session, case)


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineEntry])
def case_timeline(case_id: int, session: SessionDep, principal: CurrentUser) -> list[TimelineEntry]:
    """Every status change, edit, text and reply of the case, in time order (coordinators only)."""
    case = load_case(session, case_id, principal)
    if principal.role not in ("admin", "coordinator"):
        raise principal.refuse(
            Forbidden("only the program's coordinators may read a case's messages")
        )
    audit.by(session, principal, "read", "case_timeline", case.id)  # fmt: skip
    return timeline.case_timeline(session, case.id)


@router.get("/volunteers/{volunteer_id}/service", response_model=VolunteerService)
def volunteer_service(
    volunteer_id: int,
    session: SessionDep,
    principal: CurrentUser,
    year: Annotated[int, Query(ge=2000, le=2100)],
) -> VolunteerService:
    """Hearings a volunteer sat (accepted seats on held hearings) and hours, in a year."""
    return yearly_service(session, volunteer_id, year)
