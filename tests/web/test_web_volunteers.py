"""Volunteer pages: who may see and change them, search, profile editors, CSV import preview."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, markup_problems, page, published_panel, sign_in

from service.models import (
    AvailabilityWindow,
    Blackout,
    Certification,
    Hearing,
    SeatAssignment,
    Volunteer,
)

GOOD_CSV = (
    "full_name,mobile,languages,home_zip,certifications,availability\n"
    "Rosa Diaz,323-555-0101,es;en,90028,njp_panelist:2025-01-10,tue 18:00-21:00\n"
    "Sam Park,323-555-0102,en,90027,,sat 09:00-13:00\n"
)
BAD_CSV = (
    "full_name,mobile,languages,home_zip,certifications,availability\n"
    "Rosa Diaz,323-555-0101,es;en,90028,njp_panelist:2025-01-10,tue 18:00-21:00\n"
    ",323-555-0102,en,90027,,\n"
    "Lee Chan,not-a-phone,en,90027,,mon 9-10\n"
    "Kim Ortiz,323-555-0104,en,90027,,wed 21:00-18:00\n"
)


def count(engine, model) -> int:
    with Session(engine) as s:
        return len(s.exec(select(model)).all())


@pytest.fixture
def coordinator(world, client, engine):
    """A signed-in NJP coordinator's CSRF token (the client now carries their session)."""
    return sign_in(client, engine, "coordinator", [world.njp["id"]])


def test_signed_out_visitors_are_sent_to_sign_in(client, engine):
    for url in ("/volunteers", "/volunteers/1", "/volunteers/new", "/volunteers/import"):
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"] == f"/login?next={url}"


def test_list_filters_by_name_language_certification_and_state(world, client, engine, coordinator):
    world.volunteer("Ana Morales", mobile="323-555-0111")
    world.volunteer("Bo Smith", mobile="323-555-0112", languages=["en"], certifications=[])
    world.volunteer("Cy Gone", mobile="323-555-0113", active=False)
    html = page(client, "/volunteers")
    assert "Ana Morales" in html and "Bo Smith" in html and "Cy Gone" not in html
    html = page(client, "/volunteers?language=es")
    assert "Ana Morales" in html and "Bo Smith" not in html
    html = page(client, "/volunteers?certification=njp_panelist")
    assert "Ana Morales" in html and "Bo Smith" not in html
    html = page(client, "/volunteers?q=bo")
    assert "Bo Smith" in html and "Ana Morales" not in html
    html = page(client, "/volunteers?active=no")
    assert "Cy Gone" in html and "Ana Morales" not in html


def test_list_paginates(world, client, engine, coordinator):
    with Session(engine) as s:
        for i in range(30):
            s.add(Volunteer(full_name=f"Person {i:02d}"))
        s.commit()
    first = page(client, "/volunteers")
    assert "Person 00" in first and "Person 25" not in first and "page 1 of 2" in first
    second = page(client, "/volunteers?page=2")
    assert "Person 25" in second and "Person 00" not in second


def test_expiring_certifications_are_listed(world, client, engine, coordinator):
    soon = (date.today() + timedelta(days=10)).isoformat()
    later = (date.today() + timedelta(days=90)).isoformat()
    world.volunteer(
        "Soon Expiring",
        certifications=[{"name": "njp_panelist", "completed_on": "2024-01-01", "expires_on": soon}],
    )
    world.volunteer(
        "Far Expiring",
        certifications=[
            {"name": "njp_panelist", "completed_on": "2024-01-01", "expires_on": later}
        ],
    )
    html = page(client, "/volunteers")
    section = html.split("expiring within 30 days", 1)[1]
    assert "Soon Expiring" in section and "Far Expiring" not in section


