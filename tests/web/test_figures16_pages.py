"""Issue #16 (11-15) on the pages: a confirmation taken by phone from the hearing page, and the
report's new figures listed in words."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from sqlmodel import Session, select
from web_support import page, sign_in

from service.db import local_today
from service.models import AuditEvent, PartyConfirmation, Program
from service.programs import program_zone
from support import next_local


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_coordinator_records_a_confirmation_taken_by_phone(client, engine, world):
    case = world.case("PH-1", parties=[{"role": "participant", "person": {"full_name": "Sam Ng"}}])
    hearing = world.hearing(case["id"], next_local(1, 18, 30))
    party = case["parties"][0]["id"]
    sign_in(client, engine, "viewer", [world.njp["id"]])
    assert "Confirmed by phone" not in page(client, f"/hearings/{hearing['id']}")
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/hearings/{hearing['id']}")
    assert f'action="/hearings/{hearing["id"]}/confirmations/{party}"' in html
    assert "Confirmed by phone" in _text(html)
    r = client.post(
        f"/hearings/{hearing['id']}/confirmations/{party}",
        data={"csrf_token": token, "by": "phone"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    html = page(client, r.headers["location"])
    assert "Confirmation recorded (by phone)" in _text(html)
    assert 'class="confirmation-confirmed"' in html and "Confirmed by phone" not in _text(html)
    with Session(engine) as s:
        conf = s.exec(select(PartyConfirmation).where(PartyConfirmation.party_id == party)).one()
        audited = s.exec(select(AuditEvent).where(AuditEvent.action == "record_confirmation")).all()
    assert conf.status == "confirmed" and conf.responded_at is not None
    assert len(audited) == 1


def test_the_report_lists_the_new_figures_in_words(client, engine, world):
    world.case("R-1")
    r = world.client.post(
        "/api/v1/cases",
        json={"program_id": world.njp["id"], "external_ref": "R-2",
              "screening": {"child_abuse": True}},
        headers=world.coordinator,
    )  # fmt: skip
    assert r.status_code == 201 and r.json()["status"] == "ineligible"
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    with Session(engine) as s:
        today = local_today(program_zone(s.get(Program, world.njp["id"])))
    q = f"program_id={world.njp['id']}&start={(today - timedelta(days=7)).isoformat()}&end={today}"
    text = _text(page(client, f"/reports?{q}"))
    assert "2 cases referred" in text
    assert "1 not eligible (screened out)" in text
    assert "1 eligible" in text and "1 initiated (agreed to take part)" in text
    assert "0 resolved (closed after a panel or mediation)" in text
    assert "new volunteers trained" in text and "volunteers renewed a certification" in text
    assert "completers whose year is over" in text
    assert "live in it" not in text  # no neighborhood chosen: nothing to say
    text = _text(page(client, f"/reports?{q}&neighborhood_id={world.hollywood['id']}"))
    assert "volunteers trained and renewed count the volunteers who live in it" in text
