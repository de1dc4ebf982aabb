"""Helpers shared by the service tests: users, sign-in, a small program, local times."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

PASSWORD = "correct horse battery"
# The authenticator every test account with a second factor has (base32, 160 bits).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECOND_FACTOR_ROLES = ("admin", "coordinator")


def make_user(
    engine: Engine,
    role: str,
    program_ids: list[int] | None = None,
    email: str | None = None,
    *,
    totp: bool | None = None,
) -> str:
    """Create a user directly in the database; returns its email.

    Admins and coordinators get a confirmed authenticator (TOTP_SECRET), as production requires
    of them; viewers get none. `totp` says otherwise.
    """
    from service.accounts import auth
    from service.db import utcnow

    email = email or f"{role}-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as s:
        user = auth.create_user(
            s,
            email=email,
            full_name=role.title(),
            password=PASSWORD,
            role=role,
            program_ids=program_ids or [],
        )
        if totp if totp is not None else role in SECOND_FACTOR_ROLES:
            user.totp_secret = TOTP_SECRET
            user.totp_confirmed_at = utcnow()
            s.add(user)
        s.commit()
    return email


def totp_code(email: str, engine: Engine | None = None) -> str | None:
    """A code the server will accept now for this account, or None when it has no factor.

    Codes work once per 30-second step and the server takes the current step or the next, so
    the helper uses the first of those not yet used. A test that signs one account in more
    often than that within one step (no person could) forgets the last step used instead of
    waiting; the server's replay check itself is tested in test_totp.
    """
    from service.db import get_engine
    from service.models import User

    with Session(engine or get_engine()) as s:
        user = s.exec(select(User).where(User.email == email.strip().lower())).one()
        if user.totp_confirmed_at is None or user.totp_secret is None:
            return None
        totp = pyotp.TOTP(user.totp_secret)
        now = totp.timecode(datetime.now(UTC))
        step = now if user.totp_last_step is None else max(now, user.totp_last_step + 1)
        if step > now + 1:
            user.totp_last_step = None
            s.add(user)
            s.commit()
            step = now
        return totp.generate_otp(step)


def credentials(email: str, engine: Engine | None = None) -> dict[str, str]:
    """The JSON body of POST /api/v1/auth/login for a test account, code included when needed."""
    body = {"email": email, "password": PASSWORD}
    code = totp_code(email, engine)
    if code is not None:
        body["totp_code"] = code
    return body


def user_row(engine: Engine, email: str):
    """The stored account with this email."""
    from service.models import User

    with Session(engine) as s:
        return s.exec(select(User).where(User.email == email)).one()


def audit_trail(engine: Engine, email: str, action: str) -> list:
    """The audit events of one action on this account, oldest first."""
    from service.models import AuditEvent

    uid = str(user_row(engine, email).id)
    with Session(engine) as s:
        return s.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_id == uid, AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()


def error_code(response) -> str:
    """The error code of an API error answer."""
    return response.json()["error"]["code"]


def post_login(client: TestClient, data: dict[str, str], **kwargs):
    """Post the sign-in form as a browser does: load it first (its token and cookie), then send."""
    page = client.get("/login")
    m = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert m, "no sign-in token on /login"
    return client.post("/login", data={**data, "csrf_token": m.group(1)}, **kwargs)


def login(client: TestClient, email: str) -> dict[str, str]:
    """Sign in (with the authenticator code when the account has one); the Authorization header."""
    r = client.post("/api/v1/auth/login", json=credentials(email))
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


NJP = {
    "code": "NJP",
    "name": "Neighborhood Justice Program",
    "phone": "+12135550100",
    "screens_statutory_exclusions": True,
    "hearing_kinds": [
        {
            "code": "panel",
            "name": "Community panel",
            "duration_minutes": 90,
            "seats": [
                {"role": "facilitator", "count": 1, "requires": ["njp_facilitator"]},
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
        }
    ],
}
DRP = {
    "code": "DRP",
    "name": "Dispute Resolution Program",
    "hearing_kinds": [
        {
            "code": "mediation",
            "name": "Mediation",
            "duration_minutes": 120,
            "seats": [{"role": "mediator", "count": 2, "requires": ["mediator"]}],
        }
    ],
}
EVENING_WINDOWS = [{"day": d, "start": "18:00", "end": "21:00"} for d in ("tue", "wed", "thu")] + [
    {"day": "sat", "start": "09:00", "end": "13:00"}
]


class World:
    """A small program set up through the API: programs, places, users of each role."""

    def __init__(self, client: TestClient, engine: Engine, admin: dict[str, str]) -> None:
        self.client = client
        self.admin = admin
        post = lambda path, body: client.post(path, json=body, headers=admin)  # noqa: E731
        r = post("/api/v1/programs", NJP)
        assert r.status_code == 201, r.text
        self.njp = r.json()
        self.drp = post("/api/v1/programs", DRP).json()
        self.hollywood = post(
            "/api/v1/neighborhoods", {"name": "Hollywood", "lat": 34.0928, "lon": -118.3287}
        ).json()
        r = post(
            "/api/v1/venues",
            {
                "name": "Hollywood Regional Library",
                "address": "1623 N Ivar Ave, Los Angeles, CA 90028",
                "neighborhood_id": self.hollywood["id"],
                "lat": 34.1007,
                "lon": -118.3289,
                "windows": EVENING_WINDOWS,
            },
        )
        assert r.status_code == 201, r.text
        self.venue = r.json()
        self.coordinator = login(client, make_user(engine, "coordinator", [self.njp["id"]]))
        self.drp_coordinator = login(client, make_user(engine, "coordinator", [self.drp["id"]]))
        self.viewer = login(client, make_user(engine, "viewer", [self.njp["id"]]))

    def volunteer(self, name: str = "Ana Morales", mobile: str | None = None, **extra) -> dict:
        """Create a certified, available volunteer."""
        body = {
            "full_name": name,
            "mobile": mobile,
            "languages": ["en", "es"],
            "home_zip": "90028",
            "certifications": [
                {
                    "name": "njp_panelist",
                    "completed_on": "2025-01-10",
                    "expires_on": None,
                    "training_hours": 25,
                },
                {"name": "njp_facilitator", "completed_on": "2025-02-10", "training_hours": 8},
            ],
            "availability": EVENING_WINDOWS,
        } | extra
        r = self.client.post("/api/v1/volunteers", json=body, headers=self.coordinator)
        assert r.status_code == 201, r.text
        return r.json()

    def case(self, ref: str = "CA-1", **extra) -> dict:
        """Refer a consenting NJP case with a participant and a victim."""
        body = {
            "program_id": self.njp["id"],
            "external_ref": ref,
            "zip": "90028",
            "consent": True,
            "parties": [
                {
                    "role": "participant",
                    "person": {
                        "full_name": "Jordan Lee",
                        "mobile": "323-555-0199",
                        "language": "es",
                        "sms_consent": True,
                    },
                },
                {"role": "victim", "person": {"full_name": "Store Owner"}},
            ],
        } | extra
        r = self.client.post("/api/v1/cases", json=body, headers=self.coordinator)
        assert r.status_code == 201, r.text
        return r.json()

    def hearing(self, case_id: int, start: str, **extra) -> dict:
        """Book a panel at the venue."""
        body = {
            "case_id": case_id,
            "kind": "panel",
            "venue_id": self.venue["id"],
            "start": start,
        } | extra
        r = self.client.post("/api/v1/hearings", json=body, headers=self.coordinator)
        assert r.status_code == 201, r.text
        return r.json()


LA = ZoneInfo("America/Los_Angeles")


def local_now() -> datetime:
    """Now in Los Angeles, the test program's zone (follows a faked clock)."""
    return datetime.now(LA)


def next_local(weekday: int, hour: int, minute: int = 0, *, weeks_ahead: int = 1) -> str:
    """An ISO instant on the given weekday and Los Angeles time, 7 * weeks_ahead - 6 to
    7 * weeks_ahead days after today (so always in the future, whatever the day)."""
    today = local_now().date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LA).isoformat()


def horizon(*starts: str, weeks: int = 4) -> dict[str, str]:
    """A matching horizon from now that holds every start given (and at least `weeks` weeks).

    Built from "now" and the hearings it must contain, never from an independent weekday: a
    horizon starting "next Monday" missed a hearing "next Tuesday" on every Tuesday.
    """
    now = local_now()
    end = now + timedelta(weeks=weeks)
    for start in starts:
        end = max(end, datetime.fromisoformat(start) + timedelta(days=1))
    return {"from": now.isoformat(), "to": end.isoformat()}
