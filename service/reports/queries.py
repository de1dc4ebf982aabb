"""The report's SQL: one aggregate per figure, portable between SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, distinct, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from service.db import local_today
from service.models import (
    Agreement,
    Case,
    Certification,
    Hearing,
    HearingKind,
    Message,
    Party,
    PartyConfirmation,
    Payment,
    SeatAssignment,
    SeatRequirement,
    ServiceLog,
    Survey,
    SurveyAnswer,
    Volunteer,
)
from service.models.base import (
    CaseStatus,
    ConfirmationStatus,
    HearingStatus,
    MessageStatus,
    SeatStatus,
    ServiceLogStatus,
    SurveyStatus,
)
from service.outcomes import sqlfn
from service.reports.scope import Scope

VERIFIED = ServiceLogStatus.verified.value


def _one(session: Session, stmt) -> float:
    value = session.exec(stmt).one()
    value = value[0] if isinstance(value, tuple) else value
    return float(value or 0)


INELIGIBLE = CaseStatus.ineligible.value
PASSED = case((Case.status != INELIGIBLE, 1))
INITIATED = case((and_(Case.status != INELIGIBLE, Case.consent_at.is_not(None)), 1))


def referrals(session: Session, s: Scope) -> tuple[int, int, int]:
    """Cases referred in the period (every one received, the screened-out too), those that
    passed the eligibility screen, and those whose participant agreed to take part (initiated)."""
    referred, eligible, initiated = session.exec(
        select(func.count(Case.id), func.count(PASSED), func.count(INITIATED)).where(
            *s.cases(), *s.on_days(Case.referred_on)
        )
    ).one()
    return int(referred), int(eligible), int(initiated)


def hearings(session: Session, s: Scope) -> dict[str, int]:
    """Held and no-show hearings in the period, and the distinct cases heard."""
    stmt = select(
        func.count(case((Hearing.status == HearingStatus.held.value, 1))),
        func.count(case((Hearing.status == HearingStatus.no_show.value, 1))),
        func.count(distinct(case((Hearing.status == HearingStatus.held.value, Hearing.case_id)))),
    ).where(
        Hearing.status.in_((HearingStatus.held.value, HearingStatus.no_show.value)),
        *s.during(Hearing.start_at),
    )
    held, no_show, heard = session.exec(s.of_cases(stmt, Hearing.case_id)).one()
    return {"held": int(held), "no_show": int(no_show), "heard": int(heard)}


def agreements(session: Session, s: Scope) -> int:
    """Agreements reached at hearings held in the period."""
    return int(
        _one(
            session,
            s.of_cases(
                select(func.count(Agreement.id))
                .join(Hearing, Hearing.id == Agreement.hearing_id)
                .where(*s.during(Hearing.start_at)),
                Agreement.case_id,
            ),
        )
    )


HAS_AGREEMENT = exists().where(Agreement.case_id == Case.id)
WAS_HEARD = exists().where(Hearing.case_id == Case.id, Hearing.status == HearingStatus.held.value)


def closings(session: Session, s: Scope) -> dict[str, int]:
    """Cases closed in the period (completed, returned, withdrawn; not the screened-out).

    completed: closed completed with an agreement (its obligations met); completed_without_
    agreement: closed completed with none (only possible before completion required one);
    initiated_closed / initiated_completed: the same among initiated cases (consent given),
    the completion rate's whole and part; resolved: closed after a panel or mediation was held.
    """
    # The flags are grouped through a subquery: PostgreSQL would not match the same EXISTS
    # with its own bound parameters in SELECT and GROUP BY.
    flags = (
        select(
            Case.status.label("status"),
            HAS_AGREEMENT.label("agreed"),
            Case.consent_at.is_not(None).label("began"),
            WAS_HEARD.label("heard"),
        )
        .where(
            Case.status.in_(
                (CaseStatus.completed.value, CaseStatus.returned.value, CaseStatus.withdrawn.value)
            ),
            *s.during(Case.closed_at),
            *s.cases(),
        )
        .subquery()
    )
    keys = (flags.c.status, flags.c.agreed, flags.c.began, flags.c.heard)
    rows = session.exec(select(*keys, func.count()).group_by(*keys)).all()
    out = dict.fromkeys(
        ("completed", "completed_without_agreement", "returned", "withdrawn", "resolved",
         "initiated_closed", "initiated_completed"), 0,
    )  # fmt: skip
    for status, agreed, began, heard, n in rows:
        n = int(n)
        done = status == CaseStatus.completed.value
        if done and not agreed:
            out["completed_without_agreement"] += n
        else:
            out[status] += n
        out["resolved"] += n if heard else 0
        out["initiated_closed"] += n if began else 0
        out["initiated_completed"] += n if began and done and agreed else 0
    return out


def service_hours(session: Session, s: Scope) -> float:
    """Verified service hours worked in the period."""
    return _one(
        session,
        s.of_obligations(
            select(func.coalesce(func.sum(ServiceLog.hours), 0.0)).where(
                ServiceLog.status == ServiceLogStatus.verified.value,
                *s.on_days(ServiceLog.worked_on),
            ),
            ServiceLog.obligation_id,
        ),
    )


def restitution(session: Session, s: Scope) -> float:
    """Restitution paid in the period."""
    return round(
        _one(
            session,
            s.of_obligations(
                select(func.coalesce(func.sum(Payment.amount), 0.0)).where(
                    *s.on_days(Payment.paid_on)
                ),
                Payment.obligation_id,
            ),
        ),
        2,
    )


def program_certifications(session: Session, s: Scope) -> set[str]:
    """The certifications the programs' seats require (what 'trained' means for them)."""
    rows = session.exec(
        select(SeatRequirement.requires)
        .join(HearingKind, HearingKind.id == SeatRequirement.hearing_kind_id)
        .where(HearingKind.program_id.in_(s.program_ids))
    ).all()
    return {name for requires in rows for name in (requires or [])}


