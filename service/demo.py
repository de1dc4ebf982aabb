"""`convene demo`: a believable Los Angeles program with volunteers and cases at every stage."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from service import programs
from service.accounts import auth
from service.cases import referrals as cases
from service.demo_data import (
    AREA_CODES,
    CASE_DESCRIPTIONS,
    FIRST_NAMES,
    LAST_NAMES,
    NEIGHBORHOODS,
    ONLINE_VENUE,
    SERVICE_SITES,
    VENUES,
)
from service.messaging.languages import no_catalog_words
from service.messaging.recipients import may_text
from service.models import (
    Agreement,
    Blackout,
    Case,
    Hearing,
    HearingKind,
    Obligation,
    Party,
    PartyConfirmation,
    Person,
    Program,
    SeatAssignment,
    ServiceLog,
    Survey,
    SurveyAnswer,
    User,
    Volunteer,
)
from service.schemas.cases import CaseCreate
from service.schemas.programs import NeighborhoodCreate, ProgramCreate, VenueCreate
from service.schemas.volunteers import VolunteerCreate
from service.surveys.questions import program_questions
from service.volunteers import roster as volunteers

DEMO_PASSWORD = "convene-demo-2026"
DEMO_ACCOUNTS = [
    ("admin@convene.example", "Demo Administrator", "admin"),
    ("coordinator@convene.example", "Dana Whitfield", "coordinator"),
    ("viewer@convene.example", "Demo Viewer", "viewer"),
]
ZONE = ZoneInfo("America/Los_Angeles")

PROGRAMS = [
    {
        "code": "NJP",
        "name": "Neighborhood Justice Program",
        "phone": "+12135550100",
        "completion_window_days": 56,
        "screens_statutory_exclusions": True,
        "description": "Community volunteer panels for first-time, non-violent offenses.",
        "hearing_kinds": [
            {
                "code": "panel",
                "name": "Community panel",
                "duration_minutes": 90,
                "seats": [
                    {
                        "role": "facilitator",
                        "count": 1,
                        "requires": ["njp_facilitator", "njp_panelist"],
                    },
                    {"role": "panelist", "count": 2, "requires": ["njp_panelist"]},
                ],
            }
        ],
        "obligation_types": [
            {
                "code": "service_hours",
                "kind": "community_service",
                "name": "Community service",
                "default_target": 20,
                "unit": "hours",
            },
            {"code": "apology", "kind": "apology_letter", "name": "Apology letter"},
            {"code": "restitution", "kind": "restitution", "name": "Restitution", "unit": "usd"},
            {"code": "essay", "kind": "essay", "name": "Reflection essay"},
            {"code": "class", "kind": "class", "name": "Life-skills class"},
        ],
    },
    {
        "code": "DRP",
        "name": "Dispute Resolution Program",
        "phone": "+12135550101",
        "completion_window_days": 30,
        "description": "Confidential, voluntary mediation between two parties.",
        "hearing_kinds": [
            {
                "code": "mediation",
                "name": "Mediation (co-mediated)",
                "duration_minutes": 120,
                "seats": [{"role": "mediator", "count": 2, "requires": ["mediator"]}],
            },
            {
                "code": "mediation_solo",
                "name": "Mediation (one mediator)",
                "duration_minutes": 120,
                "seats": [{"role": "mediator", "count": 1, "requires": ["mediator"]}],
            },
        ],
    },
    {
        "code": "PSM",
        "name": "Public Safety Mediation",
        "phone": "+12135550102",
        "completion_window_days": 30,
        "description": "Mediation of discourtesy and bias complaints between officers and community members.",
        "hearing_kinds": [
            {
                "code": "psm",
                "name": "Public safety mediation",
                "duration_minutes": 120,
                "seats": [
                    {
                        "role": "mediator",
                        "count": 2,
                        "requires": ["mediator", "public_safety_mediator"],
                    }
                ],
            }
        ],
    },
    {
        "code": "YD",
        "name": "Youth Diversion (18-25)",
        "phone": "+12135550103",
        "completion_window_days": 182,
        "description": "Six months of weekly check-ins, 20 civic-engagement hours and school or work enrolment.",
        "hearing_kinds": [
            {
                "code": "progress",
                "name": "Monthly progress meeting",
                "duration_minutes": 60,
                "seats": [
                    {
                        "role": "case_manager",
                        "count": 1,
                        "requires": ["case_manager"],
                        "staff_only": True,
                    }
                ],
            }
        ],
        "obligation_types": [
            {"code": "check_in", "kind": "check_in", "name": "Weekly check-in", "cadence_days": 7},
            {
                "code": "civic_hours",
                "kind": "civic_engagement",
                "name": "Civic engagement",
                "default_target": 20,
                "unit": "hours",
            },
            {"code": "enrolment", "kind": "other", "name": "School or work enrolment"},
        ],
    },
]


def is_empty(session: Session) -> bool:
    """True when no program exists yet."""
    return session.exec(select(func.count()).select_from(Program)).one() == 0


def _phone(rng: random.Random, used: set[str]) -> str:
    while True:
        number = f"+1{rng.choice(AREA_CODES)}5550{rng.randint(100, 199)}"
        if number not in used:
            used.add(number)
            return number


def _name(rng: random.Random, lang: str) -> str:
    return f"{rng.choice(FIRST_NAMES[lang])} {rng.choice(LAST_NAMES[lang])}"


def _load_places(session: Session) -> tuple[dict, list]:
    hoods = {}
    for name, lat, lon, _zip in NEIGHBORHOODS:
        hoods[name] = programs.create_neighborhood(
            session, NeighborhoodCreate(name=name, lat=lat, lon=lon)
        )
    venues = []
    for name, address, hood, lat, lon, access, windows in VENUES:
        venues.append(
            programs.create_venue(
                session,
                VenueCreate(
                    name=name,
                    address=address,
                    neighborhood_id=hoods[hood].id,
                    lat=lat,
                    lon=lon,
                    accessibility_notes=access,
                    windows=[{"day": d, "start": s, "end": e} for d, s, e in windows],
                ),
            )
        )
    name, address, template, lat, lon, access, windows = ONLINE_VENUE
    venues.append(
        programs.create_venue(
            session,
            VenueCreate(
                name=name,
                address=address,
                lat=lat,
                lon=lon,
                accessibility_notes=access,
                online=True,
                meeting_template=template,
                windows=[{"day": d, "start": s, "end": e} for d, s, e in windows],
            ),
        )
    )
    return hoods, venues


def _load_volunteers(
    session: Session, rng: random.Random, hoods: dict, today: date, used: set[str]
) -> list[Volunteer]:
    out = []
    for i in range(120):
        lang = rng.choices(["es", "en", "ko", "hy"], weights=[40, 44, 9, 7])[0]
        hood_name, lat, lon, zip_code = rng.choice(NEIGHBORHOODS)
        certs = []
        completed = today - timedelta(days=rng.randint(60, 1400))
        expires = completed + timedelta(days=730)
        if i % 40 == 3:
            expires = today + timedelta(days=rng.randint(3, 28))  # expiring within 30 days
        if rng.random() < 0.75 or i < 40:
            certs.append(
                {
                    "name": "njp_panelist",
                    "completed_on": completed,
                    "expires_on": expires,
                    "training_hours": 25,
                }
            )
            if rng.random() < 0.4:
                certs.append(
                    {
                        "name": "njp_facilitator",
                        "completed_on": completed + timedelta(days=30),
                        "expires_on": None,
                        "training_hours": 8,
                    }
                )
        if rng.random() < 0.4:
            certs.append(
                {
                    "name": "mediator",
                    "completed_on": completed,
                    "expires_on": None,
                    "training_hours": 25,
                }
            )
            if rng.random() < 0.35:
                certs.append(
                    {
                        "name": "public_safety_mediator",
                        "completed_on": completed + timedelta(days=60),
                        "expires_on": expires + timedelta(days=60),
                        "training_hours": 12,
                    }
                )
        if i < 4:
            certs.append(
                {
                    "name": "case_manager",
                    "completed_on": completed,
                    "expires_on": None,
                    "training_hours": 40,
                }
            )
        windows = rng.sample(
            [
                ("tue", "17:30", "21:00"),
                ("wed", "17:30", "21:00"),
                ("thu", "17:30", "21:30"),
                ("sat", "08:30", "13:30"),
                ("mon", "09:00", "17:00"),
                ("fri", "09:00", "17:00"),
            ],
            k=rng.randint(1, 4),
        )
        languages = ["en"] if lang == "en" else ([lang, "en"] if rng.random() < 0.85 else [lang])
        v = volunteers.create_volunteer(
            session,
            VolunteerCreate(
                full_name=_name(rng, lang),
                mobile=_phone(rng, used),
                email=f"volunteer{i + 1}@example.org",
                preferred_language=languages[0],
                languages=languages,
                home_lat=round(lat + rng.uniform(-0.02, 0.02), 4),
                home_lon=round(lon + rng.uniform(-0.02, 0.02), 4),
                home_zip=zip_code,
                neighborhood_id=hoods[hood_name].id,
                max_assignments_per_month=rng.choice([2, 3, 4, 4, 5, 6]),
                active=i % 25 != 7,
                certifications=certs,
                availability=[{"day": d, "start": s, "end": e} for d, s, e in windows],
            ),
        )
        if i % 17 == 5:
            start = datetime.combine(today + timedelta(days=rng.randint(3, 20)), time(0), ZONE)
            session.add(
                Blackout(
                    volunteer_id=v.id,
                    start_at=start,
                    end_at=start + timedelta(days=7),
                    reason="Travel",
                )
            )
        out.append(v)
    return out


# status of each demo case and how many of it
STAGES = [
    ("referred", 14),
    ("scheduled", 16),
    ("heard", 5),
    ("agreement", 12),
    ("completed", 8),
    ("returned", 3),
    ("withdrawn", 2),
]


def _evening(day: date, venue_windows_evening: bool, rng: random.Random) -> datetime:
    # Demo hearings fall on the venue's evening or Saturday windows.
    # Draw the evening hour whatever the day, so the demo is the same whichever weekday it is
    # loaded on (a draw skipped on Saturdays shifted every later random choice).
    evening = time(rng.choice([18, 19]), rng.choice([0, 30]))
    while day.weekday() not in (1, 2, 3, 5):
        day += timedelta(days=1)
    clock = time(10, 0) if day.weekday() == 5 else evening
    return datetime.combine(day, clock, ZONE)


def _load_cases(
    session: Session,
    rng: random.Random,
    vols: list[Volunteer],
    venues: list,
    today: date,
    used: set[str],
) -> int:
    progs = {p.code: p for p in session.exec(select(Program)).all()}
    kinds = {k.program_id: k for k in session.exec(select(HearingKind)).all()}
    n = 0
    for status, count in STAGES:
        for _ in range(count):
            n += 1
            code = rng.choices(["NJP", "DRP", "PSM"], weights=[70, 20, 10])[0]
            program = progs[code]
            lang = rng.choices(["en", "es", "ko", "hy"], weights=[50, 40, 6, 4])[0]
            hood = rng.choice(NEIGHBORHOODS)
            referred_on = today - timedelta(
                days={"referred": rng.randint(1, 20), "scheduled": rng.randint(10, 30)}.get(
                    status, rng.randint(40, 200)
                )
            )
            other_role = {"NJP": "victim", "DRP": "other_party", "PSM": "officer"}[code]
            case = cases.create_case(
                session,
                CaseCreate(
                    program_id=program.id,
                    external_ref=f"{code}-{referred_on.year}-{1000 + n:05d}",
                    referral_source="police"
                    if code == "PSM"
                    else rng.choice(["prosecutor", "police", "community"]),
                    description=rng.choice(CASE_DESCRIPTIONS),
                    zip=hood[3],
                    referred_on=referred_on,
                    consent=True,
                    parties=[
                        {
                            "role": "participant",
                            "person": {
                                "full_name": _name(rng, lang),
                                "mobile": _phone(rng, used),
                                "language": lang,
                                "sms_consent": True,
                            },
                        },
                        {
                            "role": other_role,
                            "person": {
                                "full_name": _name(rng, rng.choice(["en", "es"])),
                                "mobile": _phone(rng, used),
                                "language": "en",
                                "sms_consent": rng.random() < 0.7,
                            },
                        },
                    ],
                ),
                actor="demo",
            )
            if status == "referred":
                continue
            _demo_hearing(
                session, rng, case, program, kinds[program.id], vols, venues, today, status
            )
            if status in ("returned", "withdrawn", "completed"):
                case.status = status
                case.closed_at = datetime.now(UTC) - timedelta(days=rng.randint(1, 30))
                case.close_reason = {
                    "returned": "Obligations not met by the due date",
                    "withdrawn": "Participant moved out of the area",
                }.get(status)
                session.add(case)
    return n


def _demo_hearing(session, rng, case, program, kind, vols, venues, today, status) -> None:
    future = status == "scheduled"
    day = (
        today + timedelta(days=rng.randint(1, 13))
        if future
        else case.referred_on + timedelta(days=rng.randint(14, 30))
    )
    evening_venues = [v for v in venues if "City Attorney" not in v.name and not v.online]
    venue = rng.choice(evening_venues)
    start = _evening(day, True, rng)
    hearing = Hearing(
        case_id=case.id,
        kind_id=kind.id,
        venue_id=venue.id,
        start_at=start,
        end_at=start + timedelta(minutes=kind.duration_minutes),
        status="scheduled" if future else "held",
        ical_uid=f"{uuid.uuid4()}@convene.example",
    )
    session.add(hearing)
    session.flush()
    if not future:  # history: the panel that sat
        pool = rng.sample([v for v in vols if v.active], k=6)
        for req in programs.seats_of_kind(session, kind.id):
            for _ in range(req.count):
                session.add(
                    SeatAssignment(
                        hearing_id=hearing.id,
                        volunteer_id=pool.pop().id,
                        role=req.role,
                        status="accepted",
                        invited_at=start - timedelta(days=10),
                    )
                )
    for party in session.exec(select(Party).where(Party.case_id == case.id)).all():
        conf = rng.choice(["pending", "confirmed", "confirmed"]) if future else "confirmed"
        session.add(
            PartyConfirmation(
                hearing_id=hearing.id,
                party_id=party.id,
                status=conf,
                # A confirmation is an answer: the report counts those who answered as asked.
                responded_at=min(start - timedelta(days=2), datetime.now(UTC))
                if conf == "confirmed"
                else None,
                attended=None if future else True,
                attendance=None if future else "present",
            )
        )
    case.status = "scheduled" if future else "heard"
    if status in ("agreement", "completed", "returned") and program.code == "NJP":
        _demo_agreement(session, rng, case, hearing, today, status)
    elif status in ("agreement", "completed"):
        session.add(
            Agreement(
                case_id=case.id,
                hearing_id=hearing.id,
                terms="The parties agreed on the terms read at the session.",
            )
        )
        case.status = "agreement"
    session.add(case)


def _demo_agreement(session, rng, case, hearing, today, status) -> None:
    agreement = Agreement(
        case_id=case.id,
        hearing_id=hearing.id,
        terms="Complete community service, write an apology letter to the store owner.",
    )
    session.add(agreement)
    session.flush()
    due = hearing.start_at.date() + timedelta(days=56)
    target = rng.choice([10, 15, 20])
    hours = Obligation(
        case_id=case.id,
        agreement_id=agreement.id,
        kind="community_service",
        label="Community service",
        target=target,
        due_date=due,
        status="completed" if status == "completed" else "open",
    )
    letter = Obligation(
        case_id=case.id,
        agreement_id=agreement.id,
        kind="apology_letter",
        label="Apology letter",
        due_date=due,
        status="completed" if status == "completed" or rng.random() < 0.4 else "open",
    )
    session.add(hours)
    session.add(letter)
    session.flush()
    done = target if status == "completed" else rng.randint(0, target - 1)
    day = hearing.start_at.date() + timedelta(days=3)
    while done > 0:
        h = min(done, rng.choice([2, 3, 4]))
        if day > today:
            break
        session.add(
            ServiceLog(
                obligation_id=hours.id,
                worked_on=day,
                hours=h,
                site=rng.choice(SERVICE_SITES),
                status="verified",
                reported_by="participant",
                verified_by="site supervisor",
                verified_at=datetime.combine(day, time(17), ZONE),
            )
        )
        done -= h
        day += timedelta(days=rng.randint(2, 6))
    case.status = "agreement"
    case.due_date = due


def _match_and_invite(session: Session, rng: random.Random, today: date) -> None:
    """Panels for upcoming hearings come from the engine, as they would in real use."""
    from service.accounts.auth import Principal
    from service.panels import runs

    admin = User(email="demo", full_name="demo", password_hash="", role="admin")
    start = datetime.combine(today, time(0), ZONE)
    for program in session.exec(
        select(Program).where(Program.code.in_(["NJP", "DRP", "PSM"]))
    ).all():
        run = runs.run_matching(
            session, program, start, start + timedelta(days=21), Principal(user=admin), time_limit=5
        )
        runs.publish(session, run, Principal(user=admin))
    # Some volunteers have answered: most accept, a few decline (those seats wait for cover).
    for seat in session.exec(
        select(SeatAssignment).where(SeatAssignment.status == "invited")
    ).all():
        roll = rng.random()
        if roll < 0.6:
            seat.status = "accepted"
        elif roll < 0.7:
            seat.status = "declined"
        else:
            continue
        seat.responded_at = datetime.now(UTC) - timedelta(hours=rng.randint(1, 48))
        session.add(seat)


def _demo_surveys(session: Session, rng: random.Random) -> None:
    """What the parties of past hearings said by text afterwards (most answered, a few not)."""
    held = session.exec(
        select(Hearing, Case).join(Case, Case.id == Hearing.case_id).where(Hearing.status == "held")
    ).all()
    for hearing, case in held:
        texts = [
            q.as_dict() for q in program_questions(session, session.get(Program, case.program_id))
        ]
        parties = session.exec(
            select(Party, Person)
            .join(Person, Person.id == Party.person_id)
            .where(Party.case_id == case.id)
        ).all()
        for party, person in parties:
            if not (person.mobile and person.sms_consent):
                continue
            asked = hearing.end_at + timedelta(hours=15)
            survey = Survey(
                hearing_id=hearing.id,
                case_id=case.id,
                party_id=party.id,
                role=party.role,
                language=person.language,
                phone=person.mobile,
                questions=texts,
                asked_at=asked,
                closes_at=asked + timedelta(days=4),
                created_at=hearing.end_at,
            )
            roll = rng.random()
            answered = 0 if roll < 0.2 else 1 if roll < 0.3 else len(texts)
            if not may_text(person):
                survey.status, answered = "not_texted", 0
                survey.reason = no_catalog_words(person)
            else:
                survey.status = "completed" if answered == len(texts) else "unanswered"
                survey.closed_at = asked + timedelta(days=4)
            session.add(survey)
            session.flush()
            for n, q in enumerate(texts[:answered]):
                fair = rng.choices([5, 4, 3, 2, 1], weights=[45, 30, 12, 8, 5])[0]
                value = fair if q["kind"] == "scale" else int(rng.random() < 0.85)
                session.add(
                    SurveyAnswer(
                        survey_id=survey.id,
                        position=n,
                        kind=q["kind"],
                        fairness=q["fairness"],
                        value=value,
                        reply=str(value) if q["kind"] == "scale" else "YN"[1 - value],
                        answered_at=asked + timedelta(hours=n + 1),
                    )
                )


def load_demo(session: Session, *, seed: int = 2026, today: date | None = None) -> dict:
    """Load the demo program into an empty database; returns what was created."""
    rng = random.Random(seed)
    today = today or datetime.now(ZONE).date()
    for spec in PROGRAMS:
        programs.create_program(session, ProgramCreate.model_validate(spec))
    hoods, venues = _load_places(session)
    used: set[str] = set()
    vols = _load_volunteers(session, rng, hoods, today, used)
    n_cases = _load_cases(session, rng, vols, venues, today, used)
    _match_and_invite(session, rng, today)
    # Its own generator: the rest of the demo stays exactly as it was before surveys.
    _demo_surveys(session, random.Random(seed + 1))
    for email, name, role in DEMO_ACCOUNTS:
        if session.exec(select(User).where(User.email == email)).first() is None:
            auth.create_user(
                session,
                email=email,
                full_name=name,
                password=DEMO_PASSWORD,
                role=role,
                program_ids=[p.id for p in session.exec(select(Program)).all()]
                if role != "admin"
                else [],
            )
    session.flush()
    return {
        "programs": len(PROGRAMS),
        "neighborhoods": len(hoods),
        "venues": len(venues),
        "volunteers": len(vols),
        "cases": n_cases,
    }
