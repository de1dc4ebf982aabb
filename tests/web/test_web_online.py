"""Online hearings on the admin pages (a venue made online with its link template; a program's
and a hearing kind's preference) and on the hearing page (switching, refused in plain words)."""

from __future__ import annotations

from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, page, sign_in

from service.models import HearingKind, Program, Venue
from support import next_local

TUE = 1


def test_an_admin_makes_a_venue_online_with_its_link_template(world, client, engine):
    csrf = sign_in(client, engine, "admin")
    form = {
        "csrf_token": csrf,
        "name": "Video meeting",
        "address": "Online",
        "lat": "34.05",
        "lon": "-118.24",
        "active": "1",
        "online": "1",
        "meeting_template": "https://meet.jit.si/convene",
        "day": ["tue"],
        "start": ["18:00"],
        "end": ["21:00"],
    }
    r = client.post("/admin/venues/new", data=form)
    assert r.status_code == 422 and 'id="meeting_template-error"' in r.text
    assert "{token}" in r.text and 'value="https://meet.jit.si/convene"' in r.text
    assert_accessible(r.text)
    r = client.post(
        "/admin/venues/new",
        data=form | {"meeting_template": "https://meet.jit.si/convene-{token}"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        venue = s.exec(select(Venue).where(Venue.name == "Video meeting")).one()
        assert venue.online and venue.meeting_template == "https://meet.jit.si/convene-{token}"
    html = page(client, f"/admin/venues/{venue.id}")
    assert 'id="online" name="online" value="1" checked' in html
    # a template without the box ticked is refused, not silently kept
    r = client.post(
        "/admin/venues/new",
        data=form | {"name": "Other", "online": "", "meeting_template": "https://x.org/{token}"},
    )
    assert r.status_code == 422 and "only an online venue has a meeting link template" in r.text


def test_a_program_and_a_kind_prefer_online_or_in_person(world, client, engine):
    csrf = sign_in(client, engine, "admin")
    url = f"/admin/programs/{world.njp['id']}"
    html = page(client, url)
    with Session(engine) as s:
        kind = s.exec(select(HearingKind).where(HearingKind.program_id == world.njp["id"])).one()
    assert f'name="kind_mode_{kind.id}"' in html and "As the program prefers" in html
    base = {"csrf_token": csrf, "name": "NJP", "completion_window_days": "56", "active": "1"}
    r = client.post(url, data=base | {"prefers_mode": "sideways"})
    assert r.status_code == 422 and 'id="prefers_mode-error"' in r.text
    r = client.post(
        url,
        data=base | {"prefers_mode": "online", f"kind_mode_{kind.id}": "in_person"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        assert s.get(Program, world.njp["id"]).prefers_mode == "online"
        assert s.get(HearingKind, kind.id).prefers_mode == "in_person"


def test_the_hearing_page_switches_and_refuses_in_words(world, client, engine):
    r = client.post(
        "/api/v1/venues",
        json={
            "name": "Zoom room",
            "address": "Online",
            "lat": 34.05,
            "lon": -118.24,
            "online": True,
            "windows": [{"day": "tue", "start": "18:00", "end": "21:00"}],
        },
        headers=world.admin,
    )
    assert r.status_code == 201, r.text
    online = r.json()
    hearing = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/hearings/{hearing['id']}")
    assert 'id="hearing-mode">In person' in html and "Hold it online" in html
    csrf = csrf_of(html)
    # the Zoom room makes no links: without one pasted, the page says so next to the field
    r = client.post(
        f"/hearings/{hearing['id']}/mode", data={"csrf_token": csrf, "venue_id": online["id"]}
    )
    assert r.status_code == 422 and 'id="mode-link-error"' in r.text
    assert "paste the link of the video meeting" in r.text
    assert_accessible(r.text)
    data = {
        "csrf_token": csrf,
        "venue_id": online["id"],
        "meeting_url": "https://zoom.us/j/5551234567",
    }
    r = client.post(f"/hearings/{hearing['id']}/mode", data=data)
    assert r.status_code == 200 and "Hold this hearing online (Zoom room)?" in r.text
    assert "Jordan Lee" in r.text  # who will be told
    r = client.post(
        f"/hearings/{hearing['id']}/mode", data=data | {"confirm": "yes"}, follow_redirects=False
    )
    assert r.status_code == 303
    html = page(client, f"/hearings/{hearing['id']}")
    assert 'href="https://zoom.us/j/5551234567"' in html and 'id="hearing-mode">Online' in html