def volunteers_trained(session: Session, s: Scope) -> tuple[int, int]:
    """Volunteers who completed a certification the programs require in the period: those
    trained for the first time in it (new), and those who only renewed one they held before.

    Filtered by the volunteer's home neighborhood (a volunteer has no case)."""
    names = sorted(program_certifications(session, s))
    if not names:
        return 0, 0
    earlier = aliased(Certification)
    first_time = ~exists().where(
        earlier.volunteer_id == Certification.volunteer_id,
        earlier.name == Certification.name,
        earlier.completed_on < Certification.completed_on,
    )
    stmt = select(
        Certification.volunteer_id, func.max(case((first_time, 1), else_=0)).label("new")
    ).where(Certification.name.in_(names), *s.on_days(Certification.completed_on))
    if s.neighborhood_id is not None:
        stmt = stmt.join(Volunteer, Volunteer.id == Certification.volunteer_id).where(
            Volunteer.neighborhood_id == s.neighborhood_id
        )
    per = stmt.group_by(Certification.volunteer_id).subquery()
    new, renewed = session.exec(
        select(func.count(case((per.c.new == 1, 1))), func.count(case((per.c.new == 0, 1))))
    ).one()
    return int(new), int(renewed)


def volunteers_active(session: Session, s: Scope) -> int:
    """Volunteers who sat (accepted seat) on a hearing held in the period."""
    return int(
        _one(
            session,
            s.of_cases(
                select(func.count(distinct(SeatAssignment.volunteer_id)))
                .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
                .where(
                    SeatAssignment.status == SeatStatus.accepted.value,
                    Hearing.status == HearingStatus.held.value,
                    *s.during(Hearing.start_at),
                ),
                Hearing.case_id,
            ),
        )
    )


# A party was asked to confirm when the request went out by text (queued only to a mobile with
# consent, and not cancelled, failed or undelivered) or when they answered some other way (a
# confirmation a coordinator took by phone).
ASKED_BY_TEXT = ("participant_hearing", "participant_hearing_moved")
NOT_REACHED = (
    MessageStatus.cancelled.value,
    MessageStatus.failed.value,
    MessageStatus.undelivered.value,
)


def confirmations(session: Session, s: Scope) -> tuple[int, int]:
    """Participants asked to confirm hearings that took place in the period, and who confirmed."""
    asked = or_(
        PartyConfirmation.responded_at.is_not(None),
        exists().where(
            Message.hearing_id == PartyConfirmation.hearing_id,
            Message.person_id == Party.person_id,
            Message.kind.in_(ASKED_BY_TEXT),
            Message.status.not_in(NOT_REACHED),
        ),
    )
    stmt = (
        select(
            func.count(PartyConfirmation.id),
            func.count(case((PartyConfirmation.status == ConfirmationStatus.confirmed.value, 1))),
        )
        .join(Party, Party.id == PartyConfirmation.party_id)
        .join(Hearing, Hearing.id == PartyConfirmation.hearing_id)
        .where(
            Party.role == "participant",
            Hearing.status.in_((HearingStatus.held.value, HearingStatus.no_show.value)),
            *s.during(Hearing.start_at),
            asked,
        )
    )
    total, confirmed = session.exec(s.of_cases(stmt, Hearing.case_id)).one()
    return int(total), int(confirmed)