def test_profile_shows_details_certifications_and_hours(world, client, engine, coordinator):
    v = world.volunteer("Ana Morales", mobile="323-555-0111")
    html = page(client, f"/volunteers/{v['id']}")
    assert (
        "Ana Morales" in html
        and "NJP facilitator certification" in html
        and "njp_facilitator" not in html
    )
    assert "Service in" in html and "Save availability" in html and "Text the link" in html
    page(client, "/volunteers/999999", status=404)


def test_viewer_sees_but_cannot_change(world, client, engine):
    v = world.volunteer("Ana Morales", mobile="323-555-0111")
    token = sign_in(client, engine, "viewer", [world.njp["id"]])
    html = page(client, f"/volunteers/{v['id']}")
    assert "Ana Morales" in html
    assert '<form method="post" action="/volunteers' not in html  # no forms for a viewer
    assert "Save availability" not in html and "New volunteer" not in html
    page(client, "/volunteers/new", status=403)
    page(client, "/volunteers/import", status=403)
    r = client.post(
        f"/volunteers/{v['id']}/availability",
        data={"csrf_token": token, "day": ["mon"], "start": ["09:00"], "end": ["12:00"]},
    )
    assert r.status_code == 403
    r = client.post("/volunteers/new", data={"csrf_token": token, "full_name": "Sneaky"})
    assert r.status_code == 403
    assert count(engine, Volunteer) == 1


def test_post_without_csrf_token_is_refused_and_changes_nothing(world, client, engine, coordinator):
    v = world.volunteer("Ana Morales")
    before = count(engine, AvailabilityWindow)
    r = client.post(
        f"/volunteers/{v['id']}/availability",
        data={"day": ["mon"], "start": ["09:00"], "end": ["12:00"]},
    )
    assert r.status_code == 403
    r = client.post("/volunteers/new", data={"csrf_token": "forged", "full_name": "X"})
    assert r.status_code == 403
    assert count(engine, AvailabilityWindow) == before and count(engine, Volunteer) == 1


