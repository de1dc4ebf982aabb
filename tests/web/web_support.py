"""Helpers for the page tests: sign in through the form, read the CSRF token, check markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from support import PASSWORD, make_user, post_login, totp_code

FIELDS = ("input", "select", "textarea")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.fields: list[dict] = []
        self.images: list[dict] = []
        self.label_depth = 0
        self.inline: list[str] = []
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.inline.append("<style> block")
        if tag == "script" and "src" not in a:
            self.inline.append("inline <script>")
        if tag == "template":
            self.in_template += 1
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in FIELDS and (a.get("type") or "").lower() not in UNLABELLED_TYPES:
            self.fields.append(a | {"_tag": tag, "_wrapped": self.label_depth > 0})
        elif tag == "img":
            self.images.append(a)

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth = max(0, self.label_depth - 1)
        if tag == "template":
            self.in_template -= 1


def markup_problems(html: str) -> list[str]:
    """Form fields without a label (for=, wrapping label or aria-label), images without alt,
    and inline script or style the Content-Security-Policy would block."""
    parser = _Markup()
    parser.feed(html)
    problems = list(parser.inline)
    for f in parser.fields:
        labelled = (
            f.get("aria-label")
            or f.get("aria-labelledby")
            or f["_wrapped"]
            or (f.get("id") and f["id"] in parser.label_for)
        )
        if not labelled:
            problems.append(f"<{f['_tag']} name={f.get('name')!r} id={f.get('id')!r}> has no label")
    for img in parser.images:
        if "alt" not in img:
            problems.append(f"<img src={img.get('src')!r}> has no alt")
    ids = re.findall(r'\sid="([^"]+)"', re.sub(r"<template.*?</template>", "", html, flags=re.S))
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        problems.append(f"duplicate ids: {dupes}")
    return problems


def assert_accessible(html: str) -> None:
    """Fail with every markup problem of a page."""
    problems = markup_problems(html)
    assert not problems, "\n".join(problems)


def page(client: TestClient, url: str, status: int = 200) -> str:
    """GET a page, check its status and markup, return its HTML."""
    r = client.get(url, follow_redirects=False)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    if r.headers.get("content-type", "").startswith("text/html"):
        assert_accessible(r.text)
    return r.text


def sign_in(
    client: TestClient, engine: Engine, role: str, program_ids: list[int] | None = None
) -> str:
    """Create a user, sign in through the form (session cookie); returns the page CSRF token."""
    client.cookies.clear()
    email = make_user(engine, role, program_ids)
    web_login(client, email, "/volunteers")
    return csrf_of(client.get("/volunteers").text)


def web_login(client: TestClient, email: str, next_url: str = "/today"):
    """Sign in through the form, then the code page when the account has an authenticator."""
    r = post_login(
        client,
        data={"email": email, "password": PASSWORD, "next": next_url},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    if r.headers["location"].startswith("/login/code"):
        r = client.post(
            "/login/code",
            data={"code": totp_code(email), "next": next_url},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    assert r.headers["location"] == next_url, r.headers["location"]
    return r


def csrf_of(html: str) -> str:
    """The CSRF token a page carries."""
    m = re.search(r'name="csrf_token" value="([^"]+)"', html) or re.search(
        r'"X-CSRF-Token": "([^"]+)"', html
    )
    assert m, "no CSRF token on the page"
    return m.group(1)


def published_panel(world, client: TestClient, engine: Engine) -> dict:
    """Five volunteers, a booked NJP hearing and a published panel of three invited seats."""
    from sqlmodel import Session, select

    from service.models import SeatAssignment, Volunteer
    from support import horizon, next_local

    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(5)
    ]
    case = world.case(description="Shoplifting at the corner market")
    hearing = world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    window = horizon(hearing["start"])
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    run = client.post(base, json=window, headers=world.coordinator).json()
    r = client.post(f"{base}/{run['id']}/publish", headers=world.coordinator)
    assert r.status_code == 200, r.text
    with Session(engine) as s:
        seats = s.exec(
            select(SeatAssignment).where(SeatAssignment.hearing_id == hearing["id"])
        ).all()
        assert len(seats) == 3 and {x.status for x in seats} == {"invited"}
        volunteer = s.get(Volunteer, seats[0].volunteer_id)
    return {
        "seat": seats[0],
        "volunteer": volunteer,
        "hearing": hearing,
        "case": case,
        "volunteers": vols,
    }
