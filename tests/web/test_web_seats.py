"""Seats by hand on the hearing page (issue 14, items 4 and 6): every seat listed, Empty rows,
find a volunteer (ranked, with reasons, and who cannot sit with why not), fill, replace, and the
confirmation step before cancelling or moving a hearing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session, select
from web_support import csrf_of, page, published_panel, web_login

from service.models import Hearing, Message, SeatAssignment
from support import EVENING_WINDOWS, make_user, next_local


@pytest.fixture
def browser(client, world, engine):
    """A signed-in NJP coordinator's browser session (cookie)."""
    email = make_user(engine, "coordinator", [world.njp["id"]], email="dana@example.org")
    web_login(client, email, "/today")
    return client


def _booked(world, weeks_ahead: int = 2) -> dict:
    case = world.case()
    return world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=weeks_ahead))


def _messages(engine, **where) -> list[Message]:
    with Session(engine) as s:
        stmt = select(Message)
        for k, v in where.items():
            stmt = stmt.where(getattr(Message, k) == v)
        return list(s.exec(stmt).all())


def test_the_panel_lists_every_seat_with_an_empty_row_for_each(browser, world):
    hearing = _booked(world)
    html = page(browser, f"/hearings/{hearing['id']}")
    assert 'id="panel"' in html
    assert html.count('class="seat-empty"') == 3
    assert "Facilitator" in html and "Panelist" in html
    assert "njp_" not in html
    assert f"/hearings/{hearing['id']}/seats/find?role=facilitator" in html
    assert html.count(f"/hearings/{hearing['id']}/seats/find?role=panelist") == 2


