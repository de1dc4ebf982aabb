"""Proposed times to book a case's hearing: full panels, venue windows, the program's zone
(a daylight-saving week too), a venue already taken, best first."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import Session, select

from service.accounts import auth
from service.hearings import proposals
from service.models import User
from support import EVENING_WINDOWS, make_user

LA = ZoneInfo("America/Los_Angeles")
OPEN = {  # weekday -> (opens, closes), from the world's venue
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(w["day"]): (
        time.fromisoformat(w["start"]),
        time.fromisoformat(w["end"]),
    )
    for w in EVENING_WINDOWS
}


def _principal(engine, world) -> auth.Principal:
    email = make_user(engine, "coordinator", [world.njp["id"]])
    with Session(engine) as s:
        user = s.exec(select(User).where(User.email == email)).one()
        s.expunge(user)
    return auth.Principal(user=user, program_ids={world.njp["id"]})


def _options(engine, world, case_id, **kw) -> proposals.BookingOptions:
    with Session(engine) as s:
        return proposals.booking_options(s, case_id, _principal(engine, world), **kw)


def _in_window(p: proposals.Proposal) -> bool:
    start, end = p.start.astimezone(LA), p.end.astimezone(LA)
    opens, closes = OPEN.get(start.weekday(), (None, None))
    return opens is not None and opens <= start.time() and end.time() <= closes


def test_each_proposal_has_a_full_panel_inside_the_venue_s_hours(world, engine):
    for i in range(3):
        world.volunteer(f"Vol {i}")
    case = world.case()
    o = _options(engine, world, case["id"])
    assert len(o.proposals) == proposals.WANTED
    for p in o.proposals:
        assert _in_window(p), p.when
        assert p.seats == 3 and p.free >= 3
        assert p.who.startswith("3 of 3 seats can be filled: 3 trained volunteers free that")
        assert p.when == f"{p.start.astimezone(LA):%a, %b} {p.start.astimezone(LA).day}, " + (
            f"{p.start.astimezone(LA):%I:%M %p}".lstrip("0")
        )
        assert p.value == p.start.astimezone(LA).strftime("%Y-%m-%dT%H:%M")
        assert p.start > datetime.now(UTC) + timedelta(days=2)  # notice for the parties
        assert "km from the participant's area" in p.where


def test_no_proposal_when_the_engine_cannot_fill_every_seat(world, engine):
    world.volunteer("Vol 1")
    world.volunteer("Vol 2")  # three seats, two volunteers
    o = _options(engine, world, world.case()["id"])
    assert o.proposals == [] and o.checked > 0


def test_language_keeps_the_lead_seat_for_speakers(world, engine):
    for i in range(3):
        world.volunteer(f"Vol {i}", languages=["en"])
    case = world.case()
    assert _options(engine, world, case["id"]).proposals
    assert _options(engine, world, case["id"], language="es").proposals == []
    world.volunteer("Hablante", languages=["en", "es"])
    spanish = _options(engine, world, case["id"], language="es")
    assert spanish.proposals and spanish.language_words == "Spanish"


def test_times_the_venue_holds_another_hearing_are_skipped_best_first(world, engine):
    for i in range(6):
        world.volunteer(f"Vol {i}")
    first = _options(engine, world, world.case("CA-1")["id"]).proposals
    starts = [p.start for p in first]
    assert starts == sorted(starts)  # one venue: soonest first
    other = world.case("CA-2")
    world.hearing(other["id"], first[0].start.isoformat())
    again = _options(engine, world, world.case("CA-3")["id"]).proposals
    assert first[0].start not in [p.start for p in again]
    assert again[0].start == first[1].start


def test_a_party_s_other_hearing_is_avoided(world, engine):
    for i in range(6):
        world.volunteer(f"Vol {i}")
    case = world.case()
    first = _options(engine, world, case["id"]).proposals
    world.hearing(case["id"], first[0].start.isoformat())
    again = _options(engine, world, case["id"]).proposals
    assert first[0].start not in [p.start for p in again]


def test_the_nearest_venue_comes_first_on_the_same_time(world, engine, admin, client):
    far = client.post(
        "/api/v1/venues",
        json={
            "name": "San Pedro Regional Library",
            "address": "931 S Gaffey St, San Pedro, CA 90731",
            "lat": 33.7358,
            "lon": -118.2925,
            "windows": EVENING_WINDOWS,
        },
        headers=admin,
    ).json()
    for i in range(3):
        world.volunteer(f"Vol {i}")
    o = _options(engine, world, world.case()["id"])  # the case is in Hollywood (90028)
    assert [v.id for v, _ in o.venues][:2] == [world.venue["id"], far["id"]]
    assert {p.venue.id for p in o.proposals} == {world.venue["id"]}


@pytest.mark.parametrize("at", ["2027-10-29T12:00:00-07:00", "2027-03-10T12:00:00-08:00"])
def test_a_daylight_saving_week_keeps_the_local_hours(world, engine, at):
    """Fall back (Nov 7 2027) and spring forward (Mar 14 2027) inside the three weeks searched:
    every proposal still opens at the venue's local hour."""
    for i in range(3):
        world.volunteer(f"Vol {i}")
    case = world.case()
    with time_machine.travel(datetime.fromisoformat(at).astimezone(UTC), tick=True):
        o = _options(engine, world, case["id"], wanted=12)
    offsets = {p.start.astimezone(LA).utcoffset() for p in o.proposals}
    assert len(offsets) == 2, offsets  # the proposals straddle the change
    for p in o.proposals:
        local = p.start.astimezone(LA)
        assert _in_window(p), p.when
        assert (local.hour, local.minute) in {(18, 0), (19, 30), (9, 0), (10, 30)}


