"""A coordinator reads Convene in plain words: a refused referral names the field and what is
expected and keeps what was typed; the case page shows statuses, sources, languages and phone
numbers as people say them and a timeline in sentences; volunteer and hearing pages show no code.
"""

from __future__ import annotations

import re

from pw import shot, sign_in

CODES = ("njp_", "no_show", "_requested", "party_added", "community_service", "+1", ".0.")


def _no_codes(page, name: str) -> str:
    text = page.locator("main").inner_text()
    shown = [c for c in CODES if c in text]
    assert shown == [], f"{name} shows codes: {shown}"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), f"{name} shows an underscored word"
    return text


def _expected_422(page) -> None:
    """The refusal answers 422 on purpose; Chromium logs that status, nothing else may be logged."""
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]


def _referral(page, server: str, mobile: str) -> None:
    """The intake form filled for Rosa Villanueva, with this mobile number."""
    page.goto(server + "/cases/new")
    page.select_option("#program_id", label="Neighborhood Justice Program")
    page.fill("#external_ref", "WORDS-0001")
    page.select_option("#referral_source", "police")
    page.fill("#participant_name", "Rosa Villanueva")
    page.fill("#participant_mobile", mobile)
    page.select_option("#participant_language", "es")
    page.check("#participant_sms_consent")
    page.check("#consent")


def test_a_coordinator_reads_words_not_codes(server, browser_page):
    page = browser_page
    page.goto(server + "/login")
    assert sign_in(page, "coordinator@convene.example", "words-01-coordinator") is None

    # a referral refused twice: a bad phone number, then a statutory exclusion
    _referral(page, server, "12345")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_load_state()
    error = page.locator("#participant_mobile-error").inner_text()
    assert error.startswith("Mobile number of the participant: 12345 is not a phone number")
    assert "parties" not in page.locator("main").inner_text()
    assert page.input_value("#participant_mobile") == "12345"  # what was typed is kept
    assert page.input_value("#external_ref") == "WORDS-0001"
    assert page.input_value("#participant_language") == "es"
    _expected_422(page)
    shot(page, "words-02-refused-phone")

    # the same referral with a statutory exclusion ticked is stored as not eligible, in words
    page.fill("#participant_mobile", "(323) 555-0142")
    page.fill("#external_ref", "WORDS-0001-DV")
    page.check("#domestic_violence")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    flash = page.locator(".flash").inner_text()
    assert "recorded as not eligible: it involves domestic violence" in flash, flash
    assert "screening" not in flash and "excluded" not in flash
    assert page.locator("#case-status").inner_text() == "Not eligible"
    _no_codes(page, "the case not eligible")
    shot(page, "words-03-not-eligible")

    # without the exclusion, the referral is taken
    # (a new form: the refused one is not kept in the browser's history, its page is no-store)
    _referral(page, server, "(323) 555-0142")
    page.click("form[action='/cases/new'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+.*"))
    text = _no_codes(page, "the new case")
    assert page.locator("#case-status").inner_text() == "Referred"
    assert "by the police" in text
    assert "(323) 555-0142" in text and "speaks Spanish" in text
    timeline = page.locator("#timeline").inner_text()
    assert "Case referred by the police" in timeline
    assert "referred → referred" not in timeline.lower() and "@" not in timeline
    shot(page, "words-04-case")

    # the hearings of the week, a hearing and a seated volunteer, in words
    page.goto(server + "/hearings")
    _no_codes(page, "the hearings week")
    shot(page, "words-05-week")
    page.goto(server + "/volunteers")
    text = _no_codes(page, "the volunteers")
    assert "NJP panelist certification" in text or "NJP facilitator certification" in text
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r".*/volunteers/\d+"))
    _no_codes(page, "a volunteer")
    shot(page, "words-06-volunteer")
    page.goto(server + "/today")
    _no_codes(page, "Today")
    page.locator("main a[href^='/hearings/']").first.click()
    page.wait_for_url(re.compile(r".*/hearings/\d+.*"))
    _no_codes(page, "a hearing")
    shot(page, "words-07-hearing")