def test_new_volunteer_form_validates_then_creates(world, client, engine, coordinator):
    html = page(client, "/volunteers/new")
    assert 'for="full_name"' in html
    r = client.post(
        "/volunteers/new",
        data={"csrf_token": coordinator, "full_name": "", "mobile": "12", "languages": "en"},
    )
    assert r.status_code == 422
    assert_accessible(r.text)
    assert 'id="full_name-error"' in r.text and 'id="mobile-error"' in r.text
    assert count(engine, Volunteer) == 0
    r = client.post(
        "/volunteers/new",
        data={
            "csrf_token": coordinator,
            "full_name": "Rosa Diaz",
            "mobile": "323-555-0101",
            "languages": "es, en",
            "home_zip": "90028",
            "active": "1",
            "sms_consent": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    with Session(engine) as s:
        rosa = s.exec(select(Volunteer)).one()
        assert (rosa.mobile, rosa.preferred_language, rosa.active) == ("+13235550101", "es", True)
    assert r.headers["location"].startswith(f"/volunteers/{rosa.id}")


def test_availability_editor_shows_each_error_beside_its_field(world, client, engine, coordinator):
    v = world.volunteer("Ana Morales")
    before = count(engine, AvailabilityWindow)
    r = client.post(
        f"/volunteers/{v['id']}/availability",
        data={
            "csrf_token": coordinator,
            "day": ["mon", "tue", "tue", "xyz"],
            "start": ["18:00", "18:00", "19:00", "10:00"],
            "end": ["17:00", "21:00", "20:00", "11:00"],
        },
    )
    assert r.status_code == 422
    assert_accessible(r.text)
    assert 'id="end-1-error"' in r.text and "the end must be after the start" in r.text
    assert 'id="start-3-error"' in r.text and "overlaps row 2" in r.text
    assert 'id="day-4-error"' in r.text
    assert 'aria-invalid="true"' in r.text
    assert count(engine, AvailabilityWindow) == before  # nothing saved


def test_availability_editor_replaces_windows_and_drops_blank_days(
    world, client, engine, coordinator
):
    v = world.volunteer("Ana Morales")
    r = client.post(
        f"/volunteers/{v['id']}/availability",
        data={
            "csrf_token": coordinator,
            "day": ["wed", "", "sat"],
            "start": ["17:30", "09:00", "10:00"],
            "end": ["20:00", "12:00", "12:00"],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#availability")
    with Session(engine) as s:
        rows = s.exec(select(AvailabilityWindow).where(AvailabilityWindow.volunteer_id == v["id"]))
        got = sorted((w.day, w.start_time.isoformat("minutes")) for w in rows)
    assert got == [("sat", "10:00"), ("wed", "17:30")]


def test_blackouts_and_certifications_can_be_added_and_removed(world, client, engine, coordinator):
    v = world.volunteer("Ana Morales")
    r = client.post(
        f"/volunteers/{v['id']}/blackouts",
        data={"csrf_token": coordinator, "start": "2030-12-24", "end": "2030-12-20"},
    )
    assert r.status_code == 422 and "must not be before" in r.text
    assert_accessible(r.text)
    r = client.post(
        f"/volunteers/{v['id']}/blackouts",
        follow_redirects=False,
        data={
            "csrf_token": coordinator,
            "start": "2030-12-20",
            "end": "2030-12-24",
            "reason": "Holidays",
        },
    )
    assert r.status_code == 303
    html = page(client, f"/volunteers/{v['id']}")
    assert "Fri Dec 20, 2030 to Tue Dec 24, 2030 (Holidays)" in html
    with Session(engine) as s:
        b = s.exec(select(Blackout)).one()
    client.post(f"/volunteers/{v['id']}/blackouts/{b.id}/delete", data={"csrf_token": coordinator})
    assert count(engine, Blackout) == 0

    r = client.post(
        f"/volunteers/{v['id']}/certifications",
        data={
            "csrf_token": coordinator,
            "name": "mediator",
            "completed_on": "2026-01-01",
            "expires_on": "2025-01-01",
        },
    )
    assert r.status_code == 422 and "expires_on must not be before" in r.text
    assert_accessible(r.text)
    r = client.post(
        f"/volunteers/{v['id']}/certifications",
        follow_redirects=False,
        data={
            "csrf_token": coordinator,
            "name": "mediator",
            "completed_on": "2026-01-01",
            "training_hours": "25",
        },
    )
    assert r.status_code == 303
    with Session(engine) as s:
        names = s.exec(
            select(Certification.name).where(Certification.volunteer_id == v["id"])
        ).all()
    assert "mediator" in names


def test_import_preview_lists_every_bad_row_and_stores_nothing(world, client, engine, coordinator):
    page(client, "/volunteers/import")
    r = client.post(
        "/volunteers/import",
        data={"csrf_token": coordinator, "action": "preview"},
        files={"file": ("vols.csv", BAD_CSV.encode(), "text/csv")},
    )
    assert r.status_code == 422
    assert_accessible(r.text)
    rows = r.text.split('class="import-errors"', 1)[1].split("</table>", 1)[0]
    for line, column in (
        ("3", "full_name"),
        ("4", "mobile"),
        ("4", "availability"),
        ("5", "availability"),
    ):
        assert f"<tr><td>{line}</td><td>{column}</td>" in rows, (line, column)
    assert "Nothing has been stored" in r.text
    assert "Import the 1 good row" in r.text and 'value="all"' not in r.text
    assert count(engine, Volunteer) == 0
    # "import all" with bad rows still stores nothing and shows the problems again
    r = client.post(
        "/volunteers/import", data={"csrf_token": coordinator, "action": "all", "csv_text": BAD_CSV}
    )
    assert r.status_code == 422 and count(engine, Volunteer) == 0
    r = client.post(
        "/volunteers/import",
        data={"csrf_token": coordinator, "action": "good", "csv_text": BAD_CSV},
    )
    assert r.status_code == 200 and "Imported <strong>1</strong> volunteer" in r.text
    assert_accessible(r.text)
    assert "lines 3, 4, 5" in r.text
    with Session(engine) as s:
        assert [v.full_name for v in s.exec(select(Volunteer)).all()] == ["Rosa Diaz"]


def test_clean_import_offers_import_all(world, client, engine, coordinator):
    r = client.post(
        "/volunteers/import",
        data={"csrf_token": coordinator},
        files={"file": ("vols.csv", GOOD_CSV.encode(), "text/csv")},
    )
    assert r.status_code == 200 and "Import all 2 rows" in r.text
    assert_accessible(r.text)
    assert csrf_of(r.text) == coordinator and count(engine, Volunteer) == 0
    r = client.post(
        "/volunteers/import",
        data={"csrf_token": coordinator, "action": "all", "csv_text": GOOD_CSV},
    )
    assert "Imported <strong>2</strong> volunteers" in r.text and count(engine, Volunteer) == 2


def test_import_refuses_a_file_without_the_required_column(world, client, engine, coordinator):
    r = client.post(
        "/volunteers/import",
        data={"csrf_token": coordinator},
        files={"file": ("v.csv", b"name,mobile\nX,1\n", "text/csv")},
    )
    assert r.status_code == 422 and "full_name" in r.text and count(engine, Volunteer) == 0
    assert_accessible(r.text)


def test_profile_lists_seats_and_hours_and_links_cases_only_in_own_programs(world, client, engine):
    sc = published_panel(world, client, engine)
    vid, seat = sc["volunteer"].id, sc["seat"]
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/volunteers/{vid}")
    upcoming = html.split("Upcoming assignments", 1)[1].split("Past assignments", 1)[0]
    assert (
        "Hollywood Regional Library" in upcoming
        and seat.role.capitalize() in upcoming
        and "Invited" in upcoming
    )
    assert f'href="/cases/{sc["case"]["id"]}"' in upcoming
    assert "Shoplifting" not in html and "Jordan" not in html  # never a case detail here
    # a held hearing this year with an accepted seat counts towards the hours
    with Session(engine) as s:
        h = s.get(Hearing, sc["hearing"]["id"])
        h.status = "held"
        row = s.get(SeatAssignment, seat.id)
        row.status = "accepted"
        s.add_all([h, row])
        s.commit()
        hours = (h.end_at - h.start_at).total_seconds() / 3600
        la = ZoneInfo("America/Los_Angeles")
        same_year = h.start_at.astimezone(la).year == datetime.now(la).year
    html = page(client, f"/volunteers/{vid}")
    past = html.split("Past assignments", 1)[1]
    assert "Accepted" in past and "held" in past
    if same_year:  # the hearing is two weeks ahead: late December falls into next year
        assert f"<strong>{hours:g}</strong> hours on <strong>1</strong> hearing" in html
    # someone from another program sees the seat but no way into the case
    sign_in(client, engine, "coordinator", [world.drp["id"]])
    html = page(client, f"/volunteers/{vid}")
    assert "Hollywood Regional Library" in html and "/cases/" not in html


def test_the_markup_checker_catches_what_it_should():
    bad = (
        '<input name="a"><select id="s"></select><img src="x.png">'
        '<p style="color:red">x</p><script>alert(1)</script><b id="d"></b><i id="d"></i>'
    )
    problems = "\n".join(markup_problems(bad))
    for expected in ("name='a'", "id='s'", "x.png", "style attribute", "inline <script>", "'d'"):
        assert expected in problems, expected
    good = (
        '<label for="a">A</label><input id="a"><label>B <select></select></label>'
        '<textarea aria-label="C"></textarea><input type="hidden" name="t"><img src="y" alt="">'
        '<script src="/static/x.js"></script>'
    )
    assert markup_problems(good) == []
