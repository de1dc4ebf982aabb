"""What every browser journey does: screenshots checked by axe-core, sign-in, texts, the API.

`shot()` is the check every page passes: no console error and no serious or critical axe-core
violation. axe-core comes from a local copy (the one `axe-playwright-python` ships) and runs
through the DevTools protocol, so the page keeps its Content-Security-Policy on.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import axe_playwright_python
import httpx
import pyotp
from twilio.request_validator import RequestValidator

LA = ZoneInfo("America/Los_Angeles")
TOKEN = "e2e-twilio-auth-token-0123456789"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "convene-demo-2026"
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """Serious and critical axe-core violations of the page as shown, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results["violations"]
        if v.get("impact") in BLOCKING
    ]


def shot(page, name: str) -> None:
    """Save a screenshot; insist the page logged no error and passes axe-core."""
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.errors == [], f"console errors on {name}: {page.errors}"
    problems = axe_violations(page)
    assert problems == [], f"accessibility of {name} ({page.url}):\n" + "\n".join(problems)


def sign_in(page, email: str, name: str, secret: str | None = None) -> str | None:
    """Sign in through the pages; returns the account's authenticator key, if it has one.

    The demo's accounts sign in with the password alone in development. Any other admin or
    coordinator enrols an authenticator the first time (the code is computed as the app would
    from the key the page showed), and enters its code afterwards; a second sign-in in the same
    30 seconds uses the next step's code (each works once).
    """
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(today|login/enrol|login/code).*"))
    if "/login/enrol" in page.url:
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        assert page.locator("#totp-uri").input_value().startswith("otpauth://totp/Convene:")
        shot(page, f"{name}-enrol")
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("form[action='/login/enrol'] button[type=submit]")
    elif "/login/code" in page.url:
        assert secret, f"{email} has an authenticator: pass its key"
        shot(page, f"{name}-code")
        page.fill("#code", pyotp.TOTP(secret).at(time.time(), counter_offset=1))
        page.click("form[action='/login/code'] button[type=submit]")
    page.wait_for_url("**/today")
    return secret


def api(
    server: str, secret: str | None = None, email: str = "coordinator@convene.example"
) -> httpx.Client:
    """An API client signed in as `email` (with a code from `secret` when it has a factor)."""
    client = httpx.Client(base_url=server, timeout=60)
    creds = {"email": email, "password": PASSWORD}
    if secret:
        # The pages used this step's code at enrolment; a code works once, so take the next one.
        creds["totp_code"] = pyotp.TOTP(secret).at(time.time(), counter_offset=1)
    r = client.post("/api/v1/auth/login", json=creds)
    assert r.status_code == 200, r.text
    client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
    return client


def text_in(server: str, phone: str, body: str) -> httpx.Response:
    """Deliver an inbound SMS signed as Twilio signs it."""
    form = {
        "MessageSid": f"SM{time.time_ns():032d}"[:34],
        "From": phone,
        "To": "+12135550100",
        "Body": body,
    }
    signature = RequestValidator(TOKEN).compute_signature(f"{server}/webhooks/twilio/sms", form)
    return httpx.post(
        f"{server}/webhooks/twilio/sms",
        data=form,
        headers={"X-Twilio-Signature": signature},
        timeout=60,  # a slow shared machine is not a failure of the reply's handling
    )


def free_evening(weeks: int = 3) -> str:
    """A Wednesday evening some weeks out, past the demo's own booked hearings."""
    today = datetime.now(LA).date()
    day = today + timedelta(days=(2 - today.weekday()) % 7 + 7 * weeks)
    return f"{day.isoformat()}T18:30"
