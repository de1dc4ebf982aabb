"""Obligations on the case page: hours reported and verified (many at once), payments,
check-ins, extensions, waivers and the supervisor's link; refusals keep what was typed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, web_login

from service.models import Case, CaseEvent, Obligation, Payment, ServiceLog
from support import make_user

LA = ZoneInfo("America/Los_Angeles")


def today():
    return datetime.now(LA).date()


@pytest.fixture
def browser(client, world, engine):
    """A signed-in NJP coordinator's browser session (cookie)."""
    email = make_user(engine, "coordinator", [world.njp["id"]], email="oblig@example.org")
    web_login(client, email, "/today")
    return client


@pytest.fixture
def case(world, engine):
    """An NJP case with an agreement's obligations: hours, restitution, check-ins, a letter."""
    created = world.case()
    with Session(engine) as s:
        c = s.get(Case, created["id"])
        c.status = "agreement"
        c.referred_on = today() - timedelta(days=10)
        s.add(c)
        due = today() + timedelta(days=30)
        rows = {
            "hours": Obligation(
                case_id=c.id, kind="community_service", label="", target=6, due_date=due
            ),
            "money": Obligation(
                case_id=c.id, kind="restitution", label="", target=100, due_date=due
            ),
            "checks": Obligation(
                case_id=c.id, kind="check_in", label="", target=2, cadence_days=7, due_date=due
            ),
            "letter": Obligation(
                case_id=c.id, kind="apology_letter", label="Apology letter", due_date=due
            ),
        }
        for row in rows.values():
            s.add(row)
        s.commit()
        return {"id": c.id} | {k: v.id for k, v in rows.items()}


def post(browser, case, ob: str, action: str, data: dict):
    token = csrf_of(browser.get(f"/cases/{case['id']}").text)
    return browser.post(
        f"/cases/{case['id']}/obligations/{case[ob]}/{action}",
        data={"csrf_token": token} | data,
    )


def events(engine, case_id: int, kind: str) -> list[CaseEvent]:
    with Session(engine) as s:
        return list(
            s.exec(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.kind == kind))
        )


def test_obligations_read_in_words_with_money_and_dates(browser, case):
    r = browser.get(f"/cases/{case['id']}")
    assert r.status_code == 200
    assert_accessible(r.text)
    text = r.text
    for words in ("Community service", "Restitution payment", "Check-ins", "Apology letter"):
        assert words in text
    assert "$0.00 of $100.00 paid" in text and "$100.00 still owed" in text
    assert "0 of 6 hours verified" in text and "0 of 2 check-ins" in text
    due = today() + timedelta(days=30)
    assert f"Due {due:%a %b} {due.day}, {due.year}" in text
    assert f'id="obligation-{case["hours"]}"' in text
    for code in ("community_service", 'check_in"', ">open<", "apology_letter"):
        assert code not in text


def test_overdue_shows_before_the_nightly_job_flags_it(browser, case, engine):
    with Session(engine) as s:
        ob = s.get(Obligation, case["letter"])
        ob.due_date = today() - timedelta(days=1)
        s.add(ob)
        s.commit()
    r = browser.get(f"/cases/{case['id']}")
    badge = re.search(rf'id="ob-status-{case["letter"]}">([^<]+)<', r.text).group(1)
    assert badge == "Overdue"
    assert re.search(rf'id="ob-status-{case["hours"]}">([^<]+)<', r.text).group(1) == "Open"
    with Session(engine) as s:
        assert s.get(Obligation, case["letter"]).status == "open"  # not yet flagged in the data
    # Moving the date past today takes the badge away.
    r = post(
        browser,
        case,
        "letter",
        "extend",
        {"due_date": (today() + timedelta(days=7)).isoformat(), "reason": "Needs a week"},
    )
    assert r.status_code == 200 and "Now due" in r.text
    assert re.search(rf'id="ob-status-{case["letter"]}">([^<]+)<', r.text).group(1) == "Open"


