"""The case timeline (order, sources, privacy) and volunteers' yearly service."""

from __future__ import annotations

from datetime import datetime, timedelta

from outcome_support import LA, agree, case_with_hearing, set_hearing_time
from sqlmodel import Session, select

from service.models import InboundMessage, SeatAssignment
from support import next_local


def test_timeline_merges_events_messages_and_replies_in_time_order(ow, engine):
    case, hearing = case_with_hearing(ow)
    with Session(engine) as s:
        s.add(InboundMessage(provider_id="SM-timeline-1", from_number="+13235550199", body="SI",
                             intent="confirm", case_id=case["id"]))  # fmt: skip
        s.commit()
    agree(ow, case, hearing, [{"kind": "essay"}])
    r = ow.client.get(f"/api/v1/cases/{case['id']}/timeline", headers=ow.coordinator)
    assert r.status_code == 200, r.text
    rows = r.json()
    stamps = [datetime.fromisoformat(e["at"]) for e in rows]
    assert stamps == sorted(stamps)
    types = [e["type"] for e in rows]
    assert {"event", "message", "reply"} <= set(types)
    assert types.index("message") < types.index("reply")  # the notice went out before the reply
    kinds = [e["kind"] for e in rows]
    assert kinds.index("referred") < kinds.index("confirm") < kinds.index("obligation_added")
    transitions = [(e["from_status"], e["to_status"]) for e in rows if e["kind"] == "status"]
    assert transitions[-1] == ("heard", "agreement")
    reply = next(e for e in rows if e["type"] == "reply")
    assert reply["detail"] == "SI"


def test_timeline_is_for_the_programs_coordinators_only(ow):
    case, _hearing = case_with_hearing(ow)
    path = f"/api/v1/cases/{case['id']}/timeline"
    assert ow.client.get(path, headers=ow.viewer).status_code == 403
    assert ow.client.get(path, headers=ow.drp_coordinator).status_code == 404
    assert ow.client.get(path, headers=ow.admin).status_code == 200
    assert ow.client.get("/api/v1/cases/999999/timeline", headers=ow.coordinator).status_code == 404


def _sat(ow, engine, volunteer, start, status="accepted", outcome="no_agreement", ref="S"):
    case = ow.case(ref)
    h = ow.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    r = ow.client.post(f"/api/v1/hearings/{h['id']}/seats",
                       json={"volunteer_id": volunteer["id"], "role": "panelist"}, headers=ow.coordinator)  # fmt: skip
    assert r.status_code == 201, r.text
    with Session(engine) as s:
        seat = s.exec(select(SeatAssignment).where(SeatAssignment.hearing_id == h["id"])).one()
        seat.status = status
        s.add(seat)
        s.commit()
    set_hearing_time(engine, h["id"], start, minutes=90)
    body = {"result": outcome}
    if outcome == "no_show":
        body["no_show_action"] = "reschedule"
    r = ow.client.post(f"/api/v1/hearings/{h['id']}/outcome", json=body, headers=ow.coordinator)
    assert r.status_code == 201, r.text


def test_volunteer_yearly_service_counts_accepted_seats_on_held_hearings(ow, engine):
    vol = ow.volunteer("Dana Cruz", mobile="323-555-0111")
    now = datetime.now(LA)
    this_year = datetime(now.year, 3, 3, 18, 30, tzinfo=LA)
    if this_year > now:
        this_year = now - timedelta(days=2)
    _sat(ow, engine, vol, this_year, ref="S1")
    _sat(ow, engine, vol, this_year + timedelta(days=1), ref="S2")
    _sat(ow, engine, vol, this_year + timedelta(days=2), outcome="no_show", ref="S3")
    _sat(ow, engine, vol, this_year + timedelta(hours=3), status="declined", ref="S4")
    _sat(ow, engine, vol, datetime(now.year - 1, 12, 31, 18, 30, tzinfo=LA), ref="S5")
    r = ow.client.get(
        f"/api/v1/volunteers/{vol['id']}/service", params={"year": now.year}, headers=ow.viewer
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"volunteer_id": vol["id"], "year": now.year, "hearings": 2, "hours": 3.0}
    r = ow.client.get(f"/api/v1/volunteers/{vol['id']}/service", params={"year": now.year - 1},
                      headers=ow.viewer)  # fmt: skip
    assert r.json()["hearings"] == 1 and r.json()["hours"] == 1.5
    assert ow.client.get("/api/v1/volunteers/999999/service", params={"year": 2026},
                         headers=ow.viewer).status_code == 404  # fmt: skip
    assert (
        ow.client.get(f"/api/v1/volunteers/{vol['id']}/service", headers=ow.viewer).status_code
        == 422
    )
