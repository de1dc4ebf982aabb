"""Coordinator pages: sign-in, today, cases, hearings, matching, reports — roles, CSRF, labels."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import web_login

from service.models import Case, Hearing, Message, Obligation, SeatAssignment
from support import PASSWORD, make_user, next_local, post_login

LA = ZoneInfo("America/Los_Angeles")


def TODAY() -> date:  # noqa: N802
    """The program's local date (the machine runs in UTC)."""
    return datetime.now(LA).date()


class FormAudit(HTMLParser):
    """Collects form controls without a label and images without alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids_labelled: set[str] = set()
        self.controls: list[dict] = []
        self.images_without_alt = 0
        self._in_label = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "label":
            self._in_label += 1
            if a.get("for"):
                self.ids_labelled.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.controls.append(a | {"_wrapped": self._in_label > 0})
        if tag == "img" and "alt" not in a:
            self.images_without_alt += 1

    def handle_endtag(self, tag):
        if tag == "label":
            self._in_label -= 1


def assert_accessible(html: str) -> None:
    audit = FormAudit()
    audit.feed(html)
    unlabelled = [
        c
        for c in audit.controls
        if not (c["_wrapped"] or c.get("id") in audit.ids_labelled or c.get("aria-label"))
    ]
    assert not unlabelled, f"form fields without a label: {unlabelled}"
    assert audit.images_without_alt == 0


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def browser(client, world, engine):
    """A signed-in coordinator's browser session (cookie)."""
    email = make_user(engine, "coordinator", [world.njp["id"]], email="dana@example.org")
    web_login(client, email, "/today")
    return client