def test_hours_reported_then_verified_many_at_once(browser, case, engine):
    for hours, day in (("2", 1), ("3", 2)):
        r = post(
            browser,
            case,
            "hours",
            "hours",
            {"hours": hours, "worked_on": (today() - timedelta(days=day)).isoformat(),
             "site": "Food bank"},
        )  # fmt: skip
        assert r.status_code == 200 and "reported, waiting for verification" in r.text
    assert "5 hours reported, not yet verified" in r.text and "0 of 6 hours verified" in r.text
    assert r.text.count("Reported, not verified") == 2
    with Session(engine) as s:
        ids = [log.id for log in s.exec(select(ServiceLog)).all()]
    token = csrf_of(r.text)
    r = browser.post(
        f"/cases/{case['id']}/obligations/{case['hours']}/verify",
        data={"csrf_token": token, "log_ids": ids},
    )
    assert r.status_code == 200 and "5 hours verified (2 entries)" in r.text
    assert "5 of 6 hours verified" in r.text and "oblig@example.org" in r.text
    with Session(engine) as s:
        logs = s.exec(select(ServiceLog)).all()
        assert {log.status for log in logs} == {"verified"}
        assert {log.verified_by for log in logs} == {"oblig@example.org"}
    assert len(events(engine, case["id"], "hours_verified")) == 1
    # Verifying them again is refused, naming the entry, with the case page around it.
    r = browser.post(
        f"/cases/{case['id']}/obligations/{case['hours']}/hours",
        data={"csrf_token": token, "hours": "1", "worked_on": today().isoformat()},
    )
    with Session(engine) as s:
        pending = s.exec(select(ServiceLog).where(ServiceLog.status == "reported")).one()
    r = browser.post(
        f"/cases/{case['id']}/obligations/{case['hours']}/verify",
        data={"csrf_token": token, "log_ids": [ids[0], pending.id]},
    )
    assert r.status_code == 422 and f"service log {ids[0]} is already verified" in r.text
    assert f'id="verify-log-{pending.id}" aria-label' in r.text
    assert re.search(rf'id="verify-log-{pending.id}"[^>]* checked', r.text)  # kept ticked
    with Session(engine) as s:
        assert s.get(ServiceLog, pending.id).status == "reported"


def test_verify_refuses_nothing_ticked_and_other_obligations_entries(browser, case, engine):
    r = post(browser, case, "hours", "verify", {})
    assert r.status_code == 422 and "tick at least one reported entry" in r.text
    with Session(engine) as s:
        other = Obligation(case_id=case["id"], kind="community_service", target=2, due_date=today())
        s.add(other)
        s.flush()
        log = ServiceLog(obligation_id=other.id, worked_on=today(), hours=1)
        s.add(log)
        s.commit()
        log_id = log.id
    r = post(browser, case, "hours", "verify", {"log_ids": str(log_id)})
    assert r.status_code == 422 and "are not hours of this obligation" in r.text
    r = post(browser, case, "hours", "verify", {"log_ids": "abc"})
    assert r.status_code == 422 and "are not entries of the list" in r.text


def test_refused_hours_keep_what_was_typed(browser, case):
    r = post(
        browser, case, "hours", "hours",
        {"hours": "25", "worked_on": today().isoformat(), "site": "Park cleanup"},
    )  # fmt: skip
    assert r.status_code == 422
    assert f'id="hours-{case["hours"]}-error"' in r.text
    assert f'aria-invalid="true" aria-describedby="hours-{case["hours"]}-error"' in r.text
    assert 'value="25"' in r.text and 'value="Park cleanup"' in r.text
    assert "25 is too large: give at most 24" in r.text
    assert_accessible(r.text)
    future = (today() + timedelta(days=2)).isoformat()
    r = post(browser, case, "hours", "hours", {"hours": "2", "worked_on": future})
    assert r.status_code == 422 and f"{future} is in the future" in r.text
    assert f'id="worked-{case["hours"]}-error"' in r.text


def test_payments_are_recorded_and_overpaying_is_refused(browser, case, engine):
    r = post(
        browser, case, "money", "payments",
        {"amount": "$150", "paid_on": today().isoformat(), "method": "money order"},
    )  # fmt: skip
    assert r.status_code == 422 and "more than the $100.00 still owed" in r.text
    assert 'value="$150"' in r.text and 'value="money order"' in r.text
    assert f'id="amount-{case["money"]}-error"' in r.text
    r = post(
        browser, case, "money", "payments",
        {"amount": "40", "paid_on": today().isoformat(), "method": "money order"},
    )  # fmt: skip
    assert r.status_code == 200 and "Payment of $40.00 recorded" in r.text
    assert "$40.00 of $100.00 paid" in r.text and "$60.00 still owed" in r.text
    assert "<td>$40.00</td>" in r.text and "money order" in r.text
    with Session(engine) as s:
        assert s.exec(select(Payment)).one().amount == 40
    assert len(events(engine, case["id"], "payment")) == 1


