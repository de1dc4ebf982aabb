"""A coordinator's matching run in a real browser: the proposal names each hearing's case,
venue and local time; "Other candidates" and "Use" on the SECOND panelist row change that row
and only it; the run then says it was changed by hand; publishing says which seat stays empty
and links to where it is filled by hand."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pw import LA, api, free_evening, shot, sign_in, text_in


def _facilitators(client) -> list[dict]:
    out, offset = [], 0
    while True:
        page = client.get(
            "/api/v1/volunteers",
            params={"certification": "njp_facilitator", "limit": 200, "offset": offset},
        ).json()
        out += page["items"]
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return out


def test_swap_the_second_panelist_and_publish_with_an_empty_seat(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "m01-coordinator")
    client = api(server, secret)

    # a referral and a hearing on a free evening, booked from the case page
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "MATCH-0001")
    page.fill("#zip", "90028")
    page.fill("#description", "Graffiti on a school wall")
    page.check("#consent")
    page.fill("#participant_name", "Dana Whitfield")
    page.fill("#participant_mobile", "(661) 555-0188")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    page.click("text=Book a hearing")
    page.select_option("#venue_id", label="Hollywood Regional Library, community room")
    evening = datetime.fromisoformat(free_evening()).replace(tzinfo=LA)
    page.fill("#start", evening.strftime("%Y-%m-%dT%H:%M"))
    page.click("#book")  # the typed-time form of the booking page
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    hearing_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))
    shot(page, "m02-hearing-booked")

    # every trained facilitator is away that evening: the facilitator seat must stay empty
    for v in _facilitators(client):
        r = client.post(
            f"/api/v1/volunteers/{v['id']}/blackouts",
            json={
                "start": (evening - timedelta(hours=3)).isoformat(),
                "end": (evening + timedelta(hours=4)).isoformat(),
                "reason": "Away",
            },
        )
        assert r.status_code == 201, r.text

    # run matching for the program, from its local today
    page.goto(server + "/matching")
    today = datetime.now(LA).date()
    assert page.input_value("#start") == today.isoformat()
    assert page.input_value("#end") == (today + timedelta(days=28)).isoformat()
    shot(page, "m03-matching-home")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.click("#run-matching")
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+"))
    section = page.locator(f"#proposal-{hearing_id}")
    heading = section.locator("h2").inner_text()
    assert heading == f"Community panel, {evening:%a %b} {evening.day}, 6:30 PM", heading
    facts = section.locator(".hearing-facts").inner_text()
    assert "MATCH-0001" in facts and "Hollywood Regional Library" in facts, facts
    assert section.locator("a", has_text="MATCH-0001").get_attribute("href").startswith("/cases/")
    assert "The best possible proposal (proven)" in page.locator("#run-quality").inner_text()
    text = page.locator("main").inner_text()
    for raw in ("njp_", "Cost", "travel ", "load ", "optimal"):
        assert raw not in text, raw
    empty = section.locator(f"#empty-{hearing_id}-facilitator")
    assert "away (a blackout)" in empty.locator(".empty-reason").inner_text()
    shot(page, "m04-proposal")

    # "Other candidates" on the SECOND panelist row opens under that row; "Use" replaces it
    panel = section.locator("tr.proposed-seat", has_text="panelist")
    assert panel.count() == 2
    first_id, second_id = (panel.nth(i).get_attribute("id") for i in range(2))
    first_name = panel.nth(0).locator("td.volunteer a").inner_text()
    second_name = panel.nth(1).locator("td.volunteer a").inner_text()
    panel.nth(1).locator("button", has_text="Other candidates").click()
    options = page.locator(f"#cands-{second_id} table.candidates")
    options.wait_for()
    assert page.locator(f"#cands-{first_id} table").count() == 0
    assert second_name in options.get_attribute("aria-label")
    shot(page, "m05-other-candidates")
    use = options.locator("button", has_text="Use").first
    pick_first = use.inner_text().split()[1]
    use.click()
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+.*"))
    assert "now sits in place of " + second_name in page.locator(".flash").inner_text()
    section = page.locator(f"#proposal-{hearing_id}")
    rows = section.locator("tr.proposed-seat", has_text="panelist")
    assert rows.count() == 2
    assert page.locator(f"#{first_id}").count() == 1
    assert first_name in page.locator(f"#{first_id}").inner_text()
    assert page.locator(f"#{second_id}").count() == 0
    names = [rows.nth(i).locator("td.volunteer a").inner_text() for i in range(2)]
    assert first_name in names and second_name not in names
    assert any(n.split(" ")[0] == pick_first for n in names), (names, pick_first)
    quality = page.locator("#run-quality").inner_text()
    assert quality.startswith("Changed by hand after matching (1 change)"), quality
    assert "engine's own proposal was the best possible" in quality
    assert second_name in page.locator("#hand-changes").inner_text()
    shot(page, "m06-swapped")

    # publish: the flash says how many seats stay empty and the page links to each
    page.click("#publish")
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+.*"))
    flash = page.locator(".flash").inner_text()
    assert re.match(r"Published: \d+ volunteers? invited\. \d+ seats? stays? empty: ", flash), flash
    assert f"Community panel {evening:%a %b} {evening.day}, 6:30 PM (facilitator)" in flash
    left = page.locator("#left-empty")
    find = left.locator(f'a[href="/hearings/{hearing_id}/seats/find?role=facilitator"]')
    assert find.count() == 1 and find.inner_text() == "find a volunteer"
    assert left.locator(f'a[href="/hearings/{hearing_id}#panel"]').count() == 1
    assert "published, volunteers invited" in page.locator("#run-status").inner_text()
    assert page.locator("#publish").count() == 0
    shot(page, "m07-published")

    # the hearing's panel now holds the two panelists, the one chosen by hand among them
    hearing = client.get(f"/api/v1/hearings/{hearing_id}").json()
    seated = {s["volunteer_name"] for s in hearing["seats"] if s["status"] == "invited"}
    assert first_name in seated and second_name not in seated and len(seated) == 2
    page.goto(server + "/matching")
    assert "changed by hand" in page.locator("table").inner_text()
    shot(page, "m08-matching-home-after")

    # Today lists the seat left empty, and links straight to where it is filled by hand
    page.click("nav >> text=Today")
    page.wait_for_url("**/today")
    seats = page.locator("#todo-seats")
    item = seats.locator("li", has=page.locator(f'a[href="/hearings/{hearing_id}#panel"]'))
    assert item.count() == 1 and "1 seat empty (1 facilitator)" in item.inner_text()
    shot(page, "m09-today-lists-the-empty-seat")

    # the facilitators' evenings free up again; Find a volunteer offers them, best first
    away = {}
    for v in _facilitators(client):
        for b in client.get(f"/api/v1/volunteers/{v['id']}/blackouts").json():
            if b["reason"] == "Away":
                assert client.delete(f"/api/v1/volunteers/{v['id']}/blackouts/{b['id']}").is_success
                away[v["id"]] = b
    item.locator("a", has_text="Find a volunteer").click()
    page.wait_for_url(re.compile(rf".*/hearings/{hearing_id}/seats/find\?role=facilitator"))
    top = page.locator("tr.candidate").first
    free_id = int(top.get_attribute("id").removeprefix("candidate-"))
    free = client.get(f"/api/v1/volunteers/{free_id}").json()
    shot(page, "m10-find-a-facilitator")
    top.locator("button.choose").click()
    page.wait_for_url(re.compile(rf".*/hearings/{hearing_id}\?flash=.*"))
    assert page.locator("tr.seat-empty").count() == 0
    assert page.locator("tr.seat-invited", has_text=free["full_name"]).count() == 1
    # and everyone else is away again, so nobody can cover for her below
    for vid, b in away.items():
        if vid != free_id:
            r = client.post(
                f"/api/v1/volunteers/{vid}/blackouts",
                json={"start": b["start"], "end": b["end"], "reason": "Away"},
            )
            assert r.status_code == 201, r.text

    # her invitation is in the Outbox, and the hearing leaves Today's list
    page.click("nav >> text=Outbox")
    page.wait_for_url("**/dev/outbox")
    newest = page.locator("#outbox tbody tr", has_text=free["full_name"]).first
    assert "Text to" in newest.inner_text(), newest.inner_text()
    shot(page, "m11-outbox-has-the-invitation")
    page.goto(server + "/today")
    assert page.locator(f'#todo-seats a[href="/hearings/{hearing_id}#panel"]').count() == 0

    # she declines by text; nobody else can cover: Today shows the open seat again
    reply = text_in(server, free["mobile"], "Sorry, no, I can't make it")
    assert reply.status_code == 200
    if "Which request" in reply.text:  # she holds other open invitations of the demo
        listed = re.search(rf"(\d+)\) [^\n]*{evening:%a, %b} {evening.day},", reply.text)
        assert listed, reply.text
        assert text_in(server, free["mobile"], listed.group(1)).status_code == 200
    page.goto(server + "/today")
    item = page.locator(
        "#todo-seats li", has=page.locator(f'a[href="/hearings/{hearing_id}#panel"]')
    )
    assert item.count() == 1, "the seat she declined waits on Today"
    assert f"Declined: {free['full_name']} (facilitator)" in item.inner_text()
    shot(page, "m12-today-after-a-decline")
    item.locator("a", has_text="Find a volunteer").click()
    page.wait_for_url(re.compile(r".*/seats/find\?role=facilitator"))
    assert "declined this hearing" in page.locator(f"#unable-{free_id}").inner_text()
    shot(page, "m13-find-after-a-decline")