def test_signed_out_pages_redirect_to_sign_in(client, world):
    client.cookies.clear()  # the world fixture signed users in through the same client
    for path in ("/today", "/cases", "/cases/new", "/hearings", "/matching", "/reports"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_wrong_password_shows_an_error(client, world, engine):
    email = make_user(engine, "viewer")
    r = post_login(client, data={"email": email, "password": "not it at all", "next": "/"})
    assert r.status_code == 401 and "wrong email or password" in r.text


def test_login_refuses_to_redirect_off_site(client, world, engine):
    email = make_user(engine, "viewer")
    r = post_login(
        client,
        data={"email": email, "password": PASSWORD, "next": "//evil.example/x"},
        follow_redirects=False,
    )
    assert r.headers["location"] == "/"


def test_every_page_renders_labelled_with_security_headers(browser, world):
    case = world.case()
    hearing = world.hearing(case["id"], next_local(1, 18, 30))
    for path in (
        "/today",
        "/cases",
        "/cases/new",
        f"/cases/{case['id']}",
        "/hearings",
        f"/hearings/{hearing['id']}",
        "/matching",
        "/reports",
        "/login",
    ):
        r = browser.get(path)
        assert r.status_code == 200, path
        assert_accessible(r.text)
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"
        assert "<script>" not in r.text and "cdn" not in r.text.lower()


def test_csrf_is_required_and_nothing_changes_without_it(browser, world, engine):
    page = browser.get("/cases/new")
    form = {
        "program_id": world.njp["id"],
        "external_ref": "WEB-1",
        "participant_name": "Ana Ruiz",
        "consent": "on",
    }
    r = browser.post("/cases/new", data=form)
    assert r.status_code == 403
    r = browser.post("/cases/new", data=form | {"csrf_token": "forged"})
    assert r.status_code == 403
    with Session(engine) as s:
        assert s.exec(select(Case)).all() == []
    r = browser.post("/cases/new", data=form | {"csrf_token": csrf_of(page.text)})
    assert r.status_code == 200 and "Referral WEB-1 taken" in r.text


def test_intake_shows_exclusions_and_field_errors(browser, world, engine):
    token = csrf_of(browser.get("/cases/new").text)
    base = {
        "csrf_token": token,
        "program_id": world.njp["id"],
        "participant_name": "Ana Ruiz",
        "consent": "on",
    }
    r = browser.post(
        "/cases/new",
        data=base | {"external_ref": "WEB-3", "participant_mobile": "12", "referred_on": "soon"},
    )
    assert r.status_code == 422
    # Errors name the field in words, say what was typed and what is expected; no field paths.
    assert "Mobile number of the participant: 12 is not a phone number" in r.text
    assert "Referred on: soon is not right: give a date like 2026-03-14" in r.text
    assert "parties.0" not in r.text and "person.mobile" not in r.text
    assert 'id="participant_mobile-error"' in r.text
    assert 'value="WEB-3"' in r.text and 'value="12"' in r.text  # what was typed is kept
    with Session(engine) as s:
        assert s.exec(select(Case)).all() == []


def test_intake_records_a_screened_out_referral_as_not_eligible(browser, world, engine):
    """#16.11: the referral is stored (so it counts as referred) and its page says why."""
    token = csrf_of(browser.get("/cases/new").text)
    r = browser.post(
        "/cases/new",
        data={"csrf_token": token, "program_id": world.njp["id"], "external_ref": "NJP-WEB-2",
              "participant_name": "Ana Ruiz", "consent": "on", "domestic_violence": "on"},
    )  # fmt: skip
    assert r.status_code == 200
    assert "Referral NJP-WEB-2 recorded as not eligible: it involves domestic violence" in r.text
    assert "14150" in r.text
    with Session(engine) as s:
        case = s.exec(select(Case)).one()
    assert case.status == "ineligible" and case.external_ref == "NJP-WEB-2"
    listed = browser.get("/cases?status=ineligible").text
    assert "NJP-WEB-2" in listed and 'value="ineligible" selected' in listed
    assert str(r.url).endswith(f"/cases/{case.id}") or f"/cases/{case.id}" in str(r.url)


def test_viewer_sees_but_cannot_change(client, world, engine):
    email = make_user(engine, "viewer", [world.njp["id"]], email="vera@example.org")
    post_login(client, data={"email": email, "password": PASSWORD, "next": "/today"})
    assert client.get("/cases").status_code == 200
    assert "Take a referral" not in client.get("/cases").text
    assert client.get("/cases/new").status_code == 403
    token = csrf_of(client.get("/today").text)
    r = client.post(
        "/cases/new",
        data={"csrf_token": token, "program_id": world.njp["id"], "external_ref": "V-1"},
    )
    assert r.status_code == 403


def test_book_from_the_case_page_and_reschedule(browser, world, engine):
    case = world.case()
    page = browser.get(f"/cases/{case['id']}")
    start = datetime.fromisoformat(next_local(1, 18, 30)).strftime("%Y-%m-%dT%H:%M")
    r = browser.post(
        "/hearings/new",
        data={
            "csrf_token": csrf_of(page.text),
            "case_id": case["id"],
            "kind": "panel",
            "venue_id": world.venue["id"],
            "start": start,
        },
    )
    assert r.status_code == 200 and "Hearing booked" in r.text
    hearing_id = int(r.url.path.rsplit("/", 1)[1])
    with Session(engine) as s:
        h = s.get(Hearing, hearing_id)
        assert h.start_at.astimezone(LA).strftime("%Y-%m-%dT%H:%M") == start
        assert s.exec(select(Message).where(Message.kind == "participant_hearing")).all()
    bad = browser.post(
        f"/hearings/{hearing_id}/reschedule",
        data={"csrf_token": csrf_of(r.text), "start": start.replace("18:30", "10:00")},
    )
    assert bad.status_code == 422 and "not open" in bad.text
    week = browser.get("/hearings", params={"week": start[:10]})
    assert case["external_ref"] in week.text


def test_matching_run_swap_and_publish(browser, world, engine):
    for i in range(5):
        world.volunteer(f"Vol {i}", mobile=f"323-555-01{i:02d}")
    world.hearing(world.case()["id"], next_local(1, 18, 30))
    token = csrf_of(browser.get("/matching").text)
    r = browser.post(
        "/matching/run",
        data={
            "csrf_token": token,
            "program_id": world.njp["id"],
            "start": date.today().isoformat(),
            "end": (date.today() + timedelta(days=28)).isoformat(),
        },
    )
    assert r.status_code == 200 and "Proposed panels" in r.text and "km from home" in r.text
    run_path = r.url.path
    frag = browser.get(
        run_path + "/candidates",
        params={"hearing_id": re.search(r"proposal-(\d+)", r.text).group(1), "role": "panelist"},
    )
    assert frag.status_code == 200 and "km from home" in frag.text
    assert "Change in cost" not in frag.text and "+" not in frag.text.split("<tbody>")[1]
    r = browser.post(run_path + "/publish", data={"csrf_token": token})
    assert "Published: 3 volunteers invited. Every seat is filled." in r.text
    with Session(engine) as s:
        assert len(s.exec(select(SeatAssignment)).all()) == 3


def test_log_hours_until_the_case_completes(browser, world, engine, client):
    case = world.case()
    with Session(engine) as s:
        c = s.get(Case, case["id"])
        c.status = "agreement"
        s.add(c)
        s.add(
            Obligation(
                case_id=c.id,
                kind="community_service",
                label="Community service",
                target=6,
                due_date=TODAY() + timedelta(days=30),
            )
        )
        s.commit()
        ob_id = s.exec(select(Obligation.id)).one()
    page = browser.get(f"/cases/{case['id']}")
    token = csrf_of(page.text)
    url = f"/cases/{case['id']}/obligations/{ob_id}/hours"
    r = browser.post(
        url,
        data={
            "csrf_token": token,
            "hours": "25",
            "worked_on": TODAY().isoformat(),
            "verified": "on",
        },
    )
    assert r.status_code == 422
    r = browser.post(
        url,
        data={
            "csrf_token": token,
            "hours": "4",
            "worked_on": TODAY().isoformat(),
            "site": "Food bank",
            "verified": "on",
        },
    )
    assert "4 hours logged" in r.text and "4 of 6 hours" in r.text
    r = browser.post(
        url,
        data={
            "csrf_token": token,
            "hours": "2",
            "worked_on": TODAY().isoformat(),
            "verified": "on",
        },
    )
    assert "The case is complete" in r.text and 'id="case-status">Completed' in r.text


def test_reports_page_has_figures_and_csv(browser, world):
    world.case()
    r = browser.get("/reports", params={"program_id": world.njp["id"]})
    assert r.status_code == 200 and "cases referred" in r.text
    csv_url = re.search(r'id="csv" href="([^"]+)"', r.text).group(1).replace("&amp;", "&")
    csv = browser.get(csv_url)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "cases_referred,1" in csv.text.replace(" ", "")


def test_browsers_get_error_pages_and_the_api_gets_json(browser, world):
    page = browser.get("/cases/999999", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "<h1>Not found</h1>" in page.text
    api = browser.get("/api/v1/cases/999999", headers={"Accept": "text/html"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_the_case_list_is_scoped_and_audited_like_the_api(browser, world, engine):
    """One use case serves both lists: a coordinator sees their programs' cases only, and each
    read of the list leaves an audit event, on the page as through the API."""
    from service.models import AuditEvent

    mine = world.case("MINE-1")
    theirs = world.client.post(
        "/api/v1/cases",
        json={
            "program_id": world.drp["id"],
            "external_ref": "THEIRS-1",
            "zip": "90028",
            "consent": True,
            "parties": [{"role": "participant", "person": {"full_name": "Other Party"}}],
        },
        headers=world.drp_coordinator,
    )
    assert theirs.status_code == 201, theirs.text

    def list_reads() -> list[str]:
        with Session(engine) as s:
            rows = s.exec(
                select(AuditEvent).where(AuditEvent.action == "list", AuditEvent.entity == "case")
            ).all()
        return [r.actor for r in rows]

    before = list_reads()
    html = browser.get("/cases").text
    assert mine["external_ref"] in html and "THEIRS-1" not in html
    assert list_reads() == [*before, "dana@example.org"]
    r = browser.get("/api/v1/cases", headers=world.coordinator)
    assert [c["external_ref"] for c in r.json()["items"]] == ["MINE-1"]
    assert len(list_reads()) == len(before) + 2
