"""When plans change, in a real browser: a volunteer who texted STOP is left out of matching and
the run page says so; a volunteer who accepted answers "still coming?" with N after the hearing
moves, and the hearing page shows the seat given back and covered."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pw import LA, api, free_evening, shot, sign_in, text_in

from service.messaging.wording import short_date


def _answer(server: str, phone: str, body: str, day: datetime) -> str:
    """Text `body`; if Convene asks which request, answer with this hearing's number."""
    reply = text_in(server, phone, body)
    assert reply.status_code == 200, reply.text
    if not re.search(r"^1\) ", reply.text, re.M):
        return reply.text
    dates = [short_date(day.date(), "en"), short_date(day.date(), "es")]
    listed = re.search(rf"^(\d+)\) [^\n]*(?:{'|'.join(dates)}),", reply.text, re.M)
    assert listed, reply.text
    answer = text_in(server, phone, listed.group(1))
    assert answer.status_code == 200
    return answer.text


def test_stop_leaves_a_volunteer_out_and_no_after_a_move_is_covered(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "t16-01-coordinator")
    client = api(server, secret)

    # a referral and a hearing on a free evening, booked from the case page
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "TEXTS-0016")
    page.fill("#zip", "90028")
    page.fill("#description", "Graffiti on a bus shelter")
    page.check("#consent")
    page.fill("#participant_name", "Alex Moreno")
    page.fill("#participant_mobile", "(661) 555-0166")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    page.click("text=Book a hearing")
    page.select_option("#venue_id", label="Hollywood Regional Library, community room")
    evening = datetime.fromisoformat(free_evening()).replace(tzinfo=LA)
    page.fill("#start", evening.strftime("%Y-%m-%dT%H:%M"))
    page.click("#book")  # the typed time's form, not a proposed time's
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    hearing_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))
    programs = client.get("/api/v1/programs").json()
    programs = programs["items"] if isinstance(programs, dict) else programs
    njp = next(p for p in programs if p["name"] == "Neighborhood Justice Program")

    # whom the engine would seat first texts STOP
    window = {
        "from": datetime.now(LA).isoformat(),
        "to": (evening + timedelta(days=1)).isoformat(),
        "hearing_ids": [hearing_id],
    }
    first = client.post(f"/api/v1/programs/{njp['id']}/matching-runs", json=window)
    assert first.status_code == 201, first.text
    (proposal,) = [h for h in first.json()["hearings"] if h["hearing_id"] == hearing_id]
    quiet = client.get(f"/api/v1/volunteers/{proposal['seats'][0]['volunteer_id']}").json()
    assert text_in(server, quiet["mobile"], "STOP").status_code == 200

    # the run page leaves them out and says why
    page.goto(server + "/matching")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.click("#run-matching")
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+"))
    note = page.locator("#run-opted-out").inner_text()
    assert "opted out of texts" in note and quiet["full_name"] in note, note
    assert quiet["full_name"] not in page.locator(f"#proposal-{hearing_id}").inner_text()
    shot(page, "t16-02-run-leaves-out-opted-out")
    page.click("#publish")
    page.wait_for_load_state()
    assert "Published" in page.content()

    # a seated volunteer says yes; the hearing moves; they answer "still coming?" with N
    hearing = client.get(f"/api/v1/hearings/{hearing_id}").json()
    seat = next(s for s in hearing["seats"] if s["status"] == "invited")
    assert seat["volunteer_id"] != quiet["id"]
    mobile = client.get(f"/api/v1/volunteers/{seat['volunteer_id']}").json()["mobile"]
    _answer(server, mobile, "Yes", evening)
    later = evening + timedelta(days=7)
    r = client.patch(f"/api/v1/hearings/{hearing_id}", json={"start": later.isoformat()})
    assert r.status_code == 200, r.text
    reply = _answer(server, mobile, "N", later)
    assert "questions? Call" not in reply and "preguntas?" not in reply, reply

    # the coordinator sees the seat given back and covered
    page.goto(f"{server}/hearings/{hearing_id}")
    declined = page.locator("tr.seat-declined").inner_text()
    assert seat["volunteer_name"] in declined, declined
    # covered by the next volunteer who can sit then, or shown as empty for the coordinator
    after = client.get(f"/api/v1/hearings/{hearing_id}").json()
    holding = page.locator("tr.seat-invited, tr.seat-accepted").count()
    assert holding == 3 or "without a volunteer" in (after["needs_attention"] or ""), after
    assert holding + page.locator("tr.seat-empty").count() == 3
    shot(page, "t16-03-no-after-move-covered")
