"""Today is the coordinator's to-do list: each list in words, linking to where it is done, in the
coordinator's programs only, with tiles that link to the lists and count what they show."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import event
from sqlmodel import Session, select
from web_support import page, sign_in

from service.models import (
    Agreement,
    AuditEvent,
    Case,
    Hearing,
    InboundMessage,
    Message,
    Obligation,
    Party,
    PartyConfirmation,
    Person,
    SeatAssignment,
    ServiceLog,
)
from support import next_local

LA = ZoneInfo("America/Los_Angeles")
EVENING = datetime(2027, 1, 5, 17, 30, tzinfo=LA)  # in UTC already Wednesday 6 January
TUE = 1
KEYS = (
    "referrals",
    "outcomes",
    "agreements",
    "seats",
    "requests",
    "replies",
    "texts",
    "languages",
    "volunteer_languages",
    "hours",
    "obligations",
)


def _today() -> date:
    return datetime.now(LA).date()


def _section(html: str, key: str) -> str:
    m = re.search(rf'<section class="card todo" id="todo-{key}".*?</section>', html, re.S)
    assert m, f"no section {key}"
    return m.group(0)


def _tile(html: str, key: str) -> int:
    m = re.search(rf'<a class="figure" href="#todo-{key}"><strong>(\d+)</strong>', html)
    assert m, f"no tile for {key}"
    return int(m.group(1))


def _participant(s: Session, case_id: int) -> Party:
    return s.exec(select(Party).where(Party.case_id == case_id, Party.role == "participant")).one()


@pytest.fixture
def desk(world, engine):
    """One NJP item in every list of Today."""
    today = _today()
    waiting = world.case("NJP-WAIT")
    late = world.case("NJP-LATE")
    heard = world.case("NJP-HEARD")
    heard_no_hearing = world.case("NJP-NOHEAR")
    agreed = world.case("NJP-AGREED")
    seats = world.case("NJP-SEATS")
    late_h = world.hearing(late["id"], next_local(TUE, 18, 30))
    heard_h = world.hearing(heard["id"], next_local(TUE, 18, 30, weeks_ahead=3))
    seats_h = world.hearing(seats["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    vols = [world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}") for i in range(2)]
    # An NJP volunteer who reads Korean: no invitation reaches her until the coordinator chooses.
    world.volunteer("Min-ji Kim", mobile="323-555-0166", preferred_language="ko", languages=["ko"])
    with Session(engine) as s:
        case = s.get(Case, waiting["id"])
        case.referred_on = today - timedelta(days=10)
        s.add(case)
        # A party who reads Korean, which Convene cannot text: waits for the coordinator.
        korean = s.get(Person, waiting["parties"][0]["person"]["id"])
        korean.language = "ko"
        s.add(korean)
        past = datetime(today.year, today.month, today.day, 9, 0, tzinfo=LA) - timedelta(days=2)
        h = s.get(Hearing, late_h["id"])
        h.start_at, h.end_at = past, past + timedelta(minutes=90)
        s.add(h)
        h = s.get(Hearing, heard_h["id"])
        h.start_at, h.end_at = past - timedelta(days=5), past - timedelta(days=5, minutes=-90)
        h.status = "held"
        s.add(h)
        for cid in (heard["id"], heard_no_hearing["id"]):
            c = s.get(Case, cid)
            c.status = "heard"
            s.add(c)
        c = s.get(Case, agreed["id"])
        c.status = "agreement"
        s.add(c)
        s.add(Agreement(case_id=agreed["id"], terms="terms"))
        overdue = Obligation(
            case_id=agreed["id"], kind="community_service", label="", target=10,
            due_date=today - timedelta(days=1),
        )  # fmt: skip
        soon = Obligation(case_id=agreed["id"], kind="essay", due_date=today + timedelta(days=3))
        later = Obligation(case_id=agreed["id"], kind="class", due_date=today + timedelta(days=30))
        s.add_all([overdue, soon, later])
        s.flush()
        s.add(ServiceLog(obligation_id=overdue.id, worked_on=today, hours=3, site="Food bank"))
        s.add(SeatAssignment(hearing_id=seats_h["id"], volunteer_id=vols[0]["id"],
                             role="panelist", status="declined"))  # fmt: skip
        s.add(SeatAssignment(hearing_id=seats_h["id"], volunteer_id=vols[1]["id"],
                             role="panelist", status="invited",
                             invited_at=datetime.now(UTC) - timedelta(days=3)))  # fmt: skip
        party = _participant(s, seats["id"])
        conf = s.exec(
            select(PartyConfirmation).where(
                PartyConfirmation.hearing_id == seats_h["id"],
                PartyConfirmation.party_id == party.id,
            )
        ).one()
        conf.status = "reschedule_requested"
        conf.responded_at = datetime.now(UTC)
        s.add(conf)
        person_id = _participant(s, waiting["id"]).person_id
        s.add(InboundMessage(provider_id="SM-today-1", from_number="+13235550199",
                             body="what is this about??", intent="unknown", person_id=person_id,
                             case_id=waiting["id"], needs_attention=True))  # fmt: skip
        s.add(Message(to_address="+13235550199", kind="participant_hearing", body="x",
                      case_id=waiting["id"], person_id=person_id, status="failed",
                      error_code="opted_out", needs_attention=True))  # fmt: skip
        s.commit()
        ids = {"overdue": overdue.id, "soon": soon.id, "later": later.id}
    return {
        "waiting": waiting,
        "late_h": late_h,
        "heard_h": heard_h,
        "heard_no_hearing": heard_no_hearing,
        "agreed": agreed,
        "seats_h": seats_h,
        **ids,
    }


def test_today_lists_every_kind_of_work_with_its_link(world, client, engine, desk):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, "/today")
    # Tiles link to the lists and count what they show.
    for key in KEYS:
        assert f'id="todo-{key}"' in html
        assert _tile(html, key) == len(re.findall(r"<li>", _section(html, key)))

    referrals = _section(html, "referrals")
    assert f'href="/cases/{desk["waiting"]["id"]}">NJP-WAIT, Jordan Lee</a>' in referrals
    assert "waiting 10 days" in referrals
    assert "NJP-SEATS" not in referrals  # booked: not waiting any more

    outcomes = _section(html, "outcomes")
    assert f'href="/hearings/{desk["late_h"]["id"]}/outcome"' in outcomes
    assert "2 days ago" in outcomes

    agreements = _section(html, "agreements")
    assert f'href="/hearings/{desk["heard_h"]["id"]}/outcome"' in agreements
    assert f'href="/cases/{desk["heard_no_hearing"]["id"]}"' in agreements

    seats = _section(html, "seats")
    hid = desk["seats_h"]["id"]
    assert f'href="/hearings/{hid}#panel"' in seats
    assert "2 seats empty (1 facilitator, 1 panelist)" in seats
    assert "Declined: Vol0 Tester (panelist)" in seats
    assert "Not answered yet: Vol1 Tester (panelist, invited 3 days ago)" in seats
    assert (
        f'href="/hearings/{hid}/seats/find?role=facilitator">Find a volunteer: facilitator' in seats
    )
    assert f'href="/hearings/{hid}/seats/find?role=panelist">Find a volunteer: panelist' in seats

    requests = _section(html, "requests")
    assert "Jordan Lee (participant) asks for another time" in requests
    assert f'href="/hearings/{hid}"' in requests and "asked today" in requests

    replies = _section(html, "replies")
    assert "Jordan Lee" in replies and "what is this about??" in replies
    assert "not clear what they mean" in replies
    assert 'action="/inbox/' in replies

    texts = _section(html, "texts")
    assert "Jordan Lee" in texts and "Hearing notice: opted out of texts" in texts
    assert f'href="/cases/{desk["waiting"]["id"]}"' in texts

    volunteers = _section(html, "volunteer_languages")
    assert (
        "Min-ji Kim reads Korean; Convene has no Korean texts: call, or choose to text in English"
        in volunteers
    )
    assert 'href="/volunteers/' in volunteers and "Text in English</button>" in volunteers

    hours = _section(html, "hours")
    agreed = desk["agreed"]["id"]
    assert f'href="/cases/{agreed}#obligation-{desk["overdue"]}"' in hours
    assert "3 hours on" in hours and "Food bank" in hours

    obligations = _section(html, "obligations")
    assert f"#obligation-{desk['overdue']}" in obligations
    assert f"#obligation-{desk['soon']}" in obligations
    assert f"#obligation-{desk['later']}" not in obligations
    assert "overdue: was due" in obligations and "(yesterday)" in obligations
    assert "(in 3 days)" in obligations
    # Plain words only.
    for code in ("reschedule_requested", "opted_out", "community_service", ">unknown<", "njp_"):
        assert code not in html, code


def test_another_programs_coordinator_sees_none_of_it(world, client, engine, desk):
    sign_in(client, engine, "coordinator", [world.drp["id"]])
    html = page(client, "/today")
    for key in KEYS:
        assert _tile(html, key) == 0, key
        assert "Nothing waiting." in _section(html, key)
    assert "NJP-" not in html and "Jordan Lee" not in html
    body = client.get("/api/v1/attention", headers=world.drp_coordinator).json()
    assert {t["key"]: t["total"] for t in body["todo"]} == dict.fromkeys(KEYS, 0)


def test_the_api_gives_the_same_lists(world, client, desk):
    body = client.get("/api/v1/attention", headers=world.coordinator).json()
    todo = {t["key"]: t for t in body["todo"]}
    assert list(todo) == list(KEYS)
    assert all(todo[k]["total"] >= 1 for k in KEYS), {k: t["total"] for k, t in todo.items()}
    assert todo["referrals"]["items"][0]["url"] == f"/cases/{desk['waiting']['id']}"
    assert body["overdue_obligations"][0]["obligation_id"] == desk["overdue"]  # old fields stay


def _refer(engine, program_id: int, n: int, prefix: str = "BULK") -> None:
    with Session(engine) as s:
        for i in range(n):
            s.add(Case(program_id=program_id, external_ref=f"{prefix}-{i:03d}",
                       referred_on=_today() - timedelta(days=60 - i % 50)))  # fmt: skip
        s.commit()


def test_a_long_list_shows_ten_and_its_own_page_shows_them_all(world, client, engine):
    _refer(engine, world.njp["id"], 53)
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, "/today")
    referrals = _section(html, "referrals")
    assert _tile(html, "referrals") == 53
    assert len(re.findall(r"<li>", referrals)) == 10
    assert "and 43 more" in referrals and 'href="/today/referrals"' in referrals
    first = re.search(r'href="/cases/\d+">(BULK-\d+)', referrals).group(1)
    assert first == "BULK-000"  # oldest first: waiting 60 days
    whole = page(client, "/today/referrals")
    listed = re.findall(r'href="/cases/\d+">(BULK-\d+)', whole)
    assert len(listed) == 53 and listed[0] == "BULK-000", listed[:3]
    assert "more" not in whole.split("<main", 1)[-1]


def test_a_list_that_is_not_there_is_a_page_not_found_in_words(world, client, engine):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    answer = client.get("/today/everything")
    assert answer.status_code == 404
    assert "There is no list called “everything” on Today." in answer.text


def test_marking_a_reply_done_on_its_list_returns_to_the_list(world, client, engine, desk):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    whole = page(client, "/today/replies")
    inbound = re.search(r'action="/inbox/(\d+)/done"', whole).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', whole).group(1)
    answer = client.post(
        f"/inbox/{inbound}/done", data={"csrf_token": csrf, "back": "list"}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/today/replies?flash=")
    assert f'action="/inbox/{inbound}/done"' not in page(client, "/today/replies")


def test_texts_words_shown_on_today_are_on_the_audit_trail(world, client, engine, desk):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    with Session(engine) as s:
        [inbound] = s.exec(select(InboundMessage).where(InboundMessage.needs_attention)).all()
    for path in ("/today", "/today/replies"):
        assert "what is this about??" in page(client, path)
    with Session(engine) as s:
        reads = s.exec(select(AuditEvent).where(AuditEvent.entity == "today")).all()
    assert len(reads) == 2 and all(f"[{inbound.id}]" in r.detail for r in reads)
    assert {r.user_id for r in reads} != {None} and {r.action for r in reads} == {"read"}
    page(client, "/today/referrals")  # a list without anyone's words: nothing to note
    with Session(engine) as s:
        assert len(s.exec(select(AuditEvent).where(AuditEvent.entity == "today")).all()) == 2


def test_today_runs_one_query_per_list_however_many_items(world, client, engine):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    counts = []
    for n in (3, 30):
        _refer(engine, world.njp["id"], n, prefix=f"N{n}")
        seen = []
        listener = lambda *a, seen=seen: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            page(client, "/today")
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[0] == counts[1], counts


@pytest.fixture
def la_evening():
    """The clock at a Tuesday 17:30 in Los Angeles (ticking), fixtures included."""
    with time_machine.travel(EVENING.astimezone(UTC), tick=True):
        yield


def test_overdue_is_the_programs_date_in_the_evening(la_evening, world, client, engine):
    """At 17:30 in Los Angeles the UTC date is tomorrow: due today is 'due today', not overdue."""
    case = world.case("NJP-EVE")
    with Session(engine) as s:
        c = s.get(Case, case["id"])
        c.status = "agreement"
        s.add(c)
        due_today = Obligation(case_id=case["id"], kind="essay", due_date=date(2027, 1, 5))
        due_before = Obligation(case_id=case["id"], kind="class", due_date=date(2027, 1, 4))
        s.add_all([due_today, due_before])
        s.commit()
        ids = due_today.id, due_before.id
    body = client.get("/api/v1/attention", headers=world.coordinator).json()
    items = {i["url"]: i["detail"] for t in body["todo"] if t["key"] == "obligations"
             for i in t["items"]}  # fmt: skip
    url = f"/cases/{case['id']}#obligation-"
    assert items[url + str(ids[0])] == "due Tue, Jan 5 (today)"
    assert items[url + str(ids[1])] == "overdue: was due Mon, Jan 4 (yesterday)"


def test_the_figures_keep_convene_a_name(client, engine, world):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = client.get("/today").text
    assert "people Convene cannot text in their language" in html
    assert "convene cannot" not in html