def median(session: Session, values) -> tuple[int, float | None]:
    """How many rows, and the median of their `d`, ranked in SQL (no whole-column fetch)."""
    ranked = select(
        values.c.d.label("d"),
        func.row_number().over(order_by=values.c.d).label("rn"),
        func.count().over().label("n"),
    ).subquery()
    rows = session.exec(
        select(ranked.c.d, ranked.c.n).where(
            ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2])
        )
    ).all()
    if not rows:
        return 0, None
    picked = [float(d) for d, _n in rows]
    return int(rows[0][1]), round(sum(picked) / len(picked), 1)


def days_to_hearing(session: Session, s: Scope) -> tuple[int, float | None]:
    """Cases heard in the period, and the median days from referral to their first hearing then."""
    first = (
        select(Hearing.case_id.label("case_id"), func.min(Hearing.start_at).label("first_at"))
        .where(Hearing.status == HearingStatus.held.value, *s.during(Hearing.start_at))
        .group_by(Hearing.case_id)
    )
    first = s.of_cases(first, Hearing.case_id).subquery()
    diff = sqlfn.days_between(s.dialect, Case.referred_on, s.local_day(first.c.first_at))
    values = select(diff.label("d")).join(first, first.c.case_id == Case.id).subquery()
    return median(session, values)


def days_to_completion(session: Session, s: Scope) -> tuple[int, float | None]:
    """Median days from the agreement's hearing to completion, for cases completed in the period."""
    diff = sqlfn.days_between(s.dialect, s.local_day(Hearing.start_at), s.local_day(Case.closed_at))
    values = (
        select(diff.label("d"))
        .join(Agreement, Agreement.case_id == Case.id)
        .join(Hearing, Hearing.id == Agreement.hearing_id)
        .where(Case.status == CaseStatus.completed.value, *s.during(Case.closed_at), *s.cases())
        .subquery()
    )
    return median(session, values)


def re_referrals(
    session: Session, s: Scope, days: int = 365, today: date | None = None
) -> tuple[int, int, int]:
    """Participants who completed in the period; those of them whose follow-up year is over
    (today, in the report's zone); and how many of those were referred again within it."""
    today = today or local_today(s.zone)
    done = (
        select(
            Party.person_id.label("pid"),
            Case.id.label("cid"),
            s.local_day(Case.closed_at).label("done_on"),
        )
        .join(Case, Case.id == Party.case_id)
        .where(
            Party.role == "participant",
            Case.status == CaseStatus.completed.value,
            *s.during(Case.closed_at),
            *s.cases(),
        )
        .subquery()
    )
    p2, c2 = aliased(Party), aliased(Case)
    later = (
        select(p2.person_id.label("pid"), c2.id.label("cid"), c2.referred_on.label("on"))
        .join(c2, c2.id == p2.case_id)
        .where(p2.role == "participant")
        .subquery()
    )
    # A join on the person (hashable), not a subquery per completer: one pass over each side.
    match = and_(
        later.c.pid == done.c.pid,
        later.c.cid != done.c.cid,
        later.c.on > done.c.done_on,
        later.c.on <= s.plus_days(done.c.done_on, days),
    )
    over = s.plus_days(done.c.done_on, days) <= today
    total, followed, again = session.exec(
        select(
            func.count(distinct(done.c.pid)),
            func.count(distinct(case((over, done.c.pid)))),
            func.count(distinct(case((over, later.c.pid)))),
        ).select_from(done.outerjoin(later, match))
    ).one()
    return int(total), int(followed), int(again)


# "Rated the process fair": 4 or 5 on the program's fairness question (1 to 5; README).
FAIR_FROM = 4


def surveys(session: Session, s: Scope) -> dict[str, dict[str, int]]:
    """Per party role, of the surveys after hearings held in the period: those texted, those
    with an answer, those who answered the fairness question, and those who rated it fair."""
    answered = exists().where(SurveyAnswer.survey_id == Survey.id)
    fair = aliased(SurveyAnswer)
    stmt = (
        select(
            Survey.role,
            func.count(Survey.id),
            func.count(case((answered, 1))),
            func.count(fair.id),
            func.count(case((fair.value >= FAIR_FROM, 1))),
        )
        .join(Hearing, Hearing.id == Survey.hearing_id)
        .outerjoin(fair, and_(fair.survey_id == Survey.id, fair.fairness.is_(True)))
        .where(Survey.status != SurveyStatus.not_texted.value, *s.during(Hearing.start_at))
        .group_by(Survey.role)
    )
    rows = session.exec(s.of_cases(stmt, Survey.case_id)).all()
    keys = ("texted", "answered", "rated", "fair")
    return {role: dict(zip(keys, map(int, counts), strict=True)) for role, *counts in rows}
