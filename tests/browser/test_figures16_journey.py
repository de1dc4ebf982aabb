"""Issue #16 (11-15) in a browser: a referral the screen refuses is recorded as not eligible and
counted as referred; a participant with no mobile confirms by phone and the coordinator records
it from the hearing page; the report shows the new figures, checked against the API's own
figures before and after."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pw import LA, api, free_evening, shot, sign_in


def _figures(client, today) -> dict:
    r = client.get(
        "/api/v1/reports/program",
        params={"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()},
    )
    assert r.status_code == 200, r.text
    return r.json()


def test_not_eligible_referral_and_a_phone_confirmation(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    sign_in(page, "coordinator@convene.example", "figures16-coordinator")
    client = api(server)
    today = datetime.now(LA).date()
    before = _figures(client, today)

    # A referral the screen refuses: stored, and its page says why in words.
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "NJP-F16-1")
    page.check("#consent")
    page.fill("#participant_name", "Dana Cruz")
    page.check("#domestic_violence")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    flash = page.locator(".flash").inner_text()
    assert flash.startswith("Referral NJP-F16-1 recorded as not eligible: it involves domestic")
    assert page.locator("#case-status").inner_text() == "Not eligible"
    assert page.locator("text=Book a hearing").count() == 0  # no hearing for it
    shot(page, "figures16-01-not-eligible")

    # A participant with no mobile: nobody texts her; the coordinator phones and records it.
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "NJP-F16-2")
    page.fill("#zip", "90028")
    page.check("#consent")
    page.fill("#participant_name", "Lee Park")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    page.click("text=Book a hearing")
    page.select_option("#venue_id", label="Hollywood Regional Library, community room")
    evening = datetime.fromisoformat(free_evening())
    page.fill("#start", evening.strftime("%Y-%m-%dT%H:%M"))
    page.click("#book")  # the typed time's form, not a proposed time's
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    row = page.locator("tr", has_text="Lee Park")
    assert row.locator(".badge").inner_text() == "No answer yet"
    shot(page, "figures16-02-hearing-pending")
    row.locator("button", has_text="Confirmed by phone").click()
    page.wait_for_url(re.compile(r".*/hearings/\d+.*flash=.*"))
    assert page.locator(".flash").inner_text() == "Confirmation recorded (by phone)"
    row = page.locator("tr", has_text="Lee Park")
    assert row.locator(".badge").inner_text() == "Confirmed"
    assert row.locator("button").count() == 0
    shot(page, "figures16-03-confirmed-by-phone")

    # The report: one more referral received, one more screened out, and the same eligible
    # and initiated plus the second case; the page shows those figures in words.
    after = _figures(client, today)
    assert after["cases_referred"] == before["cases_referred"] + 2
    assert after["cases_ineligible"] == before["cases_ineligible"] + 1
    assert after["cases_eligible"] == before["cases_eligible"] + 1
    assert after["cases_initiated"] == before["cases_initiated"] + 1
    page.goto(
        f"{server}/reports?start={(today - timedelta(days=30)).isoformat()}&end={today.isoformat()}"
    )
    figures = " ".join(page.locator(".figures").first.inner_text().split())
    assert f"{after['cases_referred']} cases referred" in figures
    assert f"{after['cases_ineligible']} not eligible (screened out)" in figures
    assert f"{after['cases_initiated']} initiated (agreed to take part)" in figures
    assert f"{after['cases_resolved']} resolved (closed after a panel or mediation)" in figures
    assert f"{after['volunteers_trained']} new volunteers trained" in figures
    assert f"{after['volunteers_renewed']} volunteers renewed a certification" in figures
    shot(page, "figures16-04-report")
