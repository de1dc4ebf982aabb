"""The volunteer's self-service page: signed, expiring, revocable links; answers change seats."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, published_panel, sign_in

from service.models import AvailabilityWindow, Blackout, Message, SeatAssignment, Volunteer
from service.volunteers.links import self_service_link, self_service_token, volunteer_for_token


@pytest.fixture
def panel(world, client, engine):
    """A published NJP panel; the client is signed out (the volunteer has no account)."""
    built = published_panel(world, client, engine)
    client.cookies.clear()
    return built


def path_of(volunteer) -> str:
    return "/me/" + self_service_token(volunteer)


def seat_status(engine, seat_id: int) -> str:
    with Session(engine) as s:
        return s.get(SeatAssignment, seat_id).status


def test_valid_link_shows_the_volunteers_page_without_case_details(panel, client):
    r = client.get(path_of(panel["volunteer"]))
    assert r.status_code == 200
    assert_accessible(r.text)
    first = panel["volunteer"].full_name.split()[0]
    assert f"Hello, {first}" in r.text and "waiting for your answer" in r.text
    assert "Yes, I will be there" in r.text and "Hollywood Regional Library" in r.text
    assert "Shoplifting" not in r.text and "Jordan" not in r.text and "CA-1" not in r.text
    assert r.headers["cache-control"] == "no-store"
    assert "Sign out" not in r.text  # no coordinator chrome


def test_self_service_link_is_a_full_url_that_opens_the_page(panel, client, engine):
    url = self_service_link(panel["volunteer"])
    assert url.startswith("http") and "/me/" in url
    assert client.get(urlsplit(url).path).status_code == 200


@pytest.mark.parametrize(
    "how", ["tampered", "other_purpose", "expired", "revoked", "inactive", "unknown"]
)
def test_bad_links_give_the_same_404_and_reveal_nothing(how, panel, client, engine):
    volunteer = panel["volunteer"]
    token = self_service_token(volunteer)
    if how == "tampered":
        ident, exp, mac = token.split(".")
        token = f"{ident}.{exp}.{'A' if mac[0] != 'A' else 'B'}{mac[1:]}"
    elif how == "other_purpose":
        from service.config import get_settings
        from service.security import short_sign

        token = short_sign(get_settings().secret_key, "ics", volunteer.id, 30)
    elif how == "expired":
        token = self_service_token(volunteer, now=time.time() - 31 * 86400)
    elif how == "revoked":
        csrf = sign_in(client, engine, "coordinator", [])
        r = client.post(
            f"/volunteers/{volunteer.id}/self-service/revoke", data={"csrf_token": csrf}
        )
        assert r.status_code == 200  # followed to the profile
        client.cookies.clear()
    elif how == "inactive":
        with Session(engine) as s:
            row = s.get(Volunteer, volunteer.id)
            row.active = False
            s.add(row)
            s.commit()
    elif how == "unknown":
        token = "zzzz." + token.split(".", 1)[1]
    r = client.get(f"/me/{token}")
    assert r.status_code == 404
    assert volunteer.full_name not in r.text and "Hollywood" not in r.text
    assert "This link does not work" in r.text
    reference = client.get("/me/not-a-token")
    assert reference.status_code == 404 and reference.text == r.text
    # and nothing can be done through it either
    r = client.post(f"/me/{token}/seats/{panel['seat'].id}/accept", data={"csrf_token": "x"})
    assert r.status_code == 404 and seat_status(engine, panel["seat"].id) == "invited"


def test_link_expires_after_thirty_days(panel, engine):
    volunteer = panel["volunteer"]
    token = self_service_token(volunteer)
    with Session(engine) as s:
        assert volunteer_for_token(s, token).id == volunteer.id
        assert volunteer_for_token(s, token, now=time.time() + 29 * 86400).id == volunteer.id
        with pytest.raises(Exception, match="not found"):
            volunteer_for_token(s, token, now=time.time() + 32 * 86400)


def test_accept_marks_the_seat_accepted_and_stops_the_reminder(panel, client, engine):
    path, seat = path_of(panel["volunteer"]), panel["seat"]
    csrf = csrf_of(client.get(path).text)
    r = client.post(
        f"{path}/seats/{seat.id}/accept", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].endswith("#assignments")
    assert seat_status(engine, seat.id) == "accepted"
    with Session(engine) as s:
        reminder = s.exec(
            select(Message).where(
                Message.seat_id == seat.id, Message.kind == "volunteer_invite_reminder"
            )
        ).one()
    assert reminder.status == "cancelled"
    assert "confirmed" in client.get(path).text


def test_decline_frees_the_seat_and_the_engine_invites_a_cover(panel, client, engine):
    path, seat = path_of(panel["volunteer"]), panel["seat"]

    def holding() -> set[int]:
        with Session(engine) as s:
            return {
                x.volunteer_id
                for x in s.exec(
                    select(SeatAssignment).where(
                        SeatAssignment.hearing_id == panel["hearing"]["id"],
                        SeatAssignment.status.in_(("invited", "accepted")),
                    )
                ).all()
            }

    before = holding()
    csrf = csrf_of(client.get(path).text)
    r = client.post(
        f"{path}/seats/{seat.id}/decline", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert r.status_code == 303
    assert seat_status(engine, seat.id) == "declined"
    after = holding()
    assert len(after) == 3 and seat.volunteer_id not in after
    (newcomer,) = after - before
    with Session(engine) as s:
        assert s.exec(
            select(Message).where(
                Message.kind == "volunteer_invite", Message.volunteer_id == newcomer
            )
        ).all()
    assert "declined" in client.get(path).text


def test_answers_need_the_pages_token_and_only_touch_own_seats(panel, client, engine):
    path, seat = path_of(panel["volunteer"]), panel["seat"]
    r = client.post(f"{path}/seats/{seat.id}/accept", data={})
    assert r.status_code == 403 and seat_status(engine, seat.id) == "invited"
    with Session(engine) as s:
        other = s.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == panel["hearing"]["id"],
                SeatAssignment.volunteer_id != seat.volunteer_id,
            )
        ).first()
    csrf = csrf_of(client.get(path).text)
    r = client.post(f"{path}/seats/{other.id}/decline", data={"csrf_token": csrf})
    assert r.status_code == 404 and seat_status(engine, other.id) == "invited"
    # a token from another volunteer's page does not work here
    with Session(engine) as s:
        someone = s.get(Volunteer, other.volunteer_id)
    their_csrf = csrf_of(client.get(path_of(someone)).text)
    r = client.post(f"{path}/seats/{seat.id}/accept", data={"csrf_token": their_csrf})
    assert r.status_code == 403 and seat_status(engine, seat.id) == "invited"


def test_volunteer_sets_availability_and_blackouts(panel, client, engine):
    path, vid = path_of(panel["volunteer"]), panel["volunteer"].id
    csrf = csrf_of(client.get(path).text)
    r = client.post(
        f"{path}/availability",
        data={"csrf_token": csrf, "day": ["thu"], "start": ["19:00"], "end": ["18:00"]},
    )
    assert r.status_code == 422 and "the end must be after the start" in r.text
    assert_accessible(r.text)
    r = client.post(
        f"{path}/availability",
        follow_redirects=False,
        data={"csrf_token": csrf, "day": ["thu"], "start": ["17:00"], "end": ["20:00"]},
    )
    assert r.status_code == 303
    with Session(engine) as s:
        rows = s.exec(
            select(AvailabilityWindow).where(AvailabilityWindow.volunteer_id == vid)
        ).all()
    assert [(w.day, w.start_time.hour, w.end_time.hour) for w in rows] == [("thu", 17, 20)]
    r = client.post(f"{path}/blackouts", data={"csrf_token": csrf, "start": "not a date"})
    assert r.status_code == 422 and "enter the first day" in r.text
    assert_accessible(r.text)
    r = client.post(
        f"{path}/blackouts",
        follow_redirects=False,
        data={"csrf_token": csrf, "start": "2030-07-01", "end": "2030-07-14"},
    )
    assert r.status_code == 303
    with Session(engine) as s:
        b = s.exec(select(Blackout).where(Blackout.volunteer_id == vid)).one()
    assert "Mon, Jul 1, 2030 to Sun, Jul 14, 2030" in client.get(path).text
    client.post(f"{path}/blackouts/{b.id}/delete", data={"csrf_token": csrf})
    with Session(engine) as s:
        assert s.exec(select(Blackout).where(Blackout.volunteer_id == vid)).all() == []


def test_calendar_link_is_issued_once_then_shown(panel, client, engine):
    path = path_of(panel["volunteer"])
    html = client.get(path).text
    assert "Get my calendar link" in html and "/calendar/" not in html
    client.post(f"{path}/calendar", data={"csrf_token": csrf_of(html)})
    with Session(engine) as s:
        token = s.get(Volunteer, panel["volunteer"].id).calendar_token
    assert token
    html = client.get(path).text
    assert f"/calendar/{token}.ics" in html
    client.post(f"{path}/calendar", data={"csrf_token": csrf_of(html)})
    with Session(engine) as s:
        assert s.get(Volunteer, panel["volunteer"].id).calendar_token == token  # kept, not rotated


def test_coordinator_texts_the_link_and_it_works(panel, client, engine, world):
    volunteer = panel["volunteer"]
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    r = client.post(
        f"/volunteers/{volunteer.id}/self-service/send",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "on%20its%20way" in r.headers["location"]
    with Session(engine) as s:
        msg = s.exec(select(Message).where(Message.kind == "self_service_link")).one()
    assert msg.template == "self_service_link" and msg.to_address == volunteer.mobile
    assert msg.audience == "volunteer" and msg.volunteer_id == volunteer.id
    link = msg.body.split("/me/", 1)[1].split()[0]
    client.cookies.clear()
    assert client.get(f"/me/{link}").status_code == 200


def test_no_link_is_texted_to_a_number_that_opted_out(panel, client, engine, world):
    from service.outbox import queue

    volunteer = panel["volunteer"]
    with Session(engine) as s:
        queue.opt_out(s, volunteer.mobile)
        s.commit()
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    r = client.post(
        f"/volunteers/{volunteer.id}/self-service/send",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert "opted%20out" in r.headers["location"]
    assert "copy%20the%20link" in r.headers["location"]
    with Session(engine) as s:
        # Nothing queued at all (not even a cancelled text flagged for the inbox).
        assert s.exec(select(Message).where(Message.kind == "self_service_link")).all() == []
