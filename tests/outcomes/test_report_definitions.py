"""Issue #16, points 11-15: the report's figures held to NJP's published definitions, each
checked against a count this test makes itself from what it created."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from outcome_support import LA, agree, past_hearing, set_hearing_time, today_la
from report_history import History, _at
from sqlmodel import Session, select

from service.models import AuditEvent, Case, Message, PartyConfirmation
from support import next_local


def _report(ow, start, end, **params):
    r = ow.client.get(
        "/api/v1/reports/program",
        params={"from": start.isoformat(), "to": end.isoformat(), "program_id": ow.njp["id"]}
        | params,
        headers=ow.viewer,
    )
    assert r.status_code == 200, r.text
    return r.json()


def _outcome(ow, case, hearing, result="no_agreement"):
    participant = next(p["id"] for p in case["parties"] if p["role"] == "participant")
    r = ow.client.post(
        f"/api/v1/hearings/{hearing['id']}/outcome",
        json={"result": result, "attendance": [{"party_id": participant, "attended": True}]},
        headers=ow.coordinator,
    )
    assert r.status_code == 201, r.text


def _screened_out(ow, ref):
    r = ow.client.post(
        "/api/v1/cases",
        json={"program_id": ow.njp["id"], "external_ref": ref, "consent": True,
              "screening": {"sexual_assault": True}},
        headers=ow.coordinator,
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["status"] == "ineligible", r.text
    return r.json()


def test_referred_eligible_initiated_completed_and_resolved_as_njp_defines_them(ow):
    """#16.11 and #16.12: every referral received counts as referred (the screened-out too);
    eligible and initiated are figures of their own; completion is completed / initiated for
    cases closed in the period and never passes 100 %; a completion with no agreement is refused
    now and an old one is counted apart; resolved counts cases closed after a held hearing."""
    today = today_la()
    # A: agreement, its only obligation met -> completed.
    a = ow.case("A")
    out = agree(ow, a, past_hearing(ow, a["id"], 5), [{"kind": "essay"}])
    oid = out["agreement"]["obligations"][0]["id"]
    r = ow.client.post(f"/api/v1/obligations/{oid}/complete", json={"proof_note": "received"},
                       headers=ow.coordinator)  # fmt: skip
    assert r.status_code == 200, r.text
    # B: a mediation with no agreement; completing it is refused, it is withdrawn instead.
    b = ow.case("B")
    _outcome(ow, b, past_hearing(ow, b["id"], 6))
    url = f"/api/v1/cases/{b['id']}"
    r = ow.client.patch(url, json={"status": "completed"}, headers=ow.coordinator)
    assert r.status_code == 422 and "no agreement, so it cannot be completed" in r.text, r.text
    r = ow.client.patch(url, json={"status": "withdrawn"}, headers=ow.coordinator)
    assert r.status_code == 200, r.text
    # C: refused by the screen. D: eligible, the participant has not agreed to take part.
    _screened_out(ow, "C")
    ow.case("D", consent=False)
    # E: completed without an agreement before #16 refused it (stored as it was then).
    e = ow.case("E")
    _outcome(ow, e, past_hearing(ow, e["id"], 7))
    with Session(ow.engine) as s:
        row = s.get(Case, e["id"])
        row.status, row.closed_at = "completed", datetime.now(UTC)
        s.add(row)
        s.commit()

    # The hand count, from the cases as the API lists them and what this test did to each.
    cases = ow.client.get("/api/v1/cases", params={"limit": 100}, headers=ow.viewer).json()
    items = cases["items"]
    with_agreement = {a["id"]}
    closed = [c for c in items if c["status"] in ("completed", "returned", "withdrawn")]
    initiated = [c for c in items if c["consent_at"] and c["status"] != "ineligible"]
    initiated_closed = [c for c in closed if c["consent_at"]]
    completed = [c for c in closed if c["status"] == "completed" and c["id"] in with_agreement]
    heard = {a["id"], b["id"], e["id"]}  # each had a hearing held
    want = {
        "cases_referred": len(items),
        "cases_ineligible": len([c for c in items if c["status"] == "ineligible"]),
        "cases_eligible": len([c for c in items if c["status"] != "ineligible"]),
        "cases_initiated": len(initiated),
        "cases_completed": len(completed),
        "cases_completed_without_agreement": len(
            [c for c in closed if c["status"] == "completed" and c["id"] not in with_agreement]
        ),
        "cases_withdrawn": len([c for c in closed if c["status"] == "withdrawn"]),
        "cases_resolved": len([c for c in closed if c["id"] in heard]),
        "cases_initiated_closed": len(initiated_closed),
        "completion_rate": round(
            len([c for c in completed if c["consent_at"]]) / len(initiated_closed), 4
        ),
    }
    assert want == {
        "cases_referred": 5, "cases_ineligible": 1, "cases_eligible": 4, "cases_initiated": 3,
        "cases_completed": 1, "cases_completed_without_agreement": 1, "cases_withdrawn": 1,
        "cases_resolved": 3, "cases_initiated_closed": 3, "completion_rate": 0.3333,
    }  # fmt: skip
    body = _report(ow, today - timedelta(days=30), today)
    assert {k: body[k] for k in want} == want
    assert body["completion_rate"] <= 1
    # The CSV carries the new figures as rows.
    r = ow.client.get(
        "/api/v1/reports/program.csv",
        params={"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat(),
                "program_id": ow.njp["id"]},
        headers=ow.viewer,
    )  # fmt: skip
    rows = dict(line.split(",", 1) for line in r.text.strip().splitlines()[1:])
    for key, value in want.items():
        assert float(rows[key]) == value, key


def test_confirmation_rate_counts_only_the_asked_and_phone_confirmations(ow):
    """#16.13: a participant with no mobile was never asked and is left out; a confirmation a
    coordinator took by phone counts as asked and confirmed, and is audited."""
    today = today_la()
    no_mobile = [{"role": "participant", "person": {"full_name": "Lee Park"}}]
    texted = [ow.case(f"T{i}") for i in range(4)]  # mobile and consent: asked by text...
    never = ow.case("N", parties=no_mobile)
    phoned = ow.case("P", parties=[{"role": "participant", "person": {"full_name": "Sam Ng"}}])
    for c in texted + [never]:
        _outcome(ow, c, past_hearing(ow, c["id"], 4))
    # P's hearing is still ahead when the coordinator phones; it is held later.
    hearing = ow.hearing(phoned["id"], next_local(1, 18, 30))
    party = phoned["parties"][0]["id"]
    url = f"/api/v1/hearings/{hearing['id']}/confirmations/{party}"
    r = ow.client.post(url, json={"status": "confirmed", "by": "phone"}, headers=ow.viewer)
    assert r.status_code == 403
    r = ow.client.post(url, json={"status": "pending", "by": "phone"}, headers=ow.coordinator)
    assert r.status_code == 422
    r = ow.client.post(url, json={"status": "confirmed", "by": "phone"}, headers=ow.coordinator)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "confirmed" and r.json()["responded_at"]
    day = today - timedelta(days=2)
    set_hearing_time(
        ow.engine, hearing["id"], datetime(day.year, day.month, day.day, 18, tzinfo=LA)
    )
    _outcome(ow, phoned, hearing)
    events = ow.client.get(f"/api/v1/cases/{phoned['id']}/events", headers=ow.viewer).json()
    assert any("confirmed" in e["detail"] and "by phone" in e["detail"] for e in events)

    # ...but T3's request never reached her (the carrier reported it undelivered).
    t3_person = texted[3]["parties"][0]["person"]["id"]
    with Session(ow.engine) as s:
        for m in s.exec(select(Message).where(Message.person_id == t3_person)).all():
            m.status = "undelivered"
            s.add(m)
        s.commit()

    # The hand count: participants a request reached by text, or who answered some other way.
    with Session(ow.engine) as s:
        texts = s.exec(select(Message).where(Message.kind == "participant_hearing")).all()
        asked_by_text = {
            (m.hearing_id, m.person_id)
            for m in texts
            if m.status not in ("cancelled", "failed", "undelivered")
        }
        rows = s.exec(select(PartyConfirmation)).all()
        audited = s.exec(select(AuditEvent).where(AuditEvent.action == "record_confirmation")).all()
    assert len(audited) == 1
    participants = {c["id"]: c["parties"][0] for c in texted + [never, phoned]}
    hearings = ow.client.get("/api/v1/hearings", params={"limit": 100}, headers=ow.viewer).json()
    case_of = {h["id"]: h["case_id"] for h in hearings["items"]}
    asked = confirmed = 0
    for conf in rows:
        part = participants.get(case_of.get(conf.hearing_id))
        if part is None or conf.party_id != part["id"]:
            continue
        if (conf.hearing_id, part["person"]["id"]) in asked_by_text or conf.responded_at:
            asked += 1
            confirmed += conf.status == "confirmed"
    assert (asked, confirmed) == (4, 1)  # T0-T2 by text, P by phone; N and T3 never asked
    body = _report(ow, today - timedelta(days=30), today)
    assert body["participant_confirmation_rate"] == round(confirmed / asked, 4)


def test_re_referral_waits_for_the_follow_up_year_and_trained_keeps_renewals_apart(ow):
    """#16.15: only completers whose 12 months are over count, and the report says how many;
    volunteers trained for the first time and renewals are apart; a neighborhood's report says
    which neighborhood each figure filters by."""
    today = today_la()
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    with Session(ow.engine) as s:
        h = History(s, ow)
        # (person, completed days ago, re-referred days ago or None)
        completers = [("PA", 400, 300), ("PB", 380, None), ("PC", 30, 10), ("PE", 390, 20)]
        for person, done, again in completers:
            h.case(f"{person}-1", ago(done + 60), person, status="completed",
                   closed=_at(ago(done), 12))  # fmt: skip
            if again is not None:
                h.case(f"{person}-2", ago(again), person)
        # new: first time; renew: held it before; both: a first facilitator course and a renewal
        h.volunteer("V-new", h.hollywood, [("njp_panelist", ago(100))])
        h.volunteer("V-renew", h.venice, [("njp_panelist", ago(800)), ("njp_panelist", ago(50))])
        h.volunteer("V-both", h.hollywood, [("njp_panelist", ago(900)),
                                           ("njp_panelist", ago(60)), ("njp_facilitator", ago(60))])  # fmt: skip
        h.volunteer("V-old", h.hollywood, [("njp_panelist", ago(700))])
        s.commit()
    start = ago(420)
    in_period = [c for c in completers if start <= ago(c[1])]
    over = [c for c in in_period if ago(c[1]) + timedelta(days=365) <= today]
    again = [c for c in over if c[2] is not None and c[1] - c[2] <= 365]
    body = _report(ow, start, today)
    assert body["participants_completed"] == len(in_period) == 4
    assert body["participants_followed_up"] == len(over) == 3
    assert body["re_referred_within_12_months"] == len(again) == 1
    assert body["re_referral_rate"] == round(len(again) / len(over), 4)
    assert (body["volunteers_trained"], body["volunteers_renewed"]) == (2, 1)
    assert body["neighborhood_basis"] is None
    hood = _report(ow, start, today, neighborhood_id=ow.hollywood["id"])
    assert (hood["volunteers_trained"], hood["volunteers_renewed"]) == (2, 0)  # V-renew: Venice
    assert "live in it" in hood["neighborhood_basis"]
    assert "count the cases in this neighborhood" in hood["neighborhood_basis"]
