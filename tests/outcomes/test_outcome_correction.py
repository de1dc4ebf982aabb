"""Outcomes in three attendance answers, volunteers' attendance, "did not take place", and
corrections of a recorded outcome (audited, on the timeline, progress never lost)."""

from __future__ import annotations

from datetime import timedelta

from outcome_support import case_with_hearing, parties
from sqlmodel import Session, select

from service.models import (
    AuditEvent,
    CaseEvent,
    Hearing,
    Obligation,
    PartyConfirmation,
    SeatAssignment,
)
from service.outcomes.volunteer_hours import yearly_service


def _post(ow, hearing_id, body):
    return ow.client.post(
        f"/api/v1/hearings/{hearing_id}/outcome", json=body, headers=ow.coordinator
    )


def _patch(ow, hearing_id, body):
    return ow.client.patch(
        f"/api/v1/hearings/{hearing_id}/outcome", json=body, headers=ow.coordinator
    )


def _seat(ow, engine, hearing_id: int, name: str, mobile: str) -> int:
    """A volunteer who accepted a seat on the hearing (written directly: matching is elsewhere)."""
    vol = ow.volunteer(name, mobile=mobile)
    with Session(engine) as s:
        s.add(
            SeatAssignment(
                hearing_id=hearing_id, volunteer_id=vol["id"], role="panelist", status="accepted"
            )
        )
        s.commit()
    return vol["id"]


def _agreement(ow, engine, ref="CA-1"):
    case, hearing = case_with_hearing(ow, ref)
    p = parties(case)
    vol = _seat(ow, engine, hearing["id"], f"Vol {ref}", "323-555-01" + ref[-1] + "1")
    body = {
        "result": "agreement",
        "attendance": [
            {"party_id": p["participant"], "attendance": "present"},
            {"party_id": p["victim"], "attendance": "excused"},
        ],
        "volunteers": [{"volunteer_id": vol, "attendance": "absent"}],
        "agreement": {
            "terms": "Twenty hours and a letter.",
            "obligations": [
                {"type_code": "service_hours"},
                {"kind": "apology_letter", "label": "Apology letter"},
            ],
        },
    }
    r = _post(ow, hearing["id"], body)
    assert r.status_code == 201, r.text
    return case, hearing, vol, r.json()


def test_agreement_with_two_obligations_takes_the_programs_defaults_and_three_answers(ow, engine):
    case, hearing, vol, out = _agreement(ow, engine)
    obligations = out["agreement"]["obligations"]
    assert [(o["kind"], o["target"]) for o in obligations] == [
        ("community_service", 20),
        ("apology_letter", None),
    ]
    due = (hearing["day"] + timedelta(days=56)).isoformat()  # NJP's 8-week window
    assert [o["due_date"] for o in obligations] == [due, due]
    p = parties(case)
    assert {a["party_id"]: a["attendance"] for a in out["attendance"]} == {
        p["participant"]: "present",
        p["victim"]: "excused",
    }
    assert out["volunteers"] == [{"volunteer_id": vol, "attendance": "absent"}]
    with Session(engine) as s:
        confs = {
            c.party_id: (c.attendance, c.attended)
            for c in s.exec(
                select(PartyConfirmation).where(PartyConfirmation.hearing_id == hearing["id"])
            ).all()
        }
        # The older yes/no column follows: excused is not attended.
        assert confs == {p["participant"]: ("present", True), p["victim"]: ("excused", False)}
        # A volunteer who did not come did not sit the hearing.
        year = hearing["day"].year
        assert yearly_service(s, vol, year).hearings == 0


def test_old_payloads_with_attended_still_work(ow, engine):
    case, hearing = case_with_hearing(ow)
    p = parties(case)
    body = {
        "result": "no_show",
        "no_show_action": "reschedule",
        "attendance": [
            {"party_id": p["participant"], "attended": False},
            {"party_id": p["victim"], "attended": True},
        ],
    }
    r = _post(ow, hearing["id"], body)
    assert r.status_code == 201, r.text
    assert r.json()["case_status"] == "referred"
    got = {a["party_id"]: a["attendance"] for a in r.json()["attendance"]}
    assert got == {p["participant"]: "absent", p["victim"]: "present"}


def test_rescheduled_sends_the_case_back_to_be_booked(ow, engine):
    case, hearing = case_with_hearing(ow)
    p = parties(case)
    body = {
        "result": "rescheduled",
        "note": "venue closed for a power cut",
        "attendance": [{"party_id": p["participant"], "attendance": "excused"}],
    }
    r = _post(ow, hearing["id"], body)
    assert r.status_code == 201, r.text
    assert r.json()["hearing_status"] == "rescheduled" and r.json()["case_status"] == "referred"
    with Session(engine) as s:
        event = s.exec(
            select(CaseEvent).where(CaseEvent.case_id == case["id"], CaseEvent.kind == "status")
        ).all()[-1]
    assert event.to_status == "referred" and "did not take place" in event.detail
    assert "power cut" in event.detail
    # Recorded once: a second outcome is refused, a new hearing can be booked.
    again = _post(ow, hearing["id"], {"result": "no_agreement"})
    assert again.status_code == 409
    from support import next_local

    assert ow.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))["status"] == "scheduled"