def test_check_ins_keep_how_and_note_and_refuse_a_second_one_that_day(browser, case):
    day = today().isoformat()
    r = post(
        browser, case, "checks", "check-ins",
        {"checked_in_on": day, "how": "By phone", "note": "Doing well"},
    )  # fmt: skip
    assert r.status_code == 200 and "Check-in on" in r.text
    assert "By phone: Doing well" in r.text and "1 of 2 check-ins" in r.text
    r = post(
        browser, case, "checks", "check-ins",
        {"checked_in_on": day, "how": "In person", "note": "Again"},
    )  # fmt: skip
    assert r.status_code == 422 and "already recorded" in r.text
    assert 'value="Again"' in r.text and "<option selected>In person</option>" in r.text


def test_extend_and_waive_need_a_reason_and_complete_the_case(browser, case, engine):
    r = post(browser, case, "letter", "extend", {"due_date": today().isoformat(), "reason": "x"})
    assert r.status_code == 422 and "must be after the current one" in r.text
    assert f'id="due-{case["letter"]}-error"' in r.text and " open>" in r.text
    r = post(browser, case, "letter", "waive", {"reason": "  "})
    assert r.status_code == 422 and f'id="waive-reason-{case["letter"]}-error"' in r.text
    for ob in ("hours", "money", "checks", "letter"):
        r = post(browser, case, ob, "waive", {"reason": "Panel released it"})
        assert r.status_code == 200, r.text[-2000:]
    assert "Waived: Panel released it" in r.text
    assert "The case is complete." in r.text and 'id="case-status">Completed' in r.text
    assert len(events(engine, case["id"], "obligation_waived")) == 4
    # A closed case offers no more forms and refuses them.
    assert f'id="record-{case["hours"]}"' not in r.text
    r = post(browser, case, "hours", "hours", {"hours": "1", "worked_on": today().isoformat()})
    assert r.status_code == 422 and "no longer accepted" in r.text


def test_the_supervisors_link_is_shown_to_copy_and_audited(browser, case, engine):
    r = post(browser, case, "hours", "verify-link", {"ttl_days": "7"})
    assert r.status_code == 200
    link = re.search(rf'id="link-{case["hours"]}" class="secret" readonly value="([^"]+)"', r.text)
    assert link and "/verify/" in link.group(1)
    assert 'data-copy="link-' in r.text and "/static/self-copy.js" in r.text
    assert_accessible(r.text)
    assert len(events(engine, case["id"], "verify_link")) == 1
    token = link.group(1).rsplit("/verify/", 1)[1]
    assert browser.get(f"/verify/{token}").status_code == 200
    r = post(browser, case, "money", "verify-link", {"ttl_days": "7"})
    assert r.status_code == 422 and "has no hours to confirm" in r.text
    r = post(browser, case, "hours", "verify-link", {"ttl_days": "90"})
    assert r.status_code == 422 and f'id="ttl-{case["hours"]}-error"' in r.text


def test_other_programs_and_readers_cannot_change_obligations(client, world, engine, case):
    def try_as(role, programs):
        client.cookies.clear()
        web_login(client, make_user(engine, role, programs), "/today")
        token = csrf_of(client.get("/today").text)
        return client.post(
            f"/cases/{case['id']}/obligations/{case['letter']}/waive",
            data={"csrf_token": token, "reason": "no"},
        )

    assert try_as("coordinator", [world.drp["id"]]).status_code == 404
    assert try_as("viewer", [world.njp["id"]]).status_code == 403
    client.cookies.clear()
    web_login(client, make_user(engine, "coordinator", [world.njp["id"]]), "/today")
    token = csrf_of(client.get("/today").text)
    other = world.case("CA-2")
    r = client.post(
        f"/cases/{other['id']}/obligations/{case['letter']}/waive",
        data={"csrf_token": token, "reason": "wrong case"},
    )
    assert r.status_code == 404
    with Session(engine) as s:
        assert s.get(Obligation, case["letter"]).status == "open"


def test_a_reader_sees_the_ledgers_but_no_forms(client, world, engine, case):
    with Session(engine) as s:
        s.add(ServiceLog(obligation_id=case["hours"], worked_on=today(), hours=2, site="Library"))
        s.commit()
    client.cookies.clear()
    web_login(client, make_user(engine, "viewer", [world.njp["id"]]), "/today")
    r = client.get(f"/cases/{case['id']}")
    assert r.status_code == 200
    assert "Library" in r.text and "Reported, not verified" in r.text
    assert "2 hours reported, not yet verified" in r.text
    assert 'id="record-' not in r.text and "/obligations/" not in r.text
    assert 'name="log_ids"' not in r.text
