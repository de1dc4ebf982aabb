"""Booking, moving and cancelling hearings; seats; local time across daylight-saving changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from support import next_local

LA = ZoneInfo("America/Los_Angeles")
TUE, WED, SAT, MON = 1, 2, 5, 0


def _next_dst_changes() -> tuple[date, date]:
    """The next US spring-forward (2nd Sunday of March) and fall-back (1st Sunday of November)
    whose Tuesday before is still ahead (the test books a hearing then)."""
    today = datetime.now(LA).date() + timedelta(days=5)

    def nth_sunday(year: int, month: int, n: int) -> date:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))

    spring = next(
        d for y in range(today.year, today.year + 3) if (d := nth_sunday(y, 3, 2)) > today
    )
    fall = next(d for y in range(today.year, today.year + 3) if (d := nth_sunday(y, 11, 1)) > today)
    return spring, fall


def test_book_hearing_inside_venue_windows(world, client):
    case = world.case()
    start = next_local(TUE, 18, 30)
    h = world.hearing(case["id"], start)
    assert h["status"] == "scheduled" and h["sequence"] == 0
    assert h["kind"] == "panel"
    assert datetime.fromisoformat(h["end"]) - datetime.fromisoformat(h["start"]) == timedelta(
        minutes=90
    )
    assert h["local_start"] == start
    assert {c["role"]: c["status"] for c in h["confirmations"]} == {
        "participant": "pending",
        "victim": "pending",
    }
    assert (
        client.get(f"/api/v1/cases/{case['id']}", headers=world.viewer).json()["status"]
        == "scheduled"
    )


def test_booking_refusals(world, client):
    case = world.case()
    post = lambda body: client.post(
        "/api/v1/hearings",
        json={
            "case_id": case["id"],
            "kind": "panel",  # noqa: E731
            "venue_id": world.venue["id"],
        }
        | body,
        headers=world.coordinator,
    )
    r = post({"start": next_local(MON, 10)})
    assert r.status_code == 422 and "not open mon" in r.json()["error"]["message"]
    r = post({"start": next_local(TUE, 20, 0)})  # 20:00-21:30 runs past the 21:00 close
    assert r.status_code == 422
    assert post({"start": next_local(TUE, 18), "kind": "mediation"}).status_code == 422
    assert post({"start": "2020-01-07T18:00:00-08:00"}).status_code == 422
    assert post({"start": "2030-01-08T18:00:00"}).status_code == 422  # no offset
    assert post({"start": next_local(TUE, 18), "venue_id": 9999}).status_code == 404
    assert (
        post({"start": next_local(MON, 10), "allow_outside_venue_hours": True}).status_code == 201
    )
    other = world.case("CA-2")
    r = client.post(
        "/api/v1/hearings",
        json={
            "case_id": other["id"],
            "kind": "panel",
            "venue_id": world.venue["id"],
            "start": next_local(MON, 10, 30),
            "allow_outside_venue_hours": True,
        },
        headers=world.coordinator,
    )
    assert r.status_code == 409 and "already holds a hearing" in r.text
    assert (
        client.post(
            "/api/v1/hearings",
            json={
                "case_id": case["id"],
                "kind": "panel",
                "venue_id": world.venue["id"],
                "start": next_local(TUE, 18),
            },
            headers=world.viewer,
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/v1/hearings",
            json={
                "case_id": case["id"],
                "kind": "panel",
                "venue_id": world.venue["id"],
                "start": next_local(TUE, 18),
            },
            headers=world.drp_coordinator,
        ).status_code
        == 404
    )


def test_reschedule_raises_sequence_and_cancel_returns_case(world, client):
    case = world.case()
    h = world.hearing(case["id"], next_local(TUE, 18))
    url = f"/api/v1/hearings/{h['id']}"
    r = client.patch(url, json={"start": next_local(WED, 19)}, headers=world.coordinator)
    assert r.status_code == 200
    moved = r.json()
    assert moved["sequence"] == 1 and moved["ical_uid"] == h["ical_uid"]
    assert moved["local_start"] == next_local(WED, 19)
    r = client.patch(url, json={"start": next_local(MON, 19)}, headers=world.coordinator)
    assert r.status_code == 422
    assert (
        client.get(url, headers=world.viewer).json()["sequence"] == 1
    )  # the refused move changed nothing
    r = client.patch(url, json={"status": "cancelled"}, headers=world.coordinator)
    assert r.json()["status"] == "cancelled" and r.json()["sequence"] == 2
    assert (
        client.get(f"/api/v1/cases/{case['id']}", headers=world.viewer).json()["status"]
        == "referred"
    )
    assert client.patch(url, json={"status": "held"}, headers=world.coordinator).status_code == 422


def test_seats_refuse_double_booking_and_unqualified(world, client):
    ana = world.volunteer("Ana", mobile="323-555-0101")
    ben = world.volunteer("Ben", mobile="323-555-0102", certifications=[])
    h1 = world.hearing(world.case("A")["id"], next_local(TUE, 18))
    other_venue = client.post(
        "/api/v1/venues",
        json={
            "name": "Other room",
            "address": "2 B St",
            "lat": 34.1,
            "lon": -118.3,
            "windows": [{"day": "tue", "start": "17:00", "end": "22:00"}],
        },
        headers=world.admin,
    ).json()
    h2 = world.hearing(world.case("B")["id"], next_local(TUE, 19), venue_id=other_venue["id"])
    seat = lambda h, v, role="panelist": client.post(
        f"/api/v1/hearings/{h['id']}/seats",  # noqa: E731
        json={"volunteer_id": v["id"], "role": role},
        headers=world.coordinator,
    )
    r = seat(h1, ana)
    assert r.status_code == 201 and r.json()["status"] == "invited"
    r = seat(h2, ana)
    assert r.status_code == 409 and "another hearing" in r.text
    assert seat(h1, ben).status_code == 422  # no njp_panelist certification
    assert seat(h1, ana, "facilitator").status_code == 409  # already on this hearing
    assert seat(h1, {"id": 9999}).status_code == 422
    assert seat(h1, ana, "judge").status_code == 422
    r = client.patch(
        f"/api/v1/hearings/{h2['id']}",
        json={"start": next_local(TUE, 18, 30)},
        headers=world.coordinator,
    )
    assert r.status_code == 200  # h2 has no panel yet: moving it is fine
    hearing = client.get(f"/api/v1/hearings/{h1['id']}", headers=world.viewer).json()
    assert [(s["volunteer_name"], s["role"]) for s in hearing["seats"]] == [("Ana", "panelist")]


def test_language_and_conflict_rules_on_seats(world, client):
    only_en = world.volunteer("Eve", mobile="323-555-0105", languages=["en"])
    case = world.case()
    h = world.hearing(case["id"], next_local(TUE, 18), language="es")
    r = client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": only_en["id"], "role": "facilitator"},
        headers=world.coordinator,
    )
    assert r.status_code == 422 and "must speak es" in r.text
    recused = world.volunteer("Raul", mobile="323-555-0106")
    client.post(
        f"/api/v1/volunteers/{recused['id']}/conflicts",
        json={"person_id": case["parties"][0]["person"]["id"]},
        headers=world.coordinator,
    )
    r = client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": recused["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code == 422 and "recused" in r.text


def test_local_times_across_daylight_saving_changes(world, client):
    spring, fall = _next_dst_changes()
    for change, utc_hour in ((spring, 1), (fall, 2)):
        tuesday = change + timedelta(days=2)  # the Tuesday after the change
        before = change - timedelta(days=5)  # the Tuesday before it
        for day, expected_utc in ((tuesday, utc_hour), (before, 3 - utc_hour)):
            case = world.case(f"DST-{day}")
            start = datetime(day.year, day.month, day.day, 18, 30, tzinfo=LA)
            h = world.hearing(case["id"], start.isoformat())
            utc = datetime.fromisoformat(h["start"])
            assert utc.utcoffset() == timedelta(0)
            assert (utc.hour, utc.minute) == (expected_utc, 30), (day, h["start"])
            local = datetime.fromisoformat(h["local_start"])
            assert (local.hour, local.minute) == (18, 30) and local.date() == day
            stored = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()
            assert stored["start"] == h["start"] and stored["local_start"] == h["local_start"]


def test_list_hearings_by_window(world, client):
    a = world.hearing(world.case("A")["id"], next_local(TUE, 18))
    world.hearing(world.case("B")["id"], next_local(TUE, 18, weeks_ahead=3))
    r = client.get(
        "/api/v1/hearings",
        params={"start_from": a["start"], "start_to": next_local(TUE, 18, weeks_ahead=2)},
        headers=world.viewer,
    )
    assert [h["id"] for h in r.json()["items"]] == [a["id"]]
    assert client.get("/api/v1/hearings", headers=world.drp_coordinator).json()["total"] == 0