def test_find_ranks_who_can_sit_and_says_why_others_cannot(browser, world, engine):
    case = world.case()
    hearing = world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    able = world.volunteer("Ann Able", mobile="323-555-0101", email="ann@example.org")
    mornings = world.volunteer(
        "Ada Mornings",
        mobile="323-555-0106",
        availability=[{"day": "sat", "start": "09:00", "end": "12:00"}],
    )
    recused = world.volunteer("Ray Recused", mobile="323-555-0107")
    participant = next(p for p in case["parties"] if p["role"] == "participant")
    r = browser.post(
        f"/api/v1/volunteers/{recused['id']}/conflicts",
        json={"person_id": participant["person"]["id"], "reason": "neighbor"},
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    world.volunteer("Olga Optout", mobile="323-555-0102", sms_consent=False)
    world.volunteer("Una Uncertified", mobile="323-555-0103", certifications=[])
    blacked = world.volunteer("Bea Blackout", mobile="323-555-0104")
    start = datetime.fromisoformat(hearing["start"])
    r = browser.post(
        f"/api/v1/volunteers/{blacked['id']}/blackouts",
        json={
            "start": (start - timedelta(hours=2)).isoformat(),
            "end": (start + timedelta(hours=4)).isoformat(),
        },
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    busy = world.volunteer("Bo Busy", mobile="323-555-0105")
    venue = browser.post(
        "/api/v1/venues",
        json={
            "name": "Second Library",
            "address": "1 Main St, Los Angeles, CA 90028",
            "lat": 34.101,
            "lon": -118.329,
            "windows": EVENING_WINDOWS,
        },
        headers=world.admin,
    ).json()
    other = world.hearing(world.case("CA-2")["id"], hearing["start"], venue_id=venue["id"])
    r = browser.post(
        f"/api/v1/hearings/{other['id']}/seats",
        json={"volunteer_id": busy["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code in (200, 201), r.text

    html = page(browser, f"/hearings/{hearing['id']}/seats/find?role=panelist")
    assert f'id="candidate-{able["id"]}"' in html
    row = html.split(f'id="candidate-{able["id"]}"', 1)[1].split("</tr>", 1)[0]
    assert "km from home" in row and "hearings this month" in row
    assert "text and calendar invite" in row

    def why(volunteer_id: int) -> str:
        after = html.split(f'id="unable-{volunteer_id}"', 1)[1]
        return re.search(r'class="why">([^<]*)<', after).group(1)

    by_name = {
        v["full_name"]: v["id"]
        for v in browser.get("/api/v1/volunteers", headers=world.coordinator).json()["items"]
    }
    assert "opted out of texts" in why(by_name["Olga Optout"])
    assert "not certified as panelist" in why(by_name["Una Uncertified"])
    assert "blackout that day" in why(blacked["id"])
    assert "busy on another hearing then" in why(busy["id"])
    assert why(mornings["id"]) == "outside their availability"
    assert why(recused["id"]) == "conflict of interest with a party"
    # who nearly could sit comes before who lacks the certification
    assert html.index(f'id="unable-{busy["id"]}"') < html.index(
        f'id="unable-{by_name["Una Uncertified"]}"'
    )
    assert "njp_" not in html

    # choosing someone the page says cannot sit is refused with the reason, the page kept
    csrf = csrf_of(html)
    bad = browser.post(
        f"/hearings/{hearing['id']}/seats/fill",
        data={"csrf_token": csrf, "role": "panelist", "volunteer_id": blacked["id"]},
    )
    assert bad.status_code == 422
    assert "Bea Blackout cannot take this seat: blackout that day" in bad.text
    assert 'id="candidates"' in bad.text

    # choosing the top candidate invites them (text and calendar invite in the outbox)
    top = int(html.split('class="candidate" id="candidate-', 1)[1].split('"', 1)[0])
    r = browser.post(
        f"/hearings/{hearing['id']}/seats/fill",
        data={"csrf_token": csrf, "role": "panelist", "volunteer_id": top},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        seat = s.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == hearing["id"], SeatAssignment.volunteer_id == top
            )
        ).one()
        assert (seat.role, seat.status) == ("panelist", "invited")
        assert s.get(Hearing, hearing["id"]).needs_attention == "2 seat(s) without a volunteer"
    assert _messages(engine, seat_id=seat.id, kind="volunteer_invite")
    after = page(browser, f"/hearings/{hearing['id']}")
    assert after.count('class="seat-empty"') == 2
    assert f'id="seat-{seat.id}"' in after and "Invited, no answer yet" in after


def test_find_refuses_what_cannot_be_filled_in_plain_words(browser, world):
    hearing = _booked(world)
    r = browser.get(
        f"/hearings/{hearing['id']}/seats/find",
        params={"role": "judge"},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 422 and "no judge seat" in r.text
    assert "facilitator, panelist" in r.text
    r = browser.get(
        f"/hearings/{hearing['id']}/seats/find",
        params={"replace": "abc"},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 422 and "is not a seat number" in r.text


def test_another_programs_coordinator_cannot_find_or_fill(client, world, engine):
    hearing = _booked(world)
    email = make_user(engine, "coordinator", [world.drp["id"]], email="drp@example.org")
    web_login(client, email, "/today")
    r = client.get(
        f"/hearings/{hearing['id']}/seats/find?role=panelist", headers={"accept": "text/html"}
    )
    assert r.status_code in (403, 404)
    csrf = csrf_of(client.get("/today").text)
    r = client.post(
        f"/hearings/{hearing['id']}/seats/fill",
        data={"csrf_token": csrf, "role": "panelist", "volunteer_id": 1},
    )
    assert r.status_code in (403, 404)
    with Session(engine) as s:
        assert not s.exec(
            select(SeatAssignment).where(SeatAssignment.hearing_id == hearing["id"])
        ).all()


def test_replace_asks_who_will_be_told_then_swaps_the_seat(browser, world, engine):
    panel = published_panel(world, browser, engine)
    hearing, leaving = panel["hearing"], panel["seat"]
    html = page(browser, f"/hearings/{hearing['id']}")
    assert f"/hearings/{hearing['id']}/seats/find?replace={leaving.id}" in html
    found = page(browser, f"/hearings/{hearing['id']}/seats/find?replace={leaving.id}")
    assert f"Replace {panel['volunteer'].full_name}" in found
    top = int(found.split('class="candidate" id="candidate-', 1)[1].split('"', 1)[0])
    csrf = csrf_of(found)
    ask = browser.post(
        f"/hearings/{hearing['id']}/seats/{leaving.id}/replace",
        data={"csrf_token": csrf, "volunteer_id": top},
    )
    assert ask.status_code == 200
    assert "Yes, replace and tell them" in ask.text
    assert f"{panel['volunteer'].full_name} (text and calendar cancellation)" in ask.text
    assert "(text and calendar invite)" in ask.text
    with Session(engine) as s:
        assert s.get(SeatAssignment, leaving.id).status == "invited"  # nothing done yet
    done = browser.post(
        f"/hearings/{hearing['id']}/seats/{leaving.id}/replace",
        data={"csrf_token": csrf, "volunteer_id": top, "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    with Session(engine) as s:
        assert s.get(SeatAssignment, leaving.id).status == "replaced"
        new = s.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == hearing["id"], SeatAssignment.volunteer_id == top
            )
        ).one()
        assert (new.status, new.role) == ("invited", leaving.role)
    assert _messages(engine, seat_id=leaving.id, kind="volunteer_cancelled")
    cancel_mail = [m for m in _messages(engine, seat_id=leaving.id) if m.ics_method == "CANCEL"]
    assert cancel_mail
    assert _messages(engine, seat_id=new.id, kind="volunteer_invite")
    after = page(browser, f"/hearings/{hearing['id']}")
    assert f'id="seat-{leaving.id}"' in after and "Replaced" in after
    again = browser.get(
        f"/hearings/{hearing['id']}/seats/find",
        params={"replace": leaving.id},
        headers={"accept": "text/html"},
    )
    assert again.status_code == 409
    assert "that seat is already replaced: nobody holds it to be replaced" in again.text


def test_cancel_asks_first_and_names_who_will_be_told(browser, world, engine):
    hearing = _booked(world)
    html = page(browser, f"/hearings/{hearing['id']}")
    csrf = csrf_of(html)
    ask = browser.post(f"/hearings/{hearing['id']}/cancel", data={"csrf_token": csrf})
    assert ask.status_code == 200 and "Yes, cancel and tell them" in ask.text
    assert "Jordan Lee (text, Spanish)" in ask.text
    assert "Store Owner: no mobile number" in ask.text
    with Session(engine) as s:
        assert s.get(Hearing, hearing["id"]).status == "scheduled"
    assert not _messages(engine, hearing_id=hearing["id"], kind="participant_hearing_cancelled")
    done = browser.post(
        f"/hearings/{hearing['id']}/cancel",
        data={"csrf_token": csrf, "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    with Session(engine) as s:
        assert s.get(Hearing, hearing["id"]).status == "cancelled"
    assert _messages(engine, hearing_id=hearing["id"], kind="participant_hearing_cancelled")


def test_reschedule_asks_first_and_keeps_a_refused_time(browser, world, engine):
    hearing = _booked(world)
    csrf = csrf_of(page(browser, f"/hearings/{hearing['id']}"))
    later = datetime.fromisoformat(next_local(3, 18, 30, weeks_ahead=3)).strftime("%Y-%m-%dT%H:%M")
    bad = browser.post(
        f"/hearings/{hearing['id']}/reschedule",
        data={"csrf_token": csrf, "start": later.replace("18:30", "10:00")},
    )
    assert bad.status_code == 422 and "not open" in bad.text
    assert later.replace("18:30", "10:00") in bad.text  # what was typed is kept
    ask = browser.post(
        f"/hearings/{hearing['id']}/reschedule", data={"csrf_token": csrf, "start": later}
    )
    assert ask.status_code == 200 and "Yes, move it and tell them" in ask.text
    assert "Jordan Lee (text, Spanish)" in ask.text
    with Session(engine) as s:
        assert s.get(Hearing, hearing["id"]).sequence == 0
    done = browser.post(
        f"/hearings/{hearing['id']}/reschedule",
        data={"csrf_token": csrf, "start": later, "confirm": "yes"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert _messages(engine, hearing_id=hearing["id"], kind="participant_hearing_moved")


def test_the_page_ranks_as_the_api_candidates_route_does(client, world, engine):
    from service.panels import queries
    from support import horizon

    zips = ["90028", "90027", "90038", "90004", "90029", "90026", "90046"]
    for i, z in enumerate(zips):
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", home_zip=z)
    hearing = _booked(world)
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    run = client.post(base, json=horizon(hearing["start"]), headers=world.coordinator).json()
    assert client.post(f"{base}/{run['id']}/publish", headers=world.coordinator).status_code == 200
    api_ranked = client.get(
        f"{base}/{run['id']}/candidates",
        params={"hearing_id": hearing["id"], "role": "panelist", "k": 50},
        headers=world.coordinator,
    ).json()
    assert len(api_ranked) >= 3
    with Session(engine) as s:
        _problem, ours = queries.hearing_candidates(s, s.get(Hearing, hearing["id"]), "panelist")
    assert [c.volunteer_id for c in ours] == [c["volunteer_id"] for c in api_ranked]
    assert len({round(c["travel_km"], 1) for c in api_ranked}) > 1  # a ranking, not a tie


def test_a_viewer_sees_the_seats_but_no_way_to_change_them(client, world, engine):
    hearing = _booked(world)
    world.volunteer("Ann Able", mobile="323-555-0101")
    email = make_user(engine, "viewer", [world.njp["id"]], email="vic@example.org")
    web_login(client, email, "/today")
    html = page(client, f"/hearings/{hearing['id']}")
    assert html.count('class="seat-empty"') == 3 and "Find a volunteer" not in html
    found = page(client, f"/hearings/{hearing['id']}/seats/find?role=panelist")
    assert "Ann Able" in found and "Invite Ann Able" not in found
    r = client.post(
        f"/hearings/{hearing['id']}/cancel",
        data={"csrf_token": csrf_of(found), "confirm": "yes"},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 403
