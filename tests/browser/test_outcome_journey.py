"""A held hearing's outcome, recorded in the browser: a refused value keeps everything typed,
then an agreement with two obligations (community service hours and an apology letter) shows on
the case page with both due dates; the hearing then offers "Correct the outcome"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pw import api, shot, sign_in


def _due_shown(text: str, due: date) -> bool:
    """The due date as the case page writes it (ISO today; words would do as well)."""
    return due.isoformat() in text or f"{due:%b} {due.day}" in text


def _held_unrecorded(client) -> tuple[dict, dict, dict]:
    """A demo case heard with no agreement yet, its held hearing and its program."""
    listed = client.get("/api/v1/programs").json()
    programs = {p["id"]: p for p in (listed["items"] if isinstance(listed, dict) else listed)}
    cases = client.get("/api/v1/cases", params={"status": "heard", "limit": 100}).json()["items"]
    assert cases, "the demo has heard cases without an agreement"
    # An NJP case when there is one: its obligation types carry defaults.
    cases.sort(key=lambda c: programs[c["program_id"]]["code"] != "NJP")
    case = cases[0]
    hearings = client.get("/api/v1/hearings", params={"case_id": case["id"]}).json()["items"]
    held = [h for h in hearings if h["status"] == "held"]
    assert held, hearings
    return case, held[-1], programs[case["program_id"]]


def _expected_422(page) -> None:
    """The refusal answers 422 on purpose; Chromium logs that status, nothing else may be logged."""
    page.errors[:] = [e for e in page.errors if "status of 422" not in e]


def test_record_an_agreement_with_two_obligations(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    secret = sign_in(page, "coordinator@convene.example", "outcome-01")
    client = api(server, secret)
    case, hearing, program = _held_unrecorded(client)
    day = date.fromisoformat(hearing["local_start"][:10])
    due = day + timedelta(days=program["completion_window_days"])

    # The hearing page offers the outcome.
    page.goto(f"{server}/hearings/{hearing['id']}")
    shot(page, "outcome-02-hearing")
    page.click("#outcome-action a")
    page.wait_for_url(f"**/hearings/{hearing['id']}/outcome")
    assert page.locator("h1").inner_text() == "Record the outcome"
    assert page.input_value("#ob-1-due") == due.isoformat()  # the program's window, filled in
    shot(page, "outcome-03-form")

    # Everyone came; an agreement with two obligations, the first with a bad target.
    for radio in page.locator("input[type=radio][name^='party-'][value=present]").all():
        radio.check()
    page.check("#result-agreement")
    page.fill("#terms", "Twelve hours at the food bank and a letter to the store owner.")
    page.select_option("#ob-1-type", label="Community service (hours)")
    page.fill("#ob-1-target", "-3")
    page.select_option("#ob-2-type", label="Apology letter")
    page.fill("#ob-2-label", "Letter to the store owner")
    page.click("#save-outcome")
    page.wait_for_load_state()
    _expected_422(page)
    alert = page.locator("#form-errors").inner_text()
    assert "Obligation 1, target hours: -3 is not a number of hours above 0" in alert
    assert page.locator("#err-ob-1-target").inner_text().startswith("Obligation 1, target hours")
    # Everything typed is still there.
    assert page.input_value("#ob-1-target") == "-3"
    assert page.input_value("#ob-2-label") == "Letter to the store owner"
    assert page.input_value("#terms").startswith("Twelve hours at the food bank")
    assert page.locator("#ob-1-type option:checked").inner_text().startswith("Community service")
    assert page.locator("#ob-2-type option:checked").inner_text().startswith("Apology letter")
    assert page.is_checked("#result-agreement")
    shot(page, "outcome-04-refused")

    page.fill("#ob-1-target", "12")
    page.click("#save-outcome")
    page.wait_for_url(re.compile(rf".*/cases/{case['id']}\?flash=.*"))
    text = page.locator("main").inner_text()
    assert "Outcome recorded: agreement with 2 obligations" in text
    assert "Twelve hours at the food bank" in text
    agreement = client.get(f"/api/v1/cases/{case['id']}/agreement").json()
    hours, letter = agreement["obligations"]
    assert (hours["kind"], hours["target"], letter["kind"]) == (
        "community_service",
        12,
        "apology_letter",
    )
    hours_row = page.locator(f"#obligation-{hours['id']}").inner_text()
    letter_row = page.locator(f"#obligation-{letter['id']}").inner_text()
    assert "Community service" in hours_row and "12" in hours_row, hours_row
    assert "Letter to the store owner" in letter_row, letter_row
    assert _due_shown(hours_row, due), hours_row
    assert _due_shown(letter_row, due), letter_row
    assert page.locator("#case-status").inner_text().strip() == "Agreement in progress"
    shot(page, "outcome-05-case")

    # Recorded: the hearing page now offers a correction, with the values as recorded.
    page.goto(f"{server}/hearings/{hearing['id']}")
    assert page.locator("#outcome-action").inner_text().strip() == "Correct the outcome"
    page.click("#outcome-action a")
    page.wait_for_url(f"**/hearings/{hearing['id']}/outcome")
    assert page.locator("h1").inner_text() == "Correct the outcome"
    assert page.locator("#existing-obligations tbody tr").count() == 2
    shot(page, "outcome-06-correct")
