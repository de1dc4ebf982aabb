"""End to end in a real browser (Debian's Chromium, driven by Playwright) against a live server.

A coordinator signs in, takes a referral, books a hearing, runs matching and publishes; a
volunteer declines by text and the page shows the cover; the participant confirms by text;
hours are logged until a case completes; the report CSV downloads. Every page is saved as a
screenshot under test-artifacts/ and must log no console error.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pyotp
import pytest
from twilio.request_validator import RequestValidator

import clock

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "e2e-twilio-auth-token-0123456789"
LA = ZoneInfo("America/Los_Angeles")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "convene-demo-2026"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: .ci/run installs Debian's chromium")
    pytest.skip(
        "browser tests need Chromium: apt-get install chromium (CI installs it)",
        allow_module_level=True,
    )

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install playwright (part of the test extras)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`convene serve` on a fresh SQLite file with the demo loaded, as the README runs it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = (
        dict(
            os.environ,
            CONVENE_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}",
            CONVENE_ENV="development",
            CONVENE_PUBLIC_BASE_URL=base,
            CONVENE_TWILIO_AUTH_TOKEN=TOKEN,
            CONVENE_RUN_DISPATCHER_IN_SERVER="true",
        )
        | clock.server_env()
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise AssertionError("the server did not start: " + proc.communicate()[0][-2000:])
    yield base
    proc.terminate()
    proc.communicate(timeout=30)


@pytest.fixture(scope="module")
def browser_page(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page
        browser.close()


def shot(page, name: str) -> None:
    """Save a screenshot and insist the page logged no error."""
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.errors == [], f"console errors on {name}: {page.errors}"


def sign_in(page, email: str, name: str, secret: str | None = None) -> str:
    """Sign in through the pages: enrol an authenticator the first time, else enter its code.

    The code is computed as the authenticator app would from the key the page showed; a
    second sign-in in the same 30 seconds uses the next step's code (each works once).
    """
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    if secret is None:
        page.wait_for_url("**/login/enrol**")
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        assert page.locator("#totp-uri").input_value().startswith("otpauth://totp/Convene:")
        shot(page, f"{name}-enrol")
        page.fill("#code", pyotp.TOTP(secret).now())
        page.click("form[action='/login/enrol'] button[type=submit]")
    else:
        page.wait_for_url("**/login/code**")
        shot(page, f"{name}-code")
        page.fill("#code", pyotp.TOTP(secret).at(time.time(), counter_offset=1))
        page.click("form[action='/login/code'] button[type=submit]")
    page.wait_for_url("**/today")
    return secret


def api(server: str, secret: str) -> httpx.Client:
    client = httpx.Client(base_url=server)
    # The pages used this step's code at enrolment; a code works once, so take the next one.
    code = pyotp.TOTP(secret).at(time.time(), counter_offset=1)
    token = client.post(
        "/api/v1/auth/login",
        json={"email": "coordinator@convene.example", "password": PASSWORD, "totp_code": code},
    ).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
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
        f"{server}/webhooks/twilio/sms", data=form, headers={"X-Twilio-Signature": signature}
    )


def free_evening() -> str:
    """A Wednesday evening three weeks out, past the demo's own booked hearings."""
    today = datetime.now(LA).date()
    day = today + timedelta(days=(2 - today.weekday()) % 7 + 21)
    return f"{day.isoformat()}T18:30"


def test_a_coordinators_day(server, browser_page):
    page = browser_page
    page.goto(server + "/")
    shot(page, "01-sign-in")
    coordinator_secret = sign_in(page, "coordinator@convene.example", "01b-coordinator")
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
    page.click("form[action='/hearings/new'] button[type=submit]")
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
    client = api(server, coordinator_secret)
    hearing = client.get(f"/api/v1/hearings/{hearing_id}").json()
    panel = [s for s in hearing["seats"] if s["status"] == "invited"]
    assert len(panel) == 3
    leaving = panel[0]
    mobile = client.get(f"/api/v1/volunteers/{leaving['volunteer_id']}").json()["mobile"]
    reply = text_in(server, mobile, "No, sorry, I can't")
    assert reply.status_code == 200
    if "Which request" in reply.text:
        # The volunteer also holds some of the demo's open invitations (which hearings those are
        # depends on the day the demo was loaded): answer with this hearing's number, as they would.
        listed = re.search(rf"(\d+)\) [^\n]*{evening:%a %b} {evening.day},", reply.text)
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
    assert "confirmed" in page.locator("tr.confirmation-confirmed").inner_text()
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
                page.click(f"#obligation-{ob['id']} button[type=submit]")
                page.wait_for_load_state()
                assert "hours logged" in page.content(), page.content()[-3000:]
                remaining -= hours
                day -= timedelta(days=1)
        else:
            page.fill(f"#proof-{ob['id']}", "Letter received by the program")
            page.click(f"#obligation-{ob['id']} button[type=submit]")
            page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "completed"
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
    ):
        page.goto(server + path)
        shot(page, name)

    # the volunteer's own page, from the link a MENU text brings
    reply = text_in(server, mobile, "MENU")
    link = re.search(r"(http://127\.0\.0\.1:\d+/me/\S+?)(?:\s|<)", reply.text).group(1)
    page.goto(link)
    shot(page, "18-volunteer-self-service")

    # the administrator's pages
    page.goto(server + "/today")
    page.click("form.signout button")
    page.wait_for_url("**/login")
    admin_secret = sign_in(page, "admin@convene.example", "19a-admin")
    page.click("form.signout button")  # and again: now the code page asks for the app's code
    page.wait_for_url("**/login")
    sign_in(page, "admin@convene.example", "19b-admin", admin_secret)
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
    assert date.today()
