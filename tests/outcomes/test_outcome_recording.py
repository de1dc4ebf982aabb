"""Recording a hearing's outcome: attendance, agreement, no agreement, no-show; refusals."""

from __future__ import annotations

from datetime import timedelta

from outcome_support import agree, case_with_hearing, parties
from sqlmodel import Session, select

from service.models import CaseEvent, PartyConfirmation


def _post(ow, hearing_id, body, headers=None):
    return ow.client.post(
        f"/api/v1/hearings/{hearing_id}/outcome", json=body, headers=headers or ow.coordinator
    )


def test_agreement_moves_hearing_and_case_and_sets_default_due_dates(ow, engine):
    case, hearing = case_with_hearing(ow)
    out = agree(
        ow,
        case,
        hearing,
        [{"type_code": "service_hours"}, {"kind": "apology_letter", "label": "Letter"}],
        terms="Twenty hours and a letter.",
    )
    assert out["hearing_status"] == "held" and out["case_status"] == "agreement"
    obligations = out["agreement"]["obligations"]
    assert [o["kind"] for o in obligations] == ["community_service", "apology_letter"]
    assert obligations[0]["target"] == 20 and obligations[0]["label"] == "Community service"
    due = hearing["day"] + timedelta(days=56)  # NJP's completion window
    assert all(o["due_date"] == due.isoformat() for o in obligations)
    assert obligations[0]["progress_text"] == "0 of 20 hours done"
    with Session(engine) as s:
        kinds = [
            (e.from_status, e.to_status)
            for e in s.exec(
                select(CaseEvent).where(CaseEvent.case_id == case["id"], CaseEvent.kind == "status")
            ).all()
        ]
        conf = s.exec(
            select(PartyConfirmation).where(
                PartyConfirmation.party_id == parties(case)["participant"]
            )
        ).one()
    assert kinds == [("referred", "scheduled"), ("scheduled", "heard"), ("heard", "agreement")]
    assert conf.attended is True
    r = ow.client.get(f"/api/v1/cases/{case['id']}/agreement", headers=ow.viewer)
    assert r.status_code == 200 and r.json()["terms"] == "Twenty hours and a letter."


def test_no_agreement_leaves_case_heard_or_returns_it(ow):
    case, hearing = case_with_hearing(ow)
    r = _post(ow, hearing["id"], {"result": "no_agreement", "note": "parties far apart"})
    assert r.status_code == 201, r.text
    assert r.json()["case_status"] == "heard" and r.json()["hearing_status"] == "held"
    case2, hearing2 = case_with_hearing(ow, "CA-2")
    r = _post(ow, hearing2["id"], {"result": "no_agreement", "return_reason": "declined terms"})
    assert r.json()["case_status"] == "returned"
    got = ow.client.get(f"/api/v1/cases/{case2['id']}", headers=ow.coordinator).json()
    assert got["close_reason"] == "declined terms"


def test_no_show_reschedule_puts_case_back_to_referred_so_a_new_hearing_can_be_booked(ow):
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
    assert r.json()["hearing_status"] == "no_show" and r.json()["case_status"] == "referred"
    from support import next_local

    again = ow.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    assert again["status"] == "scheduled"


def test_no_show_return_closes_the_case_with_the_reason(ow):
    case, hearing = case_with_hearing(ow)
    body = {"result": "no_show", "no_show_action": "return", "return_reason": "second no-show"}
    r = _post(ow, hearing["id"], body)
    assert r.json()["case_status"] == "returned"


