"""Hours, payments, check-ins, proof and extensions: what is accepted, what is refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from outcome_support import (
    LA,
    agree,
    case_with_hearing,
    messages,
    past_hearing,
    set_hearing_time,
    today_la,
)

from support import next_local


def _setup(ow, obligations, days_ago=10):
    case, hearing = case_with_hearing(ow, days_ago=days_ago)
    out = agree(ow, case, hearing, obligations)
    return case, hearing, out["agreement"]["obligations"]


def _log(ow, oid, day, hours, **extra):
    body = {"worked_on": day.isoformat(), "hours": hours, "site": "Food bank"} | extra
    return ow.client.post(
        f"/api/v1/obligations/{oid}/service-logs", json=body, headers=ow.coordinator
    )


def _get(ow, oid):
    return ow.client.get(f"/api/v1/obligations/{oid}", headers=ow.coordinator).json()


def test_hours_reported_and_credited_are_kept_apart_until_verified(ow):
    case, hearing, obs = _setup(
        ow, [{"kind": "community_service", "target": 10}, {"kind": "essay"}]
    )
    oid = obs[0]["id"]
    day = today_la() - timedelta(days=2)
    r = _log(ow, oid, day, 4)
    assert r.status_code == 201 and r.json()["status"] == "reported"
    r2 = _log(ow, oid, day - timedelta(days=1), 3, verified=True)
    assert r2.json()["status"] == "verified" and r2.json()["verified_by"]
    got = _get(ow, oid)
    assert (got["credited"], got["reported"]) == (3, 4)
    assert got["progress_text"] == "3 of 10 hours done"
    v = ow.client.post(f"/api/v1/service-logs/{r.json()['id']}/verify", headers=ow.coordinator)
    assert v.status_code == 200 and v.json()["status"] == "verified"
    assert _get(ow, oid)["credited"] == 7
    again = ow.client.post(f"/api/v1/service-logs/{r.json()['id']}/verify", headers=ow.coordinator)
    assert again.status_code == 409
    logs = ow.client.get(f"/api/v1/obligations/{oid}/service-logs", headers=ow.viewer).json()
    assert [entry["hours"] for entry in logs] == [3, 4]


def test_bad_hours_are_refused_with_a_reason_and_nothing_is_lost(ow):
    case, hearing, obs = _setup(
        ow, [{"kind": "community_service", "target": 40}, {"kind": "essay"}]
    )
    oid = obs[0]["id"]
    day = today_la() - timedelta(days=1)
    assert _log(ow, oid, day, 20, verified=True).status_code == 201
    cases = [
        (_log(ow, oid, day, 0), "hours"),
        (_log(ow, oid, day, -2), "hours"),
        (_log(ow, oid, day, 25), "hours"),
        (_log(ow, oid, day, 5), "pass 24 in one day"),
        (_log(ow, oid, today_la() + timedelta(days=1), 2), "in the future"),
        (_log(ow, oid, hearing["day"] - timedelta(days=1), 2), "before the hearing"),
        (_log(ow, obs[1]["id"], day, 2), "takes no hours"),
    ]
    for r, words in cases:
        assert r.status_code == 422, r.text
        assert words in r.text, (words, r.text)
    assert _log(ow, oid, day, 4).status_code == 201  # exactly 24 that day is allowed
    got = _get(ow, oid)
    assert (got["credited"], got["reported"]) == (20, 4)


def test_hours_target_met_completes_obligation_and_last_one_completes_case(ow):
    case, hearing, obs = _setup(ow, [{"kind": "community_service", "target": 8}, {"kind": "essay"}])
    day = today_la() - timedelta(days=1)
    _log(ow, obs[0]["id"], day, 8, verified=True)
    assert _get(ow, obs[0]["id"])["status"] == "completed"
    assert (
        ow.client.get(f"/api/v1/cases/{case['id']}", headers=ow.coordinator).json()["status"]
        == "agreement"
    )
    r = ow.client.post(
        f"/api/v1/obligations/{obs[1]['id']}/complete",
        json={"proof_note": "essay received"},
        headers=ow.coordinator,
    )
    assert r.status_code == 200 and r.json()["status"] == "completed"
    got = ow.client.get(f"/api/v1/cases/{case['id']}", headers=ow.coordinator).json()
    assert got["status"] == "completed"
    done = messages(ow.engine, kind="case_completed")
    assert len(done) == 1 and "Jordan" in done[0].body and "essay" not in done[0].body
    # After closing, nothing more is logged, and the refusal says why.
    r = _log(ow, obs[0]["id"], day, 1)
    assert r.status_code == 422 and "completed" in r.text


def test_restitution_payments_refuse_more_than_owed(ow):
    case, hearing, obs = _setup(ow, [{"kind": "restitution", "target": 150}])
    oid, day = obs[0]["id"], today_la().isoformat()
    pay = lambda amount: ow.client.post(
        f"/api/v1/obligations/{oid}/payments",
        json={"amount": amount, "paid_on": day, "method": "cash"},
        headers=ow.coordinator,
    )
    assert pay(100).status_code == 201
    r = pay(60)
    assert r.status_code == 422 and "$50.00 still owed" in r.text
    assert _get(ow, oid)["progress_text"] == "$100.00 of $150.00 paid"
    assert pay(0).status_code == 422
    assert pay(50).status_code == 201
    assert _get(ow, oid)["status"] == "completed"
    ledger = ow.client.get(f"/api/v1/obligations/{oid}/payments", headers=ow.coordinator).json()
    assert [p["amount"] for p in ledger] == [100, 50]
    assert (
        ow.client.get(f"/api/v1/cases/{case['id']}", headers=ow.coordinator).json()["status"]
        == "completed"
    )


def test_check_ins_count_to_their_target_one_a_day(ow):
    case, hearing, obs = _setup(
        ow, [{"kind": "check_in", "target": 2, "cadence_days": 7}, {"kind": "class"}]
    )
    oid = obs[0]["id"]
    assert obs[0]["cadence_days"] == 7
    post = lambda d: ow.client.post(
        f"/api/v1/obligations/{oid}/check-ins",
        json={"checked_in_on": d.isoformat()},
        headers=ow.coordinator,
    )
    d1 = today_la() - timedelta(days=7)
    assert post(d1).status_code == 201
    assert post(d1).status_code == 409
    assert post(today_la()).status_code == 201
    assert _get(ow, oid)["status"] == "completed"
    rows = ow.client.get(f"/api/v1/obligations/{oid}/check-ins", headers=ow.coordinator).json()
    assert len(rows) == 2


def test_check_in_default_count_follows_the_cadence_over_the_window(ow):
    _case, _hearing, obs = _setup(ow, [{"kind": "check_in"}])
    assert obs[0]["cadence_days"] == 7 and obs[0]["target"] == 8  # 56 days / weekly


def test_proof_and_extension_rules(ow):
    case, hearing, obs = _setup(
        ow, [{"kind": "community_service", "target": 5}, {"kind": "apology_letter"}]
    )
    hours_id, letter_id = obs[0]["id"], obs[1]["id"]
    post = lambda path, body: ow.client.post(
        f"/api/v1/obligations/{path}", json=body, headers=ow.coordinator
    )
    r = post(f"{hours_id}/complete", {"proof_note": "said so"})
    assert r.status_code == 422 and "completes itself" in r.text
    assert post(f"{letter_id}/complete", {"proof_note": ""}).status_code == 422
    due = obs[0]["due_date"]
    r = post(f"{hours_id}/extend", {"due_date": due, "reason": "same day"})
    assert r.status_code == 422 and "must be after" in r.text
    later = (hearing["day"] + timedelta(days=90)).isoformat()
    r = post(f"{hours_id}/extend", {"due_date": later, "reason": "site closed for a month"})
    assert r.status_code == 200 and r.json()["due_date"] == later
    events = ow.client.get(f"/api/v1/cases/{case['id']}/events", headers=ow.coordinator).json()
    ext = [e for e in events if e["kind"] == "due_date_extended"]
    assert len(ext) == 1 and due in ext[0]["detail"] and later in ext[0]["detail"]
    assert "site closed" in ext[0]["detail"]
    assert post(f"{letter_id}/complete", {"proof_note": "letter read at panel"}).status_code == 200
    assert post(f"{letter_id}/complete", {"proof_note": "again"}).status_code == 409


def test_add_obligation_later_and_return_case(ow):
    case, hearing, obs = _setup(ow, [{"kind": "essay"}])
    r = ow.client.post(
        f"/api/v1/cases/{case['id']}/obligations",
        json={"kind": "class", "label": "Budget class"},
        headers=ow.coordinator,
    )
    assert r.status_code == 201 and r.json()["kind"] == "class"
    r = ow.client.post(
        f"/api/v1/cases/{case['id']}/return", json={"reason": ""}, headers=ow.coordinator
    )
    assert r.status_code == 422
    r = ow.client.post(
        f"/api/v1/cases/{case['id']}/return",
        json={"reason": "obligations not met"},
        headers=ow.coordinator,
    )
    assert r.status_code == 200 and r.json()["status"] == "returned"
    assert r.json()["close_reason"] == "obligations not met"
    r = ow.client.post(
        f"/api/v1/cases/{case['id']}/return", json={"reason": "again"}, headers=ow.coordinator
    )
    assert r.status_code == 422
    r = ow.client.post(
        f"/api/v1/obligations/{obs[0]['id']}/complete",
        json={"proof_note": "late"},
        headers=ow.coordinator,
    )
    assert r.status_code == 422 and "returned" in r.text


def test_obligation_routes_need_an_agreement_and_access(ow):
    case = ow.case("CA-9")
    r = ow.client.post(
        f"/api/v1/cases/{case['id']}/obligations", json={"kind": "essay"}, headers=ow.coordinator
    )
    assert r.status_code == 422 and "agreement first" in r.text
    case2, hearing, obs = _setup(ow, [{"kind": "essay"}])
    oid = obs[0]["id"]
    assert (
        ow.client.get(f"/api/v1/obligations/{oid}", headers=ow.drp_coordinator).status_code == 404
    )
    r = ow.client.post(
        f"/api/v1/obligations/{oid}/complete", json={"proof_note": "x"}, headers=ow.viewer
    )
    assert r.status_code == 403
    assert ow.client.get("/api/v1/obligations/999999", headers=ow.coordinator).status_code == 404
    assert (
        ow.client.post("/api/v1/service-logs/999999/verify", headers=ow.coordinator).status_code
        == 404
    )


def test_a_waived_obligation_counts_as_met(ow):
    case, hearing, obs = _setup(ow, [{"kind": "community_service", "target": 30}])
    path = f"/api/v1/obligations/{obs[0]['id']}/waive"
    assert ow.client.post(path, json={"reason": ""}, headers=ow.coordinator).status_code == 422
    r = ow.client.post(path, json={"reason": "medical exemption"}, headers=ow.coordinator)
    assert r.status_code == 200 and r.json()["status"] == "waived"
    assert (
        ow.client.get(f"/api/v1/cases/{case['id']}", headers=ow.coordinator).json()["status"]
        == "completed"
    )
    assert ow.client.post(path, json={"reason": "again"}, headers=ow.coordinator).status_code == 422


def test_the_programs_own_window_sets_the_default_due_date(ow):
    seat = {"role": "case_manager", "count": 1, "requires": [], "staff_only": True}
    body = {"code": "YDP", "name": "Youth Diversion", "completion_window_days": 182,
            "hearing_kinds": [{"code": "panel", "name": "Progress meeting", "duration_minutes": 60,
                               "seats": [seat]}]}  # fmt: skip
    program = ow.client.post("/api/v1/programs", json=body, headers=ow.admin).json()
    referral = {"program_id": program["id"], "external_ref": "Y-1", "consent": True}
    case = ow.client.post("/api/v1/cases", json=referral, headers=ow.admin).json()
    booking = {
        "case_id": case["id"],
        "kind": "panel",
        "venue_id": ow.venue["id"],
        "start": next_local(1, 18, 30),
    }
    r = ow.client.post("/api/v1/hearings", json=booking, headers=ow.admin)
    assert r.status_code == 201, r.text
    day = today_la() - timedelta(days=2)
    set_hearing_time(
        ow.engine, r.json()["id"], datetime(day.year, day.month, day.day, 18, 30, tzinfo=LA)
    )
    obligations = [{"kind": "civic_engagement", "target": 20}, {"kind": "check_in"}]
    out = ow.client.post(f"/api/v1/hearings/{r.json()['id']}/outcome", headers=ow.admin,
                         json={"result": "agreement", "agreement": {"obligations": obligations}})  # fmt: skip
    assert out.status_code == 201, out.text
    got = out.json()["agreement"]["obligations"]
    assert {o["due_date"] for o in got} == {(day + timedelta(days=182)).isoformat()}
    assert got[1]["target"] == 26  # weekly over 26 weeks


def test_the_24_hour_cap_is_per_participant_and_day_across_obligations_and_cases(ow):
    """#16.14: 20 civic-engagement hours and 10 community-service hours for the same person on
    the same day are not both accepted, whichever obligation or case they are logged against."""
    case, hearing, obs = _setup(
        ow,
        [{"kind": "civic_engagement", "target": 40}, {"kind": "community_service", "target": 40}],
    )
    civic, service = obs[0]["id"], obs[1]["id"]
    day = today_la() - timedelta(days=1)
    assert _log(ow, civic, day, 20, verified=True).status_code == 201
    r = _log(ow, service, day, 10)
    assert r.status_code == 422, r.text
    assert "20 hours are already logged for this participant" in r.text
    assert "pass 24 in one day" in r.text
    assert _log(ow, service, day, 4).status_code == 201  # 20 + 4: exactly 24 is allowed
    # The same person's obligation on another case of theirs counts toward the same day.
    person_id = next(p["person"]["id"] for p in case["parties"] if p["role"] == "participant")
    other = ow.case("CA-2", parties=[{"role": "participant", "person_id": person_id}])
    other_hearing = past_hearing(ow, other["id"], 10)
    out = agree(ow, other, other_hearing, [{"kind": "community_service", "target": 10}])
    elsewhere = out["agreement"]["obligations"][0]["id"]
    r = _log(ow, elsewhere, day, 1)
    assert r.status_code == 422 and "24 hours are already logged" in r.text, r.text
    assert _log(ow, elsewhere, day - timedelta(days=1), 8).status_code == 201
    # Counted against a hand sum of what was accepted that day: 24, none of it lost.
    logged = [
        entry["hours"]
        for oid in (civic, service, elsewhere)
        for entry in ow.client.get(
            f"/api/v1/obligations/{oid}/service-logs", headers=ow.viewer
        ).json()
        if entry["worked_on"] == day.isoformat()
    ]
    assert sum(logged) == 24
