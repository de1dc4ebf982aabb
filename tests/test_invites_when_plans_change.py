"""Issue 16, invites and feeds: a swap publishes (with a CANCEL to the volunteer swapped out),
a venue's new address reaches every seated volunteer's calendar, and the personal feed's
validators and PARTSTAT follow what it shows. Mail through aiosmtpd; every calendar is read by
`icalendar` and by `ical`."""

from __future__ import annotations

from email.utils import format_datetime, parsedate_to_datetime

from sqlmodel import Session, select
from test_calendar_service import calendar_env, calendar_of, deliver, mailbox, parse_both, smtp
from test_sms_flows import BASE, text_in

from service.models import Message
from support import horizon, next_local

__all__ = ["calendar_env", "smtp"]  # fixtures, used by name

TUE = 1


def _vols(world, n: int) -> list[dict]:
    return [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(n)
    ]


def _matching(client, world, path: str = "", **body):
    base = f"/api/v1/programs/{world.njp['id']}/matching-runs"
    return client.post(base + path, json=body or None, headers=world.coordinator)


def test_a_swap_of_a_seated_volunteer_publishes_and_cancels_their_invite(
    world, client, engine, smtp
):
    vols = _vols(world, 6)
    by_id = {v["id"]: v for v in vols}
    h = world.hearing(world.case()["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    seated = vols[0]
    r = client.post(
        f"/api/v1/hearings/{h['id']}/seats",
        json={"volunteer_id": seated["id"], "role": "panelist"},
        headers=world.coordinator,
    )
    assert r.status_code == 201, r.text
    deliver(engine, smtp)
    assert [m[0] for m in mailbox(smtp, seated["email"])] == ["REQUEST"]

    run = _matching(client, world, **horizon(h["start"])).json()
    panelists = [s for s in run["hearings"][0]["seats"] if s["role"] == "panelist"]
    assert seated["id"] in {s["volunteer_id"] for s in panelists}
    other = next(s["volunteer_id"] for s in panelists if s["volunteer_id"] != seated["id"])
    on_panel = {s["volunteer_id"] for s in run["hearings"][0]["seats"]}
    cands = client.get(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/candidates",
        params={"hearing_id": h["id"], "role": "panelist"},
        headers=world.viewer,
    ).json()
    pick = next(c["volunteer_id"] for c in cands if c["volunteer_id"] not in on_panel)
    r = _matching(
        client,
        world,
        f"/{run['id']}/swap",
        hearing_id=h["id"],
        role="panelist",
        volunteer_id=pick,
        replaces=seated["id"],
    )
    assert r.status_code == 200, r.text

    r = _matching(client, world, f"/{run['id']}/publish")
    assert r.status_code == 200, r.text
    seats = client.get(f"/api/v1/hearings/{h['id']}", headers=world.viewer).json()["seats"]
    status = {s["volunteer_id"]: s["status"] for s in seats}
    assert status[seated["id"]] == "replaced"
    assert status[other] == status[pick] == "invited"
    deliver(engine, smtp)
    box = mailbox(smtp, seated["email"])
    assert [m[0] for m in box] == ["REQUEST", "CANCEL"]
    assert box[0][2] == box[1][2] and box[1][1] > box[0][1]  # same UID, higher SEQUENCE
    for newcomer in (by_id[other], by_id[pick]):
        assert [m[0] for m in mailbox(smtp, newcomer["email"])] == ["REQUEST"]
