"""No page shows a coordinator a code: the demo's world, rendered page by page, reads in words
(statuses, roles, certifications, languages, events), with phone numbers as people write them."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select
from web.web_support import page, web_login

from service import cli
from service.models import Case, Hearing, MatchingRun, Program, SeatAssignment, Volunteer
from support import make_user, next_local

# Words that must never reach the screen: codes, underscored names, E.164 numbers, field paths.
FORBIDDEN = (
    "njp_",
    "_requested",
    "no_show",
    "party_added",
    "community_service",
    "+1323",
    "+1213",
    "in es",
    "referred -> referred",
    "Cost:",
    "excluded:",
)
UNDERSCORED = re.compile(r"\b[a-z]+_[a-z_]+\b")
FIELD_PATH = re.compile(r"\b[a-z_]+\.\d+\.[a-z_]+")
BARE_BADGE = re.compile(
    r'class="badge[^"]*"[^>]*>\s*(prosecutor|police|scheduled|referred|heard|agreement|'
    r"completed|invited|accepted|proposed|declined|pending|confirmed|es|en)\s*<"
)


class _Visible(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def codes_in(html: str) -> list[str]:
    """The codes a page shows, with a little context to find them."""
    text = visible_text(html)
    found = []
    for word in FORBIDDEN:
        i = text.find(word)
        if i >= 0:
            found.append(text[max(0, i - 40) : i + 40])
    found += [m.group(0) for m in UNDERSCORED.finditer(text)]
    found += [m.group(0) for m in FIELD_PATH.finditer(text)]
    found += [m.group(0) for m in BARE_BADGE.finditer(html)]
    return found


def test_the_checker_finds_codes():
    """The check below can fail: each kind of code it looks for is caught."""
    assert codes_in("<p>Seat: njp_facilitator</p>")
    assert codes_in('<span class="badge">prosecutor</span>')
    assert codes_in("<p>Mobile +13235550142</p>")
    assert codes_in("<li>parties.0.person.mobile: bad</li>")
    assert codes_in("<p>status reschedule_requested</p>")
    assert not codes_in('<p class="x_y">Rosa <a href="/a_b">Villanueva</a></p>')


@pytest.fixture
def demo(engine, client):
    assert cli.main(["demo"]) == 0
    with Session(engine) as s:
        programs = [p.id for p in s.exec(select(Program)).all()]
        cases = s.exec(select(Case).order_by(Case.id)).all()
        by_status: dict[str, int] = {}
        for c in cases:
            by_status.setdefault(c.status, c.id)
        hearings = s.exec(select(Hearing).order_by(Hearing.id)).all()
        by_hearing_status: dict[str, int] = {}
        for h in hearings:
            by_hearing_status.setdefault(h.status, h.id)
        seat = s.exec(
            select(SeatAssignment)
            .join(Hearing, Hearing.id == SeatAssignment.hearing_id)
            .where(Hearing.status == "scheduled", SeatAssignment.status == "invited")
        ).first()
        assert seat is not None, "the demo has an invited seat on a scheduled hearing"
        seated = seat.volunteer_id
        volunteer = s.exec(select(Volunteer.id)).first()
        run = s.exec(select(MatchingRun)).first()
    return {
        "programs": programs,
        "cases": list(by_status.values()),
        "hearings": list(by_hearing_status.items()),
        "volunteers": [v for v in (seated, volunteer) if v],
        "run": run,
        "seat": seat,
    }


def test_no_page_shows_a_code(client, engine, demo):
    admin = make_user(engine, "admin", demo["programs"])
    web_login(client, admin, "/today")
    urls = ["/today", "/cases", "/cases?status=scheduled", "/hearings", "/volunteers", "/matching"]
    urls += [f"/cases/{cid}" for cid in demo["cases"]]
    for status, hid in demo["hearings"]:
        urls.append(f"/hearings/{hid}")
        if status in ("held", "no_show"):
            urls.append(f"/hearings/{hid}/outcome")
    urls += [f"/volunteers/{vid}" for vid in demo["volunteers"]]
    seat = demo["seat"]
    urls.append(f"/hearings/{seat.hearing_id}/seats/find?replace={seat.id}")
    if demo["run"] is not None:
        urls.append(f"/matching/{demo['run'].program_id}/runs/{demo['run'].id}")
    urls += ["/admin/programs", f"/admin/programs/{demo['programs'][0]}", "/admin/users"]
    shown = {url: codes_in(page(client, url)) for url in urls}
    wrong = {url: codes for url, codes in shown.items() if codes}
    assert wrong == {}, "\n".join(f"{url}: {codes}" for url, codes in wrong.items())


def test_the_timeline_reads_in_sentences(client, world, engine):
    from service.models import Message

    case = world.case("TL-1")
    world.hearing(case["id"], next_local(1, 18, 30))
    web_login(client, make_user(engine, "coordinator", [world.njp["id"]]))
    html = page(client, f"/cases/{case['id']}")
    timeline = visible_text(html.split('id="timeline"', 1)[1])
    assert "Case referred by the prosecutor" in timeline
    assert "Person harmed added to the case" in timeline
    assert "Hearing booked by Coordinator" in timeline  # the booking user by name, not email
    assert "Text to Jordan Lee (hearing notice): queued" in timeline
    assert "Status changed: Referred → Hearing booked" in timeline
    assert "referred → referred" not in timeline.lower() and "@" not in timeline
    assert codes_in(html) == []
    with Session(engine) as s:  # the provider reports the text delivered
        text = s.exec(select(Message).where(Message.case_id == case["id"])).first()
        text.status = "delivered"
        s.add(text)
        s.commit()
    timeline = visible_text(page(client, f"/cases/{case['id']}").split('id="timeline"', 1)[1])
    assert "Text to Jordan Lee (hearing notice): delivered" in timeline
