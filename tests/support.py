"""Helpers shared by the service tests: users, sign-in, a small program, local times."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

PASSWORD = "correct horse battery"


def make_user(
    engine: Engine, role: str, program_ids: list[int] | None = None, email: str | None = None
) -> str:
    """Create a user directly in the database; returns its email."""
    from service import auth

    email = email or f"{role}-{uuid.uuid4().hex[:6]}@example.org"
    with Session(engine) as s:
        auth.create_user(
            s,
            email=email,
            full_name=role.title(),
            password=PASSWORD,
            role=role,
            program_ids=program_ids or [],
        )
        s.commit()
    return email


def login(client: TestClient, email: str) -> dict[str, str]:
    """Sign in and return the Authorization header."""
    r = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
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


def next_local(weekday: int, hour: int, minute: int = 0, *, weeks_ahead: int = 1) -> str:
    """An ISO instant for the next given weekday and local time in Los Angeles, in the future."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Los_Angeles")
    today = datetime.now(zone).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).isoformat()
