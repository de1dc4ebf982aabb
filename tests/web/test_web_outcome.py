"""The outcome form: record, refuse with everything typed kept, add rows, correct later."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import page, sign_in

from service.models import AuditEvent, Hearing, Obligation
from support import next_local

LA = ZoneInfo("America/Los_Angeles")
CODES = ("no_show", "no_agreement", "community_service", "njp_", "apology_letter", "other_party")


@pytest.fixture
def held(world, client, engine):
    """A case with a hearing three days ago, its outcome not recorded; a signed-in coordinator."""
    case = world.case("OUT-1")
    hearing = world.hearing(case["id"], next_local(1, 18, 30))
    day = datetime.now(LA).date() - timedelta(days=3)
    start = datetime(day.year, day.month, day.day, 18, 30, tzinfo=LA)
    with Session(engine) as s:
        h = s.get(Hearing, hearing["id"])
        h.start_at, h.end_at = (
            start.astimezone(UTC),
            (start + timedelta(minutes=90)).astimezone(UTC),
        )
        s.add(h)
        s.commit()
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    roles = {p["role"]: p["id"] for p in case["parties"]}
    held = {"case": case, "hearing": hearing, "day": day, "csrf": csrf, "parties": roles}
    return held | {"version": _version(client, held)}


def _version(client, held) -> str:
    """The version of what is recorded, as the form carries it."""
    html = client.get(f"/hearings/{held['hearing']['id']}/outcome").text
    return _value(html, "version")


def _form(held, **extra) -> dict:
    p = held["parties"]
    return {
        "csrf_token": held["csrf"],
        "version": held["version"],
        "rows": "3",
        f"party-{p['participant']}": "present",
        f"party-{p['victim']}": "excused",
        "result": "agreement",
        "terms": "Twenty hours at the food bank and a letter.",
        "ob-1-type": "type:service_hours",
        "ob-1-target": "",
        "ob-1-due": "",
        "ob-2-type": "kind:apology_letter",
        "ob-2-label": "Letter to the store owner",
        "ob-2-due": "",
    } | extra


def _value(html: str, name: str) -> str:
    m = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return unescape(m.group(1)) if m else ""


def test_the_form_shows_people_results_and_defaults_in_words(client, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    html = page(client, url)
    assert "Jordan Lee" in html and "Store Owner" in html
    assert "No-show: the participant did not come" in html
    assert "Did not take place as planned" in html
    due = held["day"] + timedelta(days=56)
    assert _value(html, "ob-1-due") == due.isoformat()  # NJP's 8-week window, filled in
    assert "8 weeks after the hearing" in html and "Community service 20 hours" in html
    visible = re.sub(r"<[^>]+>", " ", html)
    for code in CODES:
        assert code not in visible, code
    # The hearing page links to it once the start has passed.
    hearing_page = page(client, f"/hearings/{held['hearing']['id']}")
    assert f'href="{url}">Record the outcome' in hearing_page


def test_a_refusal_keeps_everything_typed_and_names_the_field(client, engine, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    form = _form(held, **{"ob-2-type": "type:service_hours", "ob-2-target": "-3"})
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422
    html = r.text
    assert "Obligation 2, target hours: -3 is not a number of hours above 0" in html
    assert _value(html, "ob-2-target") == "-3"
    assert _value(html, "ob-2-label") == "Letter to the store owner"
    assert "Twenty hours at the food bank and a letter." in html
    assert re.search(r'value="type:service_hours"[^>]*\s+selected', html)
    assert re.search(r'id="result-agreement"[^>]*checked', html)
    assert re.search(rf'id="party-{held["parties"]["victim"]}-excused"[^>]*checked', html)
    with Session(engine) as s:
        assert s.get(Hearing, held["hearing"]["id"]).status == "scheduled"
    # A refusal of the use case (a due date before the hearing) comes back in place too.
    early = (held["day"] - timedelta(days=1)).isoformat()
    r = client.post(url, data=_form(held, **{"ob-1-due": early}), follow_redirects=False)
    assert r.status_code == 422
    assert "Obligation 1, due date: the due date" in r.text and "is before the hearing" in r.text
    assert _value(r.text, "ob-1-due") == early


def test_record_an_agreement_with_two_obligations(client, engine, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    r = client.post(url, data=_form(held), follow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    case_url = f"/cases/{held['case']['id']}"
    assert r.headers["location"].startswith(case_url + "?flash=")
    html = page(client, r.headers["location"])
    assert "Outcome recorded: agreement with 2 obligations" in html
    due = held["day"] + timedelta(days=56)
    with Session(engine) as s:
        rows = s.exec(select(Obligation).where(Obligation.case_id == held["case"]["id"])).all()
    for o, label in zip(rows, ("Community service", "Letter to the store owner"), strict=True):
        shown = html.split(f'id="obligation-{o.id}"', 1)[1][:3000]
        assert label in shown
        assert (
            due.isoformat() in shown
            or f"{due:%b} {due.day}," in shown
            or f"{due:%b} {due.day}<" in shown
        )
    with Session(engine) as s:
        rows = s.exec(select(Obligation).where(Obligation.case_id == held["case"]["id"])).all()
        assert [(o.kind, o.target) for o in rows] == [("community_service", 20), ("apology_letter", None)]  # fmt: skip
    hearing_page = page(client, f"/hearings/{held['hearing']['id']}")
    assert f'href="{url}">Correct the outcome' in hearing_page


def test_a_second_click_does_not_record_twice(client, engine, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    assert client.post(url, data=_form(held), follow_redirects=False).status_code == 303
    again = client.post(url, data=_form(held), follow_redirects=False)
    assert again.status_code == 409
    assert "This outcome changed after the form was opened" in again.text
    assert 'id="recorded-result">Agreement reached' in again.text
    with Session(engine) as s:
        rows = s.exec(select(Obligation).where(Obligation.case_id == held["case"]["id"])).all()
    assert len(rows) == 2


def test_add_a_row_keeps_what_was_typed(client, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    r = client.post(url, data=_form(held, add_row="1"), follow_redirects=False)
    assert r.status_code == 200
    assert 'name="ob-4-type"' in r.text and 'name="ob-5-type"' not in r.text
    assert _value(r.text, "ob-2-label") == "Letter to the store owner"
    assert _value(r.text, "ob-4-due") == (held["day"] + timedelta(days=56)).isoformat()


def test_no_show_needs_what_follows_then_books_again(client, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    p = held["parties"]
    base = {
        "csrf_token": held["csrf"],
        "version": held["version"],
        f"party-{p['participant']}": "absent",
        f"party-{p['victim']}": "present",
        "result": "no_show",
    }
    r = client.post(url, data=base, follow_redirects=False)
    assert r.status_code == 422
    assert "choose: book the case again, or return it to the agency" in r.text
    r = client.post(url, data=base | {"no_show_action": "return"}, follow_redirects=False)
    assert r.status_code == 422 and "give the reason the case goes back" in r.text
    r = client.post(url, data=base | {"no_show_action": "reschedule"}, follow_redirects=False)
    assert r.status_code == 303
    html = page(client, r.headers["location"])
    assert "No-show recorded; book the case again below" in html
    assert 'id="case-status">Referred' in html


def test_did_not_take_place(client, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    p = held["parties"]
    form = {
        "csrf_token": held["csrf"],
        "version": held["version"],
        f"party-{p['participant']}": "excused",
        f"party-{p['victim']}": "excused",
        "result": "rescheduled",
        "note": "Interpreter did not arrive",
    }
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303
    html = page(client, r.headers["location"])
    assert "the hearing did not take place" in html and 'id="case-status">Referred' in html
    assert "Interpreter did not arrive" in html  # on the timeline


def test_correct_later_from_the_same_page_is_audited(client, engine, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    assert client.post(url, data=_form(held), follow_redirects=False).status_code == 303
    html = page(client, url)
    assert "Correct the outcome" in html and 'id="recorded-result">Agreement reached' in html
    with Session(engine) as s:
        hours, letter = s.exec(
            select(Obligation).where(Obligation.case_id == held["case"]["id"]).order_by(Obligation.id)
        ).all()  # fmt: skip
    values = {k: _value(html, k) for k in re.findall(r'name="((?:ex|ob)-[^"]+)"', html)}
    values = {k: v for k, v in values.items() if not k.endswith("-remove")}  # boxes unticked
    values |= {"csrf_token": held["csrf"], "rows": "3", "terms": "Fifteen hours and a letter."}
    values["version"] = _value(html, "version")
    p = held["parties"]
    values |= {f"party-{p['participant']}": "present", f"party-{p['victim']}": "present"}
    bad = values | {f"ex-{hours.id}-target": "lots"}
    r = client.post(url, data=bad, follow_redirects=False)
    assert r.status_code == 422 and "target hours: lots is not a number of hours above 0" in r.text
    assert _value(r.text, f"ex-{hours.id}-target") == "lots"
    good = values | {f"ex-{hours.id}-target": "15", f"ex-{letter.id}-remove": "yes"}
    r = client.post(url, data=good, follow_redirects=False)
    assert r.status_code == 303, r.text[:3000]
    html = page(client, r.headers["location"])
    assert "Outcome corrected:" in html, r.headers["location"]
    assert "target 20 hours -&gt; 15 hours" in html
    with Session(engine) as s:
        assert s.get(Obligation, hours.id).target == 15
        trail = s.exec(select(AuditEvent).where(AuditEvent.action == "correct")).all()
    assert len(trail) == 1 and "removed" in trail[0].detail


def test_a_viewer_cannot_open_the_form(client, engine, world, held):
    sign_in(client, engine, "viewer", [world.njp["id"]])
    r = client.get(f"/hearings/{held['hearing']['id']}/outcome", follow_redirects=False)
    assert r.status_code == 403


def test_a_use_case_refusal_sits_next_to_the_persons_answer(client, held):
    url = f"/hearings/{held['hearing']['id']}/outcome"
    participant = held["parties"]["participant"]
    r = client.post(url, data=_form(held, **{f"party-{participant}": "excused"}), follow_redirects=False)  # fmt: skip
    assert r.status_code == 422
    said = re.search(rf'id="err-party-{participant}">([^<]*)<', r.text)
    assert said and "the participant was excused" in said.group(1)
    assert re.search(rf'id="party-{participant}-excused"[^>]*checked', r.text)
    assert _value(r.text, "ob-2-label") == "Letter to the store owner"
