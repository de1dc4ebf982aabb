"""A small, fully known history for the report test (see the figures in test_program_report)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from service.models import (
    Agreement,
    Case,
    Certification,
    Hearing,
    HearingKind,
    Message,
    Neighborhood,
    Obligation,
    Party,
    PartyConfirmation,
    Payment,
    Person,
    SeatAssignment,
    ServiceLog,
    Volunteer,
)

LA = ZoneInfo("America/Los_Angeles")


def _at(day: date, hour: int = 18, minute: int = 30) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LA)


class History:
    """Builds rows directly; ids are kept by short names."""

    def __init__(self, session: Session, world) -> None:
        self.s = session
        self.njp, self.drp = world.njp["id"], world.drp["id"]
        self.venue = world.venue["id"]
        self.hollywood = world.hollywood["id"]
        venice = Neighborhood(name="Venice", lat=33.985, lon=-118.4695)
        session.add(venice)
        session.flush()
        self.venice = venice.id
        self.kinds = {k.program_id: k.id for k in session.exec(select(HearingKind)).all()}
        self.people: dict[str, int] = {}
        self.parties: dict[tuple[str, str], int] = {}
        self.person_of: dict[int, int] = {}  # party id -> person id

    def person(self, name: str) -> int:
        if name not in self.people:
            p = Person(full_name=name)
            self.s.add(p)
            self.s.flush()
            self.people[name] = p.id
        return self.people[name]

    def case(self, ref, referred, person, *, hood=None, consent=True, status="referred",
             closed=None, program=None, victim=False) -> Case:  # fmt: skip
        c = Case(
            program_id=program or self.njp,
            external_ref=ref,
            referred_on=referred,
            neighborhood_id=hood or self.hollywood,
            consent_at=_at(referred, 9) if consent else None,
            status=status,
            closed_at=closed,
        )
        self.s.add(c)
        self.s.flush()
        party = Party(case_id=c.id, person_id=self.person(person), role="participant")
        self.s.add(party)
        self.s.flush()
        self.parties[(ref, "participant")] = party.id
        self.person_of[party.id] = party.person_id
        if victim:
            v = Party(case_id=c.id, person_id=self.person(f"victim of {ref}"), role="victim")
            self.s.add(v)
            self.s.flush()
            self.parties[(ref, "victim")] = v.id
            self.person_of[v.id] = v.person_id
        return c

    def hearing(self, case: Case, day: date, status: str, confirmations: dict[str, str]) -> Hearing:
        start = _at(day)
        h = Hearing(
            case_id=case.id, kind_id=self.kinds[case.program_id], venue_id=self.venue,
            start_at=start, end_at=start + timedelta(minutes=90), status=status,
            ical_uid=f"{uuid.uuid4()}@test",
        )  # fmt: skip
        self.s.add(h)
        self.s.flush()
        for role, conf in confirmations.items():
            party_id = self.parties[(case.external_ref, role)]
            self.s.add(PartyConfirmation(hearing_id=h.id, party_id=party_id, status=conf))
            # Every party here was asked by text (the report counts only those asked).
            self.s.add(
                Message(
                    kind="participant_hearing", hearing_id=h.id, case_id=case.id,
                    person_id=self.person_of[party_id], to_address="+13235550100", body="asked",
                )
            )  # fmt: skip
        return h

    def agreement(self, case: Case, hearing: Hearing, kind: str, target=None) -> Obligation:
        a = Agreement(case_id=case.id, hearing_id=hearing.id, terms="t")
        self.s.add(a)
        self.s.flush()
        o = Obligation(
            case_id=case.id, agreement_id=a.id, kind=kind, label=kind, target=target,
            due_date=hearing.start_at.date() + timedelta(days=56),
        )  # fmt: skip
        self.s.add(o)
        self.s.flush()
        return o

    def volunteer(self, name: str, hood: int | None, certs: list[tuple[str, date]]) -> Volunteer:
        v = Volunteer(full_name=name, neighborhood_id=hood)
        self.s.add(v)
        self.s.flush()
        for cert, day in certs:
            self.s.add(
                Certification(volunteer_id=v.id, name=cert, completed_on=day, training_hours=25)
            )
        return v

    def seat(self, hearing: Hearing, volunteer: Volunteer, status: str) -> None:
        self.s.add(
            SeatAssignment(
                hearing_id=hearing.id, volunteer_id=volunteer.id, role="panelist", status=status
            )
        )


def build(session: Session, world) -> History:
    """The history described in test_program_report's docstring."""
    h = History(session, world)
    d = date
    c1 = h.case(
        "C1", d(2026, 1, 5), "P1", status="completed", closed=_at(d(2026, 3, 1), 12), victim=True
    )
    h1 = h.hearing(c1, d(2026, 1, 20), "held", {"participant": "confirmed", "victim": "confirmed"})
    o1 = h.agreement(c1, h1, "community_service", 10)
    for day, hours, status in ((d(2026, 1, 25), 4, "verified"), (d(2026, 2, 1), 6, "verified"),
                               (d(2026, 2, 2), 3, "reported")):  # fmt: skip
        session.add(ServiceLog(obligation_id=o1.id, worked_on=day, hours=hours, status=status))
    c2 = h.case(
        "C2",
        d(2026, 1, 10),
        "P2",
        hood=h.venice,
        status="completed",
        closed=_at(d(2026, 3, 20), 10),
    )
    h2 = h.hearing(c2, d(2026, 2, 10), "held", {"participant": "pending"})
    o2 = h.agreement(c2, h2, "restitution", 200)
    session.add(Payment(obligation_id=o2.id, amount=50, paid_on=d(2026, 2, 15)))
    session.add(Payment(obligation_id=o2.id, amount=20, paid_on=d(2026, 4, 2)))
    c3 = h.case(
        "C3", d(2026, 2, 1), "P3", consent=False, status="returned", closed=_at(d(2026, 3, 5), 11)
    )
    h3 = h.hearing(c3, d(2026, 2, 20), "no_show", {"participant": "confirmed"})
    c4 = h.case("C4", d(2026, 2, 15), "P4", status="returned", closed=_at(d(2026, 3, 25), 15))
    h4 = h.hearing(c4, d(2026, 3, 3), "held", {"participant": "no_response"})
    h.agreement(c4, h4, "essay")
    h.case("C5", d(2026, 3, 10), "P1")
    c6 = h.case("C6", d(2025, 12, 20), "P5", status="agreement")
    h6 = h.hearing(c6, d(2026, 1, 8), "held", {"participant": "confirmed"})
    h.agreement(c6, h6, "essay")
    h.case("C7", d(2026, 1, 15), "P7", program=h.drp)
    c8 = h.case("C8", d(2026, 4, 2), "P8", status="heard")
    h.hearing(c8, d(2026, 4, 10), "held", {"participant": "confirmed"})
    h.case("C9", d(2027, 4, 1), "P2")  # P2 again, but more than 12 months after completing
    c10 = h.case("C10", d(2025, 12, 1), "P6", status="heard")
    # 18:30 on New Year's Eve in Los Angeles is already January 1 in UTC: outside the period.
    h.hearing(c10, d(2025, 12, 31), "held", {"participant": "confirmed"})
    v1 = h.volunteer("V1", h.hollywood, [("njp_panelist", d(2026, 2, 1))])
    v2 = h.volunteer("V2", h.hollywood, [("njp_panelist", d(2025, 6, 1))])
    h.volunteer("V3", h.hollywood, [("mediator", d(2026, 2, 1))])
    v4 = h.volunteer(
        "V4", h.venice, [("njp_facilitator", d(2026, 3, 15)), ("njp_panelist", d(2026, 3, 15))]
    )
    h.seat(h1, v1, "accepted")
    h.seat(h1, v2, "accepted")
    h.seat(h2, v2, "accepted")
    h.seat(h2, v4, "declined")
    h.seat(h3, v4, "accepted")
    h.seat(h6, v4, "invited")
    session.commit()
    return h