def test_refusals_leave_everything_as_it_was(ow):
    case, hearing = case_with_hearing(ow)
    p = parties(case)
    bad = [
        ({"result": "agreement"}, "agreement"),  # no agreement body
        ({"result": "no_show"}, "no_show_action"),
        ({"result": "no_show", "no_show_action": "return"}, "return_reason"),
        (
            {
                "result": "agreement",
                "agreement": {"obligations": [{"kind": "community_service"}]},
            },
            "target",
        ),
        (
            {
                "result": "agreement",
                "agreement": {
                    "obligations": [
                        {
                            "kind": "essay",
                            "due_date": (hearing["day"] - timedelta(days=1)).isoformat(),
                        }
                    ]
                },
            },
            "before the hearing",
        ),
        (
            {
                "result": "no_show",
                "no_show_action": "reschedule",
                "attendance": [{"party_id": p["participant"], "attended": True}],
            },
            "not a no-show",
        ),
        (
            {"result": "no_agreement", "attendance": [{"party_id": 999999, "attended": True}]},
            "not a party",
        ),
        ({"result": "agreement", "agreement": {"obligations": [{"type_code": "nope"}]}}, "nope"),
    ]
    for body, words in bad:
        r = _post(ow, hearing["id"], body)
        assert r.status_code == 422, (body, r.text)
        assert words in r.text, (words, r.text)
    got = ow.client.get(f"/api/v1/hearings/{hearing['id']}", headers=ow.coordinator).json()
    assert got["status"] == "scheduled"
    assert (
        ow.client.get(f"/api/v1/cases/{case['id']}", headers=ow.coordinator).json()["status"]
        == "scheduled"
    )
    assert (
        ow.client.get(f"/api/v1/cases/{case['id']}/obligations", headers=ow.coordinator).json()
        == []
    )


def test_outcome_twice_future_hearing_and_access_are_refused(ow):
    case, hearing = case_with_hearing(ow)
    agree(ow, case, hearing, [])
    r = _post(ow, hearing["id"], {"result": "no_agreement"})
    assert r.status_code == 409
    from support import next_local

    case2 = ow.case("CA-2")
    future = ow.hearing(case2["id"], next_local(1, 18, 30, weeks_ahead=3))
    r = _post(ow, future["id"], {"result": "no_agreement"})
    assert r.status_code == 422 and "not started" in r.text
    case3, hearing3 = case_with_hearing(ow, "CA-3")
    assert _post(ow, hearing3["id"], {"result": "no_agreement"}, ow.viewer).status_code == 403
    assert (
        _post(ow, hearing3["id"], {"result": "no_agreement"}, ow.drp_coordinator).status_code == 404
    )
    assert _post(ow, 999999, {"result": "no_agreement"}).status_code == 404


def test_agreement_without_obligations_completes_the_case_with_a_text(ow):
    from outcome_support import messages

    case, hearing = case_with_hearing(ow)
    out = agree(ow, case, hearing, [])
    assert out["case_status"] == "completed"
    sent = messages(ow.engine, kind="case_completed")
    assert len(sent) == 1 and sent[0].to_address == "+13235550199" and sent[0].language == "es"
    assert "Felicidades" in sent[0].body


def test_a_hearing_marked_held_by_status_change_still_takes_its_agreement_once(ow):
    case, hearing = case_with_hearing(ow)
    r = ow.client.patch(
        f"/api/v1/hearings/{hearing['id']}", json={"status": "held"}, headers=ow.coordinator
    )
    assert r.status_code == 200 and r.json()["status"] == "held"
    out = agree(ow, case, hearing, [{"kind": "essay"}])
    assert out["case_status"] == "agreement"
    assert _post(ow, hearing["id"], {"result": "no_agreement"}).status_code == 409
    no_show = {"result": "no_show", "no_show_action": "reschedule"}
    assert _post(ow, hearing["id"], no_show).status_code == 409


def test_a_hearing_marked_missed_by_status_change_still_takes_rebook_or_return(ow):
    case, hearing = case_with_hearing(ow)
    ow.client.patch(
        f"/api/v1/hearings/{hearing['id']}", json={"status": "no_show"}, headers=ow.coordinator
    )
    body = {"result": "no_show", "no_show_action": "return", "return_reason": "did not come"}
    assert _post(ow, hearing["id"], body).json()["case_status"] == "returned"
    assert _post(ow, hearing["id"], body).status_code == 409
