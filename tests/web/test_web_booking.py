"""The booking page: proposed times book in one click; a refused booking keeps what was typed,
with the reason in words next to its field; outside the venue's hours is a checkbox."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, page, web_login

from service.models import Hearing
from support import make_user, next_local

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def browser(client, world, engine):
    """A signed-in NJP coordinator's browser session, with three volunteers to sit."""
    for i in range(3):
        world.volunteer(f"Vol {i}")
    web_login(client, make_user(engine, "coordinator", [world.njp["id"]]), "/today")
    return client


def _selected(html: str, select_id: str) -> str | None:
    block = re.search(rf'<select id="{select_id}".*?</select>', html, re.S).group(0)
    m = re.search(r'<option value="([^"]*)" selected', block)
    return m.group(1) if m else None


def _typed_form(html: str) -> str:
    return re.search(
        r'<form method="post" action="/hearings/new#typed-h" class="card" id="book-typed">.*?</form>',
        html,
        re.S,
    ).group(0)


def test_the_case_page_leads_to_the_booking_page_of_proposed_times(browser, world):
    case = world.case()
    assert f'href="/cases/{case["id"]}/book"' in page(browser, f"/cases/{case['id']}")
    html = page(browser, f"/cases/{case['id']}/book")
    assert "Open times with a full panel" in html and "Times are Pacific Time." in html
    assert html.count('class="book-proposal"') == 5
    assert "3 of 3 seats can be filled: 3 trained volunteers free that" in html
    assert "Hollywood Regional Library, under 1 km from the participant&#39;s area" in html


def test_a_proposed_time_books_in_one_click(browser, world, engine):
    case = world.case()
    html = page(browser, f"/cases/{case['id']}/book")
    first = re.search(r'<li class="card proposal">(.*?)</li>', html, re.S).group(1)
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', first))
    r = browser.post("/hearings/new", data=fields)
    assert r.status_code == 200 and "Hearing booked" in r.text
    with Session(engine) as s:
        h = s.exec(select(Hearing).where(Hearing.case_id == case["id"])).one()
        assert h.start_at.astimezone(LA).strftime("%Y-%m-%dT%H:%M") == fields["start"]


def test_a_time_outside_the_venue_s_hours_is_refused_keeping_what_was_typed(browser, world, engine):
    case = world.case()
    html = page(browser, f"/cases/{case['id']}/book")
    morning = datetime.fromisoformat(next_local(2, 10, 0)).strftime("%Y-%m-%dT%H:%M")  # a Wed
    typed = {
        "csrf_token": csrf_of(html),
        "case_id": case["id"],
        "kind": "panel",
        "venue_id": world.venue["id"],
        "start": morning,
        "language": "es",
    }
    bad = browser.post("/hearings/new", data=typed)
    assert bad.status_code == 422
    assert_accessible(bad.text)
    form = _typed_form(bad.text)
    assert f'value="{morning}"' in form
    assert _selected(form, "venue_id") == str(world.venue["id"])
    assert _selected(form, "language") == "es"
    assert _selected(form, "kind") == "panel"
    assert (
        "Hollywood Regional Library is not open Wed 10:00–11:30 AM; "
        "it is open Wed 6:00–9:00 PM." in form
    )
    assert 'id="start-error"' in form and "allow_outside_venue_hours" not in bad.text
    assert "Book outside the venue's opening hours" in form
    assert 'name="outside_hours" value="1">' in form  # shown, not ticked
    with Session(engine) as s:
        assert not s.exec(select(Hearing).where(Hearing.case_id == case["id"])).all()

    ok = browser.post("/hearings/new", data=typed | {"outside_hours": "1"})
    assert ok.status_code == 200 and "Hearing booked" in ok.text
    with Session(engine) as s:
        h = s.exec(select(Hearing).where(Hearing.case_id == case["id"])).one()
        assert h.start_at.astimezone(LA).strftime("%Y-%m-%dT%H:%M") == morning
        assert h.language == "es"


def test_every_refusal_names_its_field_and_keeps_the_rest(browser, world):
    case = world.case()
    token = csrf_of(page(browser, f"/cases/{case['id']}/book"))
    evening = datetime.fromisoformat(next_local(2, 18, 0)).strftime("%Y-%m-%dT%H:%M")
    base = {"csrf_token": token, "case_id": case["id"], "kind": "panel", "language": "es"}
    no_time = browser.post(
        "/hearings/new", data=base | {"venue_id": world.venue["id"], "start": "soon"}
    )
    assert no_time.status_code == 422
    assert "give the date and time the hearing starts" in _typed_form(no_time.text)
    assert _selected(_typed_form(no_time.text), "language") == "es"
    no_venue = browser.post("/hearings/new", data=base | {"venue_id": "", "start": evening})
    assert no_venue.status_code == 422
    form = _typed_form(no_venue.text)
    assert 'id="venue-error"' in form and "choose the venue" in form
    assert f'value="{evening}"' in form
    other = world.case("CA-2")
    world.hearing(other["id"], next_local(2, 18, 0))
    taken = browser.post(
        "/hearings/new", data=base | {"venue_id": world.venue["id"], "start": evening}
    )
    assert taken.status_code == 422
    form = _typed_form(taken.text)
    assert "already holds a hearing at that time" in form and f'value="{evening}"' in form
    assert "Book outside" not in form  # the checkbox is for the venue's hours only


def test_a_reschedule_outside_the_venue_s_hours_is_a_checkbox_too(browser, world, engine):
    hearing = world.hearing(world.case()["id"], next_local(2, 18, 0))
    html = page(browser, f"/hearings/{hearing['id']}")
    morning = datetime.fromisoformat(next_local(5, 8, 0)).strftime("%Y-%m-%dT%H:%M")  # a Sat
    typed = {"csrf_token": csrf_of(html), "start": morning}
    bad = browser.post(f"/hearings/{hearing['id']}/reschedule", data=typed)
    assert bad.status_code == 422
    assert_accessible(bad.text)
    assert f'value="{morning}"' in bad.text
    assert (
        "Hollywood Regional Library is not open Sat 8:00–9:30 AM; it is open Sat 9:00 AM–1:00 PM."
        in bad.text
    )
    assert "allow_outside_venue_hours" not in bad.text
    assert "Move it outside the venue's opening hours" in bad.text
    ask = browser.post(f"/hearings/{hearing['id']}/reschedule", data=typed | {"outside_hours": "1"})
    assert ask.status_code == 200 and 'name="outside_hours" value="1"' in ask.text
    done = browser.post(
        f"/hearings/{hearing['id']}/reschedule",
        data=typed | {"outside_hours": "1", "confirm": "yes"},
    )
    assert done.status_code == 200 and "Rescheduled" in done.text, done.text[:300]
    with Session(engine) as s:
        moved = s.get(Hearing, hearing["id"])
        assert moved.start_at.astimezone(LA).strftime("%Y-%m-%dT%H:%M") == morning
