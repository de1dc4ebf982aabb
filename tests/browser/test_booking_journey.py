"""Booking by available panels, in a real browser on the demo: a referral, the booking page's
first proposed time in one click, matching, publish, and no empty seat; then a time outside the
venue's hours refused and shown again as typed, the box ticked, booked.

Clicks from a referral to a published panel: before, case page -> open "Book a hearing" -> choose
the venue -> type the time -> Book -> Matching -> Propose panels -> Publish (7, with the venue
and time chosen blind); now, case page -> Book a hearing -> Book <first time> -> Matching ->
Propose panels -> Publish (5), and the panel is full.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from pw import LA, free_evening, shot, sign_in


def _expected_422(page) -> None:
    """The refusal answers 422 on purpose; Chromium logs that status, nothing else may be logged."""
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]


def test_book_a_proposed_time_and_publish_a_full_panel(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    assert sign_in(page, "coordinator@convene.example", "bk01-coordinator") is None

    # a referral from the Hollywood area
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "BOOK-0001")
    page.fill("#zip", "90028")
    page.fill("#description", "Graffiti on a bus shelter")
    page.check("#consent")
    page.fill("#participant_name", "Sam Ortega")
    page.fill("#participant_mobile", "(661) 555-0166")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    case_id = int(re.search(r"/cases/(\d+)", page.url).group(1))
    shot(page, "bk02-case")

    # the booking page proposes times with a full panel, best first, in the program's zone
    t0 = time.perf_counter()
    page.click("#book-hearing")
    page.wait_for_url(f"**/cases/{case_id}/book")
    page.wait_for_load_state()
    took = time.perf_counter() - t0
    proposals = page.locator("li.proposal")
    assert proposals.count() >= 3, page.content()
    first = proposals.first.inner_text()
    assert re.search(
        r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} [AP]M", first
    )
    assert "km from the participant's area" in first
    assert re.search(r"3 of 3 seats can be filled: \d+ trained volunteers free that", first)
    assert "Times are Pacific Time." in page.content()
    shot(page, "bk03-booking-page")
    print(f"booking page answered in {took:.2f} s")

    page.locator(".book-proposal").first.click()
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    hearing_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))
    assert "Hearing booked" in page.content()
    shot(page, "bk04-hearing-booked")

    # matching for the program, then publish
    page.goto(server + "/matching")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.click("#run-matching")
    page.wait_for_url(re.compile(r".*/matching/\d+/runs/\d+"))
    assert page.locator(f"#proposal-{hearing_id}").count() == 1
    shot(page, "bk05-proposal")
    page.click("#publish")
    page.wait_for_load_state()
    assert "Published" in page.content()
    shot(page, "bk06-published")

    page.goto(server + f"/hearings/{hearing_id}")
    assert page.locator("#panel tr.seat-empty").count() == 0
    assert page.locator("#panel tr.seat-invited").count() == 3
    shot(page, "bk07-full-panel")

    # a time outside the venue's hours: refused, shown again as typed, with the hours in words
    page.goto(server + f"/cases/{case_id}/book")
    venue = page.locator("#venue_id option").first
    venue_id, venue_name = venue.get_attribute("value"), venue.inner_text()
    wednesday = datetime.fromisoformat(free_evening()).replace(tzinfo=LA)
    morning = (wednesday.replace(hour=10, minute=0) + timedelta(days=0)).strftime("%Y-%m-%dT%H:%M")
    page.select_option("#kind", "panel")
    page.select_option("#venue_id", venue_id)
    page.fill("#start", morning)
    page.select_option("#language", "es")
    page.click("#book")
    page.wait_for_load_state()
    _expected_422(page)
    assert page.input_value("#start") == morning
    assert page.input_value("#venue_id") == venue_id
    assert page.input_value("#language") == "es"
    assert page.input_value("#kind") == "panel"
    reason = page.locator("#start-error").inner_text()
    assert "is not open Wed 10:00–11:30 AM; it is open Wed" in reason, reason
    assert venue_name in reason
    assert "allow_outside_venue_hours" not in page.content()
    assert page.locator("#outside_hours").is_visible()
    assert not page.locator("#outside_hours").is_checked()
    shot(page, "bk08-refused-outside-hours")

    page.check("#outside_hours")
    page.click("#book")
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    assert "Hearing booked" in page.content()
    assert int(re.search(r"/hearings/(\d+)", page.url).group(1)) != hearing_id
    shot(page, "bk09-booked-outside-hours")
