"""The matching pages as a coordinator sees them: hearings named by case, kind, venue and local
time; reasons in words; the swap acts on the row clicked; a swapped run says so; publishing
names the seats left empty and links to them; a bad horizon re-shows the form."""

from __future__ import annotations

import re
from datetime import datetime

from web_support import assert_accessible, page, sign_in

from support import horizon, next_local

TUE = 1
PANELIST_ONLY = [{"name": "njp_panelist", "completed_on": "2025-01-10", "training_hours": 25}]
RAW = ("njp_", "Cost", "cost", "travel ", "load ", "optimal", "proposed</span>", "objective")


def _propose(client, world, engine) -> tuple[str, str, dict]:
    """Sign in, book a hearing, run matching through the form; the run page's path and HTML."""
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    case = world.case("PAGE-7")
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30))
    home = page(client, "/matching")
    r = client.post(
        "/matching/run",
        data={
            "csrf_token": token,
            "program_id": world.njp["id"],
            "start": re.search(r'name="start" type="date" value="([^"]+)"', home).group(1),
            "end": re.search(r'name="end" type="date" value="([^"]+)"', home).group(1),
        },
    )
    assert r.status_code == 200, r.text[:500]
    assert_accessible(r.text)
    return r.url.path, r.text, {"case": case, "hearing": hearing, "token": token}


def _rows(html: str, hearing_id: int) -> list[int]:
    return [int(v) for v in re.findall(rf'<tr id="seat-{hearing_id}-(\d+)"', html)]


def test_proposal_names_case_venue_local_time_in_words(world, client, engine):
    for i in range(5):
        world.volunteer(f"Vol{i} Words", mobile=f"323-555-01{i:02d}")
    path, html, got = _propose(client, world, engine)
    h, case = got["hearing"], got["case"]
    local = datetime.fromisoformat(h["local_start"])
    section = html[html.index(f'id="proposal-{h["id"]}"') :]
    assert f"Community panel, {local:%a %b} {local.day}, 6:30 PM" in section
    assert f'<a href="/cases/{case["id"]}">PAGE-7</a>' in section
    assert "Hollywood Regional Library" in section
    assert "km from home" in section and "since" in section and "speaks" not in section
    assert "The best possible proposal (proven)." in html
    assert "proposed, nothing sent yet" in html
    for word in RAW:
        assert word not in html, word
    assert path.startswith(f"/matching/{world.njp['id']}/runs/")


def test_other_candidates_and_use_act_on_the_second_panelist_row(world, client, engine):
    for i in range(6):
        world.volunteer(f"Vol{i} Swap", mobile=f"323-555-01{i:02d}")
    path, html, got = _propose(client, world, engine)
    h_id = got["hearing"]["id"]
    panel_rows = re.findall(rf'<tr id="seat-{h_id}-(\d+)" class="proposed-seat"><td>panelist', html)
    assert len(panel_rows) == 2
    first, second = (int(x) for x in panel_rows)
    # each row's button fills its own target
    assert f'hx-target="#cands-seat-{h_id}-{second}"' in html
    assert f"replaces={second}" in html
    frag = client.get(
        path + "/candidates", params={"hearing_id": h_id, "role": "panelist", "replaces": second}
    )
    assert frag.status_code == 200
    assert "km from home" in frag.text and "Change in cost" not in frag.text
    values = re.findall(
        r'name="volunteer_id" value="(\d+)"><input type="hidden" name="replaces" '
        r'value="(\d*)"',
        frag.text,
    )
    assert values and all(int(r) == second for _, r in values)
    pick = int(values[0][0])
    r = client.post(
        path + "/swap",
        data={
            "csrf_token": got["token"],
            "hearing_id": h_id,
            "role": "panelist",
            "volunteer_id": pick,
            "replaces": second,
        },
    )
    assert r.status_code == 200, r.text[:500]
    assert_accessible(r.text)
    after = _rows(r.text, h_id)
    assert first in after and pick in after and second not in after
    assert "now sits in place of" in r.text
    assert "Changed by hand after matching (1 change)" in r.text
    assert "The best possible proposal (proven)." not in r.text
    assert "chosen by hand" in r.text
    assert len(re.findall(r'id="hand-changes"', r.text)) == 1


def test_a_stale_or_malformed_swap_is_refused_in_words(world, client, engine):
    for i in range(6):
        world.volunteer(f"Vol{i} Stale", mobile=f"323-555-01{i:02d}")
    path, html, got = _propose(client, world, engine)
    h_id = got["hearing"]["id"]
    r = client.post(
        path + "/swap",
        data={
            "csrf_token": got["token"],
            "hearing_id": h_id,
            "role": "panelist",
            "volunteer_id": "abc",
        },
    )
    assert r.status_code == 422 and "volunteer_id must be a whole number" in r.text
    facilitator = int(
        re.search(rf'<tr id="seat-{h_id}-(\d+)" class="proposed-seat"><td>facilitator', html).group(
            1
        )
    )
    r = client.post(
        path + "/swap",
        data={
            "csrf_token": got["token"],
            "hearing_id": h_id,
            "role": "panelist",
            "volunteer_id": facilitator,
            "replaces": facilitator,
        },
    )
    assert r.status_code == 422 and "not proposed as panelist" in r.text


