"""Online hearings in a real browser on the demo: the booking page proposes a time by video, one
click books it with its own meeting link, the participant's text carries the link, and the
hearing page switches it to in person and back online (each switch confirmed, everyone told)."""

from __future__ import annotations

import re

from pw import api, shot, sign_in

JITSI = re.compile(r"https://meet\.jit\.si/convene-[a-z2-7]{24}")


def _outbox_with(page, server: str, needle: str) -> list[str]:
    """The Outbox's message bodies (development page) that contain `needle`."""
    page.goto(server + "/dev/outbox")
    return [b for b in page.locator(".message-body").all_inner_texts() if needle in b]


def test_book_an_online_hearing_and_switch_it(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    assert sign_in(page, "coordinator@convene.example", "on01-coordinator") is None

    # a referral from Lancaster, far from every library the demo books in person
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "ONLINE-0001")
    page.fill("#zip", "93534")
    page.fill("#description", "Damaged a neighbour's fence")
    page.check("#consent")
    page.fill("#participant_name", "Robin Vance")
    page.fill("#participant_mobile", "(661) 555-0177")
    page.check("#participant_sms_consent")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))

    # the booking page proposes times by video too, marked Online
    page.goto(server + f"/cases/{case_id}/book")
    online = page.locator("li.proposal", has=page.locator(".badge", has_text="Online"))
    assert online.count() >= 1, page.content()
    first = online.first.inner_text()
    assert "Video meeting (Jitsi): by video, nobody travels" in first
    assert re.search(r"3 of 3 seats can be filled", first)
    shot(page, "on02-booking-page")
    online.first.locator(".book-proposal").click()
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    hearing_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))
    assert page.locator("#hearing-mode").inner_text() == "Online"
    link = page.locator("#meeting-link").inner_text()
    assert JITSI.fullmatch(link), link
    assert page.locator("#meeting-link").get_attribute("href") == link
    shot(page, "on03-online-hearing")

    # the participant's text carries the whole link
    texts = _outbox_with(page, server, link)
    assert any(t.startswith("Hi Robin") and "by video: " + link in t for t in texts), texts
    shot(page, "on04-outbox")

    # switch to in person: the confirmation step says who is told, then the link is gone
    page.goto(server + f"/hearings/{hearing_id}")
    options = page.locator("#mode-venue option")
    assert options.count() >= 3  # the in-person venues, and this one for a new link
    page.select_option("#mode-venue", label="Hollywood Regional Library, community room")
    page.click("#switch-mode")
    page.wait_for_url(f"**/hearings/{hearing_id}/mode")
    assert "Hold this hearing in person at Hollywood Regional Library" in page.content()
    assert "Robin Vance" in page.content()
    shot(page, "on05-confirm-in-person")
    page.click("#confirm-yes")
    page.wait_for_url(re.compile(rf".*/hearings/{hearing_id}(\?.*)?$"))
    assert "Changed; everyone on the hearing is told" in page.content()
    assert page.locator("#hearing-mode").inner_text() == "In person"
    assert page.locator("#meeting-link").count() == 0
    moved = _outbox_with(page, server, "1623 N Ivar Ave")
    assert any(t.startswith("Hi Robin") and "has moved to" in t for t in moved), moved
    shot(page, "on06-in-person")

    # and back online: a new room, never the old one
    page.goto(server + f"/hearings/{hearing_id}")
    page.select_option("#mode-venue", label="Video meeting (Jitsi)")
    page.click("#switch-mode")
    page.wait_for_url(f"**/hearings/{hearing_id}/mode")
    assert "Hold this hearing online (Video meeting (Jitsi))?" in page.content()
    page.click("#confirm-yes")
    page.wait_for_url(re.compile(rf".*/hearings/{hearing_id}(\?.*)?$"))
    again = page.locator("#meeting-link").inner_text()
    assert JITSI.fullmatch(again) and again != link
    client = api(server)
    data = client.get(f"/api/v1/hearings/{hearing_id}").json()
    client.close()
    assert data["online"] is True and data["meeting_url"] == again
    shot(page, "on07-online-again")

    # a pasted link that is not one is refused in words, next to its field, keeping it
    page.fill("#mode-link", "meet.example.org/room")
    page.select_option("#mode-venue", label="Video meeting (Jitsi) (new link)")
    page.click("#switch-mode")
    page.wait_for_load_state()
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]
    error = page.locator("#mode-link-error").inner_text()
    assert "meet.example.org/room" in error and "https://" in error, error
    assert page.input_value("#mode-link") == "meet.example.org/room"
    shot(page, "on08-bad-link")

    # the administrator's side: the online venue with its template, and the program's and its
    # hearing kinds' preference, chosen and saved
    page.goto(server + "/today")
    page.click("form.signout button")
    page.wait_for_url("**/login")
    assert sign_in(page, "admin@convene.example", "on09-admin") is None
    page.goto(server + "/admin/venues")
    page.click("text=Video meeting (Jitsi)")
    page.wait_for_url(re.compile(r".*/admin/venues/\d+$"))
    assert page.is_checked("#online")
    assert page.input_value("#meeting_template") == "https://meet.jit.si/convene-{token}"
    shot(page, "on10-online-venue")
    page.goto(server + "/admin/programs")
    page.click("a:text-is('NJP')")
    page.wait_for_url(re.compile(r".*/admin/programs/\d+$"))
    page.select_option("#prefers_mode", "online")
    page.click("form[action^='/admin/programs/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/programs/\d+\?flash=.*"))
    assert page.input_value("#prefers_mode") == "online"
    shot(page, "on11-program-prefers-online")
