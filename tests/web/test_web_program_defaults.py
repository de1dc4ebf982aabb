"""Forms start on the coordinator's program, and pages show times in the program's own zone."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from web.web_support import csrf_of, page, web_login

from support import make_user, next_local

NEW_YORK = ZoneInfo("America/New_York")


def _selected_program(html: str) -> str:
    select = re.search(r'<select id="program_id".*?</select>', html, re.S).group(0)
    return re.search(r'<option value="(\d+)"\s*selected', select).group(1)


def test_forms_start_on_the_busiest_program_then_the_last_one_used(client, world, engine):
    world.case("NJP-1")
    world.case("NJP-2")  # NJP has the open cases; DRP (first by name) has none
    both = make_user(engine, "coordinator", [world.njp["id"], world.drp["id"]])
    web_login(client, both, "/cases/new")
    assert _selected_program(page(client, "/cases/new")) == str(world.njp["id"])
    assert _selected_program(page(client, "/matching")) == str(world.njp["id"])
    # a run for DRP makes DRP the program both forms start on next time
    html = page(client, "/matching")
    r = client.post(
        "/matching/run",
        data={
            "csrf_token": csrf_of(html),
            "program_id": str(world.drp["id"]),
            "start": "2030-01-01",
            "end": "2030-01-07",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    assert _selected_program(page(client, "/cases/new")) == str(world.drp["id"])
    assert _selected_program(page(client, "/matching")) == str(world.drp["id"])


def test_a_program_in_another_zone_shows_its_own_times(client, world, engine, admin):
    from support import NJP

    r = client.post(
        "/api/v1/programs",
        json=NJP | {"code": "NJPNY", "name": "Justice in New York", "timezone": "America/New_York"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    program = r.json()
    case = client.post(
        "/api/v1/cases",
        json={
            "program_id": program["id"],
            "external_ref": "NY-1",
            "consent": True,
            "parties": [{"role": "participant", "person": {"full_name": "Avery Stone"}}],
        },
        headers=admin,
    ).json()
    start = next_local(2, 18, 30, weeks_ahead=2)  # 18:30 in Los Angeles (CONVENE_TIMEZONE)
    r = client.post(
        "/api/v1/hearings",
        json={
            "case_id": case["id"],
            "kind": "panel",
            "venue_id": world.venue["id"],
            "start": start,
            "allow_outside_venue_hours": True,  # the venue keeps Los Angeles hours
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    hearing = r.json()
    ny = datetime.fromisoformat(hearing["start"]).astimezone(NEW_YORK)
    assert ny.hour == 21
    web_login(client, make_user(engine, "coordinator", [program["id"]]), "/today")
    shown = f"{ny:%a %b} {ny.day}, 9:30 PM"
    assert shown in page(client, f"/hearings/{hearing['id']}")
    assert shown in page(client, f"/cases/{case['id']}")
    assert "6:30 PM" not in page(client, f"/hearings/{hearing['id']}")