def test_an_excused_participant_cannot_have_an_agreement(ow):
    case, hearing = case_with_hearing(ow)
    p = parties(case)
    body = {
        "result": "agreement",
        "attendance": [{"party_id": p["participant"], "attendance": "excused"}],
        "agreement": {"terms": "", "obligations": []},
    }
    r = _post(ow, hearing["id"], body)
    assert r.status_code == 422
    assert "the participant was excused" in r.text
    assert r.json()["error"]["details"][0]["field"] == "attendance.0.attendance"
    assert (
        ow.client.get(f"/api/v1/hearings/{hearing['id']}", headers=ow.coordinator).json()["status"]
        == "scheduled"
    )


def test_no_show_returned_to_the_agency(ow):
    case, hearing = case_with_hearing(ow)
    p = parties(case)
    body = {
        "result": "no_show",
        "no_show_action": "return",
        "return_reason": "second missed hearing",
        "attendance": [{"party_id": p["participant"], "attendance": "absent"}],
    }
    r = _post(ow, hearing["id"], body)
    assert r.status_code == 201 and r.json()["case_status"] == "returned"


def test_correction_is_audited_and_on_the_timeline(ow, engine):
    case, hearing, vol, out = _agreement(ow, engine)
    hours, letter = out["agreement"]["obligations"]
    p = parties(case)
    new_due = (hearing["day"] + timedelta(days=70)).isoformat()
    body = {
        "attendance": [{"party_id": p["victim"], "attendance": "present"}],
        "volunteers": [{"volunteer_id": vol, "attendance": "present"}],
        "terms": "Fifteen hours, no letter, an essay.",
        "obligations": [
            {"id": hours["id"], "target": 15, "due_date": new_due, "label": "Park clean-up"},
            {"id": letter["id"], "remove": True},
        ],
        "add_obligations": [{"kind": "essay", "label": "Reflection essay"}],
    }
    r = _patch(ow, hearing["id"], body)
    assert r.status_code == 200, r.text
    got = r.json()
    obligations = got["agreement"]["obligations"]
    assert [(o["label"], o["target"], o["due_date"]) for o in obligations] == [
        ("Park clean-up", 15, new_due),
        ("Reflection essay", None, (hearing["day"] + timedelta(days=56)).isoformat()),
    ]
    assert got["agreement"]["terms"] == "Fifteen hours, no letter, an essay."
    assert len(got["changes"]) == 8, got["changes"]  # 2 attendance, terms, 3 fields, -1, +1
    with Session(engine) as s:
        audits = s.exec(
            select(AuditEvent).where(
                AuditEvent.action == "correct", AuditEvent.entity == "hearing_outcome"
            )
        ).all()
        events = s.exec(
            select(CaseEvent).where(
                CaseEvent.case_id == case["id"], CaseEvent.kind == "outcome_corrected"
            )
        ).all()
        labels = [
            o.label for o in s.exec(select(Obligation).where(Obligation.case_id == case["id"]))
        ]
        assert labels == ["Park clean-up", "Reflection essay"]  # the letter is gone
        conf = s.exec(
            select(PartyConfirmation).where(PartyConfirmation.party_id == p["victim"])
        ).one()
        assert (conf.attendance, conf.attended) == ("present", True)
    assert len(audits) == 1 and audits[0].entity_id == str(hearing["id"])
    assert "target 20 hours -> 15 hours" in audits[0].detail
    assert "removed" in audits[0].detail and audits[0].actor
    assert len(events) == 1 and "Park clean-up" in events[0].detail
    # The same correction again changes nothing and leaves no trace.
    again = _patch(ow, hearing["id"], {"terms": "Fifteen hours, no letter, an essay."})
    assert again.status_code == 200 and again.json()["changes"] == []


def test_an_obligation_with_logged_hours_is_not_removed(ow, engine):
    case, hearing, vol, out = _agreement(ow, engine)
    hours = out["agreement"]["obligations"][0]
    r = ow.client.post(
        f"/api/v1/obligations/{hours['id']}/service-logs",
        json={"worked_on": hearing["day"].isoformat(), "hours": 2, "site": "Food bank"},
        headers=ow.coordinator,
    )
    assert r.status_code == 201, r.text
    r = _patch(ow, hearing["id"], {"obligations": [{"id": hours["id"], "remove": True}]})
    assert r.status_code == 409 and "waive it instead" in r.text
    r = _patch(
        ow,
        hearing["id"],
        {"obligations": [{"id": hours["id"], "due_date": hearing["day"].isoformat()}]},
    )
    assert r.status_code == 200  # the hearing's own day is still allowed
    r = _patch(
        ow,
        hearing["id"],
        {
            "obligations": [
                {"id": hours["id"], "due_date": (hearing["day"] - timedelta(days=1)).isoformat()}
            ]
        },
    )
    assert r.status_code == 422 and "before the hearing" in r.text
    with Session(engine) as s:
        assert s.get(Obligation, hours["id"]).due_date == hearing["day"]


def test_nothing_to_correct_before_the_outcome_is_recorded(ow, engine):
    case, hearing = case_with_hearing(ow)
    r = _patch(ow, hearing["id"], {"note": "early"})
    assert r.status_code == 409 and "not recorded yet" in r.text
    with Session(engine) as s:
        assert s.get(Hearing, hearing["id"]).outcome_note == ""
