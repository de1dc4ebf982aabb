"""Signing in when the form has gone stale, and when an address has guessed too often: a page in
words that keeps what was typed, never a traceback, and the owner still gets in."""

from __future__ import annotations

from pw import PASSWORD, shot, sign_in

DEMO = "coordinator@convene.example"


def _expected(page, *statuses: int) -> None:
    """These refusals answer 4xx on purpose; Chromium logs the status, nothing else may be logged."""
    page.errors[:] = [e for e in page.errors if not any(f"status of {s}" in e for s in statuses)]


def _submit(page, email: str, password: str) -> str:
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page.locator("[role=alert]").inner_text()


def test_a_stale_form_and_a_waiting_address(server, browser_page):
    page = browser_page
    page.goto(server + "/login")
    page.context.clear_cookies()  # the form's cookie is gone, as after hours in a forgotten tab
    assert _submit(page, DEMO, PASSWORD) == "Your sign-in form expired; please try again."
    assert page.input_value("#email") == DEMO  # what was typed is kept
    _expected(page, 403)
    shot(page, "signin-01-form-expired")
    # The fresh form it came back with signs in.
    assert sign_in(page, DEMO, "signin-02") is None

    # Someone guessing at an email from this address waits; nobody's account is locked.
    page.goto(server + "/login")
    for _ in range(5):
        assert _submit(page, "stranger@example.org", "a guess at it") == "wrong email or password"
    said = _submit(page, "stranger@example.org", "a guess at it")
    assert said.startswith("too many failed sign-ins") and "try again in a minute" in said
    _expected(page, 401, 429)
    shot(page, "signin-03-address-waits")
    page.goto(server + "/login")
    assert sign_in(page, DEMO, "signin-04") is None
