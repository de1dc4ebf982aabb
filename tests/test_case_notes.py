"""Confidential case notes: only the program's coordinators and the case's mediators read them,
every access is audited, and a note never leaves in a report, export, text, invite or feed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from service import cli
from service.messaging.hearing_texts import hearing_link
from service.models import AuditEvent, Case, CaseNote, Message, SeatAssignment
from service.volunteers.links import self_service_token
from support import make_user, next_local

TUE = 1
MARK = "NOTE-MARK-7f3a admits the window was his"
STAFF = "STAFF-MARK-91c keep from the panel"


def _vol(world, name: str, mobile: str) -> dict:
    return world.volunteer(name, mobile=mobile, email=f"{mobile[-4:]}@example.org")


@pytest.fixture
def nw(world, client, engine):
    """A case with a hearing, a seated mediator, a declined one, another volunteer, two notes."""
    seated = _vol(world, "Mia Mediator", "+13235550150")
    declined = _vol(world, "Dee Declined", "+13235550151")
    other = _vol(world, "Otto Other", "+13235550152")
    case = world.case("CN-1")
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30))
    for vol in (seated, declined):
        r = client.post(
            f"/api/v1/hearings/{hearing['id']}/seats",
            json={"volunteer_id": vol["id"], "role": "panelist"},
            headers=world.coordinator,
        )
        assert r.status_code == 201, r.text
    with Session(engine) as s:
        seat = s.exec(
            select(SeatAssignment).where(SeatAssignment.volunteer_id == declined["id"])
        ).one()
        seat.status = "declined"
        s.add(seat)
        s.commit()
    base = f"/api/v1/cases/{case['id']}/notes"
    for kind, body in (("mediation", MARK), ("staff", STAFF)):
        r = client.post(base, json={"kind": kind, "body": body}, headers=world.coordinator)
        assert r.status_code == 201, r.text
        assert r.json()["body"] == body and r.json()["author"]
    world.engine = engine
    return {"case": case, "hearing": hearing, "seated": seated, "declined": declined,
            "other": other, "base": base}  # fmt: skip


def test_coordinators_of_the_program_write_and_read_notes_and_every_access_is_audited(
    client, engine, world, nw
):
    r = client.get(nw["base"], headers=world.coordinator)
    assert r.status_code == 200
    assert [(n["kind"], n["body"]) for n in r.json()] == [("mediation", MARK), ("staff", STAFF)]
    assert (
        client.post(nw["base"], json={"body": "x" * 8001}, headers=world.coordinator).status_code
        == 422
    )
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.entity == "case_note")).all()
    assert [e.action for e in events] == ["create", "create", "read"]
    assert all(e.entity_id == str(nw["case"]["id"]) and e.user_id for e in events)
    assert not any(MARK in e.detail for e in events)


def test_viewers_admins_other_programs_and_strangers_are_refused(client, engine, world, nw):
    base = nw["base"]
    refused = {
        "viewer of the program": (world.viewer, 403),
        "administrator": (world.admin, 403),
        "coordinator of another program": (world.drp_coordinator, 404),
        "anonymous": ({}, 401),
    }
    client.cookies.clear()  # each caller is named by its header alone
    for who, (headers, status) in refused.items():
        r = client.get(base, headers=headers)
        assert r.status_code == status, (who, r.text)
        assert MARK not in r.text
        r = client.post(base, json={"body": "sneaky"}, headers=headers)
        assert r.status_code == status, (who, r.text)
    # A coordinator of both programs is a coordinator of this one.
    from support import login

    both = login(client, make_user(engine, "coordinator", [world.njp["id"], world.drp["id"]]))
    assert client.get(base, headers=both).status_code == 200
    with Session(engine) as s:
        assert s.exec(select(CaseNote).where(CaseNote.body == "sneaky")).first() is None


def _page(client, headers: dict, path: str):
    token = headers["Authorization"].removeprefix("Bearer ")
    client.cookies.clear()
    return client.get(path, headers={"Cookie": f"convene_session={token}", "accept": "text/html"})


def test_case_page_shows_notes_to_coordinators_only(client, world, nw):
    path = f"/cases/{nw['case']['id']}"
    assert MARK in _page(client, world.coordinator, path).text
    for headers in (world.viewer, world.admin):
        r = _page(client, headers, path)
        assert r.status_code == 200 and MARK not in r.text and "Confidential notes" not in r.text


def test_seated_mediators_read_mediation_notes_on_their_page(client, engine, world, nw):
    with Session(engine) as s:
        from service.models import Volunteer

        tokens = {
            k: self_service_token(s.get(Volunteer, nw[k]["id"]))
            for k in ("seated", "declined", "other")
        }
    page = client.get(f"/me/{tokens['seated']}")
    assert page.status_code == 200 and MARK in page.text and STAFF not in page.text
    for k in ("declined", "other"):
        r = client.get(f"/me/{tokens[k]}")
        assert r.status_code == 200 and MARK not in r.text, k
    with Session(engine) as s:
        reads = s.exec(
            select(AuditEvent).where(
                AuditEvent.entity == "case_note", AuditEvent.actor.like("volunteer%")
            )
        ).all()
    assert [(e.actor, e.action) for e in reads] == [
        (f"volunteer {nw['seated']['id']} (self-service link)", "read")
    ]


def test_a_note_never_leaves_in_reports_exports_texts_invites_or_feeds(client, engine, world, nw):
    case_id, hearing_id = nw["case"]["id"], nw["hearing"]["id"]
    # Changes after the note was written queue new texts and invites: none may carry it.
    r = client.patch(
        f"/api/v1/hearings/{hearing_id}",
        json={"start": next_local(TUE, 19, 0)},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    outputs = []
    period = {
        "from": "2020-01-01",
        "to": (datetime.now(UTC) + timedelta(days=60)).date().isoformat(),
    }
    for monthly in ("false", "true"):
        r = client.get(
            "/api/v1/reports/program.csv",
            params=period | {"monthly": monthly},
            headers=world.coordinator,
        )
        assert r.status_code == 200
        outputs.append(r.text)
    r = client.get("/api/v1/audit-events/export.csv", headers=world.admin)
    assert r.status_code == 200 and ",case_note," in r.text
    outputs.append(r.text)
    for path in (
        f"/api/v1/cases/{case_id}",
        f"/api/v1/cases/{case_id}/events",
        f"/api/v1/hearings/{hearing_id}",
    ):
        outputs.append(client.get(path, headers=world.coordinator).text)
    timeline = client.get(f"/api/v1/cases/{case_id}/timeline", headers=world.coordinator)
    assert "mediation note added" in timeline.text  # that a note was added, never what it says
    outputs.append(timeline.text)
    feed = client.post(
        f"/api/v1/volunteers/{nw['seated']['id']}/calendar-feed", headers=world.coordinator
    )
    ics = client.get(feed.json()["url"].split("8000", 1)[-1])
    assert ics.status_code == 200 and "BEGIN:VCALENDAR" in ics.text
    outputs.append(ics.text)
    with Session(engine) as s:
        seat = s.exec(
            select(SeatAssignment).where(SeatAssignment.volunteer_id == nw["seated"]["id"])
        ).one()
        messages = s.exec(select(Message)).all()
    one = client.get("/c/" + hearing_link(seat.id).rsplit("/c/", 1)[-1])
    assert one.status_code == 200
    outputs.append(one.text)
    assert len(messages) >= 4  # texts and invites to the parties and the panel
    for m in messages:
        outputs.append(" ".join(filter(None, (m.subject, m.body, m.html, m.ics))))
    for text in outputs:
        assert MARK not in text and STAFF not in text and "NOTE-MARK" not in text


def test_retention_removes_note_bodies_of_old_closed_cases(client, engine, world, nw, capsys):
    with Session(engine) as s:
        case = s.get(Case, nw["case"]["id"])
        case.status, case.closed_at = "completed", datetime.now(UTC) - timedelta(days=1200)
        s.add(case)
        s.commit()
    assert cli.main(["retention", "--days", "1095"]) == 0
    assert "anonymised 1 cases" in capsys.readouterr().out
    with Session(engine) as s:
        notes = s.exec(select(CaseNote).where(CaseNote.case_id == nw["case"]["id"])).all()
        assert [n.body for n in notes] == ["[removed]", "[removed]"]
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "anonymise")).one()
        assert "2 notes" in event.detail
