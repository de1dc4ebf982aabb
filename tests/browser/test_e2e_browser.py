"""End to end in a real browser (Debian's Chromium, driven by Playwright) against a live server.

A coordinator signs in, takes a referral, books a hearing, runs matching and publishes; a
volunteer declines by text and the page shows the cover; the participant confirms by text;
hours are logged until a case completes; the report CSV downloads. Every page is saved as a
screenshot under test-artifacts/ and must log no console error.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

from pw import ARTIFACTS, LA, PASSWORD, api, free_evening, shot, sign_in, text_in


def test_a_coordinators_day(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    shot(page, "01-sign-in")
    # the demo coordinator signs in with the password alone in development
    assert sign_in(page, "coordinator@convene.example", "01b-coordinator") is None
    shot(page, "02-today")

    # take a referral
    page.goto(server + "/cases/new")
    shot(page, "03-intake")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "E2E-0001")
    page.fill("#zip", "90028")
    page.fill("#description", "Shoplifting at a corner market")
    page.check("#consent")
    page.fill("#participant_name", "Rosa Villanueva")
    page.fill("#participant_mobile", "(661) 555-0177")
    page.select_option("#participant_language", "es")
    page.check("#participant_sms_consent")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    assert "Referral E2E-0001 taken" in page.content()
    shot(page, "04-case")

    # book a hearing from the case page
    page.click("text=Book a hearing")
    page.select_option("#venue_id", label="Hollywood Regional Library, community room")
    evening = datetime.fromisoformat(free_evening())
    page.fill("#start", evening.strftime("%Y-%m-%dT%H:%M"))
    page.click("#book")  # the typed-time form of the booking page
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    hearing_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))
    assert "Hearing booked" in page.content()
    shot(page, "05-hearing-booked")

    # run matching and publish
    page.goto(server + "/matching")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.click("#run-matching")
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+"))
    assert page.locator(f"#proposal-{hearing_id}").count() == 1
    shot(page, "06-proposal")
    page.click("#publish")
    page.wait_for_load_state()
    assert "Published" in page.content()
    shot(page, "07-published")

    # a volunteer declines by text; the hearing page shows the cover
    client = api(server)
    hearing = client.get(f"/api/v1/hearings/{hearing_id}").json()
    panel = [s for s in hearing["seats"] if s["status"] == "invited"]
    assert len(panel) == 3

    # in development the Outbox page shows what each invited volunteer was sent
    page.click("nav >> text=Outbox")
    page.wait_for_url("**/dev/outbox")
    outbox = page.locator("#outbox").inner_text()
    for seat in panel:
        assert seat["volunteer_name"] in outbox
    shot(page, "07b-outbox")
    # and the terminal shows each text as the console provider "sends" it
    printed = (ARTIFACTS / "server-test_e2e_browser.log").read_text()
    assert "SMS to +1" in printed, printed[-2000:]
    leaving = panel[0]
    mobile = client.get(f"/api/v1/volunteers/{leaving['volunteer_id']}").json()["mobile"]
    reply = text_in(server, mobile, "No, sorry, I can't")
    assert reply.status_code == 200
    if "Which request" in reply.text:
        # The volunteer also holds some of the demo's open invitations (which hearings those are
        # depends on the day the demo was loaded): answer with this hearing's number, as they would.
        listed = re.search(rf"(\d+)\) [^\n]*{evening:%a, %b} {evening.day},", reply.text)
        assert listed, reply.text
        assert text_in(server, mobile, listed.group(1)).status_code == 200
    page.goto(f"{server}/hearings/{hearing_id}")
    assert page.locator("tr.seat-declined").count() == 1
    assert page.locator("tr.seat-invited, tr.seat-accepted").count() == 3
    assert leaving["volunteer_name"] in page.locator("tr.seat-declined").inner_text()
    shot(page, "08-decline-covered")

    # the participant confirms by text; the page shows it
    reply = text_in(server, "+16615550177", "Sí, ahí estaré")
    assert "<Message>" in reply.text
    page.reload()
    assert "Confirmed" in page.locator("tr.confirmation-confirmed").inner_text()
    shot(page, "09-participant-confirmed")

    # log hours until a case completes (a demo case with an agreement)
    page.goto(server + "/cases?status=agreement")
    listed = [int(i) for i in re.findall(r'href="/cases/(\d+)"', page.content())]
    # Mediation agreements carry no obligations: take the first listed case that has some.
    case_id, obligations = next(
        (i, obs) for i in listed if (obs := client.get(f"/api/v1/cases/{i}/obligations").json())
    )
    page.click(f'table a[href="/cases/{case_id}"]')
    page.wait_for_url(re.compile(rf".*/cases/{case_id}"))
    today = datetime.now(LA).date()
    for ob in obligations:
        if ob["status"] not in ("open", "overdue"):
            continue
        if ob["kind"] == "community_service":
            remaining = ob["target"] - ob["credited"]
            day = today
            while remaining > 0:
                hours = min(8, remaining)
                page.fill(f"#hours-{ob['id']}", str(hours))
                page.fill(f"#worked-{ob['id']}", day.isoformat())
                page.fill(f"#site-{ob['id']}", "LA Food Bank warehouse")
                page.click(f"#record-{ob['id']}")
                page.wait_for_load_state()
                assert "hours logged" in page.content(), page.content()[-3000:]
                remaining -= hours
                day -= timedelta(days=1)
        else:
            page.fill(f"#proof-{ob['id']}", "Letter received by the program")
            page.click(f"#record-{ob['id']}")
            page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "Completed"
    shot(page, "10-case-completed")

    # the report, and its CSV
    page.goto(server + "/reports")
    shot(page, "11-reports")
    with page.expect_download() as download:
        page.click("#csv")
    path = download.value.path()
    text = Path(path).read_text()
    assert text.startswith("metric,value") and "cases_completed" in text

    volunteer_id = leaving["volunteer_id"]
    for name, path in (
        ("12-hearings-week", "/hearings"),
        ("13-volunteers", "/volunteers"),
        ("14-volunteer-profile", f"/volunteers/{volunteer_id}"),
        ("15-volunteer-import", "/volunteers/import"),
        ("16-matching-home", "/matching"),
        ("17-cases", "/cases"),
        ("17b-volunteer-new", "/volunteers/new"),
    ):
        page.goto(server + path)
        shot(page, name)

    # the supervisor's page behind a service-hours link, and an error page
    open_hours = client.get("/api/v1/obligations", params={"status": "open", "limit": 200}).json()
    hours = next(o for o in open_hours["items"] if o["kind"] == "community_service")
    link = client.post(f"/api/v1/obligations/{hours['id']}/verify-link", json={"ttl_days": 7})
    assert link.status_code == 201, link.text
    page.goto(link.json()["url"])
    shot(page, "17c-supervisor-verify")
    page.goto(server + "/cases/999999")
    assert "Not found" in page.title()
    page.errors[:] = [e for e in page.errors if "404" not in e]  # the browser logs the status
    shot(page, "17d-not-found")

    # the volunteer's own page, from the link a MENU text brings
    reply = text_in(server, mobile, "MENU")
    link = re.search(r"(http://127\.0\.0\.1:\d+/me/\S+?)(?:\s|<)", reply.text).group(1)
    page.goto(link)
    shot(page, "18-volunteer-self-service")

    # the administrator's pages (the demo admin needs no authenticator in development)
    page.goto(server + "/today")
    page.click("form.signout button")
    page.wait_for_url("**/login")
    assert sign_in(page, "admin@convene.example", "19a-admin") is None
    for name, path in (
        ("19-admin", "/admin"),
        ("20-admin-programs", "/admin/programs"),
        ("21-admin-venues", "/admin/venues"),
        ("22-admin-templates", "/admin/templates"),
        ("23-admin-users", "/admin/users"),
        ("24-admin-tokens", "/admin/tokens"),
    ):
        page.goto(server + path)
        assert page.title() and "Not allowed" not in page.title(), path
        shot(page, name)
    for name, listing in (
        ("24b-admin-program", "/admin/programs"),
        ("24c-admin-venue", "/admin/venues"),
        ("24d-admin-user", "/admin/users"),
    ):
        page.goto(server + listing)
        page.locator(f"table a[href^='{listing}/']").first.click()
        page.wait_for_url(re.compile(rf".*{listing}/\d+"))
        shot(page, name)

    # a real coordinator the admin adds sets up an authenticator at the first sign-in
    page.goto(server + "/admin/users")
    page.fill("#email", "m.ortiz@lacity.example.org")
    page.fill("#full_name", "Marisol Ortiz")
    page.fill("#password", PASSWORD)
    page.select_option("#role", "coordinator")
    page.check("fieldset input[type=checkbox]")
    page.click("form[action='/admin/users'] button[type=submit]")
    page.wait_for_load_state()
    assert "m.ortiz@lacity.example.org" in page.content()
    page.click("form.signout button")
    page.wait_for_url("**/login")
    secret = sign_in(page, "m.ortiz@lacity.example.org", "25a-new-coordinator")
    assert secret, "a coordinator outside the demo must enrol an authenticator"
    page.click("form.signout button")  # and again: now the code page asks for the app's code
    page.wait_for_url("**/login")
    sign_in(page, "m.ortiz@lacity.example.org", "25b-new-coordinator", secret)