def test_publish_with_an_empty_seat_says_so_and_links_to_it(world, client, engine):
    world.volunteer("Lead Able", mobile="323-555-0160")
    world.volunteer("Pan Elist", mobile="323-555-0161", certifications=PANELIST_ONLY)
    path, html, got = _propose(client, world, engine)
    h_id = got["hearing"]["id"]
    assert "Texts and emails 2 invitations. 1 seat will stay empty." in " ".join(html.split())
    assert f'id="empty-{h_id}-panelist"' in html and "Of 2 trained volunteers" in html
    r = client.post(path + "/publish", data={"csrf_token": got["token"]})
    assert r.status_code == 200
    assert_accessible(r.text)
    local = datetime.fromisoformat(got["hearing"]["local_start"])
    assert (
        f"Published: 2 volunteers invited. 1 seat stays empty: Community panel "
        f"{local:%a %b} {local.day}, 6:30 PM (panelist)."
    ) in r.text
    section = r.text[r.text.index('id="left-empty"') :]
    assert f'href="/hearings/{h_id}/seats/find?role=panelist">find a volunteer</a>' in section
    assert f'href="/hearings/{h_id}#panel"' in section
    assert "published, volunteers invited" in r.text
    assert 'id="publish"' not in r.text and "Other candidates" not in r.text


def test_a_bad_horizon_reshows_the_form_with_what_was_typed(world, client, engine):
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    r = client.post(
        "/matching/run",
        data={
            "csrf_token": token,
            "program_id": world.njp["id"],
            "start": "soon",
            "end": "2026-12-31",
        },
    )
    assert r.status_code == 422
    assert "From: give a date like 2026-12-16, not &#39;soon&#39;" in r.text
    assert 'value="soon"' in r.text and 'value="2026-12-31"' in r.text
    assert_accessible(r.text)
    r = client.post(
        "/matching/run",
        data={
            "csrf_token": token,
            "program_id": world.njp["id"],
            "start": "2026-12-31",
            "end": "2026-12-01",
        },
    )
    assert r.status_code == 422 and "the last day must be on or after the first day" in r.text


def test_replacing_an_invited_volunteer_says_they_will_be_told(world, client, engine):
    vols = [world.volunteer(f"Vol{i} Told", mobile=f"323-555-01{i:02d}") for i in range(6)]
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    hearing = world.hearing(world.case("TOLD-1")["id"], next_local(TUE, 18, 30))
    r = client.post(
        f"/api/v1/hearings/{hearing['id']}/seats",
        json={"volunteer_id": vols[0]["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code in (200, 201), r.text
    home = page(client, "/matching")
    r = client.post(
        "/matching/run",
        data={
            "csrf_token": token,
            "program_id": world.njp["id"],
            "start": re.search(r'name="start" type="date" value="([^"]+)"', home).group(1),
            "end": re.search(r'name="end" type="date" value="([^"]+)"', home).group(1),
        },
    )
    assert "Texts and emails 2 invitations." in " ".join(r.text.split())
    row = re.search(rf'<tr id="seat-{hearing["id"]}-{vols[0]["id"]}"[^>]*>.*?</tr>', r.text, re.S)
    assert row and "already invited" in row.group(0)
    frag = client.get(
        r.url.path + "/candidates",
        params={"hearing_id": hearing["id"], "role": "panelist", "replaces": vols[0]["id"]},
    )
    assert "Vol0 Told is already invited: publishing will tell them they are no longer needed." in (
        frag.text
    )


def test_a_refused_publish_says_who_and_which_hearing_in_words(world, client, engine):
    for i in range(3):
        world.volunteer(f"Vol{i} Twice", mobile=f"323-555-01{i:02d}")
    token = sign_in(client, engine, "coordinator", [world.njp["id"]])
    other = client.post(
        "/api/v1/venues",
        json={
            "name": "Second room",
            "address": "2 B St",
            "lat": 34.1,
            "lon": -118.33,
            "windows": [{"day": "tue", "start": "17:00", "end": "22:00"}],
        },
        headers=world.admin,
    ).json()
    start = next_local(TUE, 18, 30)
    h1 = world.hearing(world.case("TWICE-1")["id"], start)
    h2 = world.hearing(world.case("TWICE-2")["id"], start, venue_id=other["id"])
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    window = {"from": horizon()["from"], "to": horizon()["to"]}
    run1 = client.post(base, json=window | {"hearing_ids": [h1["id"]]}, headers=world.coordinator)
    run2 = client.post(base, json=window | {"hearing_ids": [h2["id"]]}, headers=world.coordinator)
    assert client.post(f"{base}/{run1.json()['id']}/publish", headers=world.coordinator).is_success
    r = client.post(
        f"/matching/{world.njp['id']}/runs/{run2.json()['id']}/publish",
        data={"csrf_token": token},
    )
    local = datetime.fromisoformat(h2["local_start"])
    flash = re.search(r'<p class="flash" role="status">(.*?)</p>', r.text, re.S).group(1)
    assert flash.startswith("Not published: panels changed since this run; run matching again.")
    assert (
        "Vol" in flash
        and "Twice now sits on another hearing at the time of the hearing of " in flash
    )
    assert f"{local:%a}, {local:%b} {local.day}, 6:30 PM" in flash
    assert not re.search(r"volunteer \d+|hearing \d+", flash), flash