def test_volunteers_another_open_hearing_needs_that_evening_are_not_promised(
    world, engine, admin, client
):
    near = client.post(
        "/api/v1/venues",
        json={
            "name": "Hollywood Recreation Center",
            "address": "1122 Cole Ave, Los Angeles, CA 90038",
            "lat": 34.0906,
            "lon": -118.3316,
            "windows": EVENING_WINDOWS,
        },
        headers=admin,
    ).json()
    for i in range(3):
        world.volunteer(f"Vol {i}")
    first = _options(engine, world, world.case("CA-1")["id"]).proposals
    # a hearing of another case that evening, at the other venue, still without its panel
    world.hearing(world.case("CA-2")["id"], first[0].start.isoformat(), venue_id=near["id"])
    again = _options(engine, world, world.case("CA-3")["id"]).proposals
    assert again and first[0].start not in [p.start for p in again]


def test_a_kind_without_volunteer_seats_is_proposed_in_the_venue_s_hours(world, engine, admin):
    from service.models import HearingKind, SeatRequirement

    with Session(engine) as s:
        kind = HearingKind(
            program_id=world.njp["id"], code="check_in", name="Check-in", duration_minutes=30
        )
        s.add(kind)
        s.flush()
        s.add(
            SeatRequirement(
                hearing_kind_id=kind.id, role="case_manager", count=1, requires=[], staff_only=True
            )
        )
        s.commit()
    o = _options(engine, world, world.case()["id"], kind="check_in")
    assert len(o.proposals) == proposals.WANTED and o.checked == 0
    assert all(_in_window(p) and p.seats == 0 for p in o.proposals)
    assert o.proposals[0].who == "No volunteer seats: the program's staff hold this hearing"


def test_times_are_the_program_s_own_zone_not_the_server_s(world, engine):
    from service.models import Program

    with Session(engine) as s:
        program = s.get(Program, world.njp["id"])
        program.timezone = "America/New_York"
        s.add(program)
        s.commit()
    for i in range(3):
        world.volunteer(f"Vol {i}")
    o = _options(engine, world, world.case()["id"])
    assert o.zone_words == "Eastern Time" and o.proposals
    for p in o.proposals:
        local = p.start.astimezone(ZoneInfo("America/New_York"))
        assert (local.hour, local.minute) in {(18, 0), (19, 30), (9, 0), (10, 30)}
        assert p.when.endswith(f"{local:%I:%M %p}".lstrip("0"))
        assert p.value == local.strftime("%Y-%m-%dT%H:%M")
