"""An administrator corrects a venue's address in a real browser: the page says the volunteers
seated on its coming hearings get an updated calendar invitation, and the Outbox shows those
invitations with the new address."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pw import api, shot, sign_in


def test_a_venues_new_address_reaches_the_seated_volunteers(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    assert sign_in(page, "admin@convene.example", "i01-admin") is None
    client = api(server, None, "admin@convene.example")

    # a coming hearing whose panel has been invited, and its venue
    hearings = client.get(
        "/api/v1/hearings",
        params={"status": "scheduled", "start_from": datetime.now(UTC).isoformat(), "limit": 200},
    ).json()["items"]
    hearing = next(
        h for h in hearings if any(s["status"] in ("invited", "accepted") for s in h["seats"])
    )
    seated = [s for s in hearing["seats"] if s["status"] in ("invited", "accepted")]
    with_email = [
        v
        for v in (client.get(f"/api/v1/volunteers/{s['volunteer_id']}").json() for s in seated)
        if v.get("email")
    ]
    assert with_email, "the demo's seated volunteers have email addresses"
    venue = client.get(f"/api/v1/venues/{hearing['venue_id']}").json()

    page.goto(server + f"/admin/venues/{venue['id']}")
    assert page.input_value("#address") == venue["address"]
    shot(page, "i02-venue-before")
    new_address = "200 N Spring St, Los Angeles, CA 90012"
    page.fill("#address", new_address)
    page.click("form[action^='/admin/venues/'] button[type=submit]")
    page.wait_for_url(re.compile(rf".*/admin/venues/{venue['id']}\?flash=.*"))
    flash = page.locator("p.flash").inner_text()
    assert f"{venue['name']} saved." in flash, flash
    assert "sent an updated calendar invitation" in flash, flash
    assert page.input_value("#address") == new_address
    shot(page, "i03-venue-saved")

    # the Outbox lists an updated invitation for each seated volunteer, with the new address
    page.goto(server + "/dev/outbox")
    for volunteer in with_email:
        rows = page.locator("#outbox tbody tr", has_text=volunteer["email"])
        newest = rows.first.inner_text()  # newest first; in the volunteer's language
        assert new_address in newest and re.search(r"Updated:|Cambio:", newest), newest
    shot(page, "i04-outbox-updated-invitations")
