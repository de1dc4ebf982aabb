"""An opt-out belongs to the number it came from: a corrected number starts without it."""

from __future__ import annotations

from sqlmodel import Session, select
from test_sms_flows import text_in, twilio_env  # noqa: F401  (the signed webhook's settings)

from service.models import SmsSuppression, Volunteer


def _volunteer(engine, volunteer_id: int) -> Volunteer:
    with Session(engine) as s:
        return s.get(Volunteer, volunteer_id)


def _listed(engine, phone: str) -> bool:
    with Session(engine) as s:
        return (
            s.exec(select(SmsSuppression).where(SmsSuppression.phone == phone)).first() is not None
        )


def test_a_wrong_number_opts_out_and_the_corrected_number_is_texted(world, client, engine):
    vol = world.volunteer("Karla Ruiz", mobile="323-555-0142")
    old = _volunteer(engine, vol["id"]).mobile
    text_in(client, old, "Wrong number, no conozco a ninguna Karla")
    assert _volunteer(engine, vol["id"]).sms_opted_out_at is not None
    assert _listed(engine, old)

    r = client.patch(
        f"/api/v1/volunteers/{vol['id']}",
        json={"mobile": "323-555-0177"},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    assert r.json()["sms_opted_out_at"] is None
    assert _volunteer(engine, vol["id"]).sms_opted_out_at is None
    assert _listed(engine, old)  # the stranger who holds the old number stays left alone


def test_a_new_number_that_itself_said_stop_stays_opted_out(world, client, engine):
    vol = world.volunteer("Luis Ortega", mobile="323-555-0150")
    text_in(client, _volunteer(engine, vol["id"]).mobile, "STOP")
    text_in(client, "+13235550151", "STOP")  # the new phone's number once asked us to stop
    r = client.patch(
        f"/api/v1/volunteers/{vol['id']}",
        json={"mobile": "323-555-0151"},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    assert _volunteer(engine, vol["id"]).sms_opted_out_at is not None


def test_a_participants_corrected_number_starts_without_the_opt_out(world, client, engine):
    case = world.case("NUM-1")
    person = next(p["person"] for p in case["parties"] if p["role"] == "participant")
    text_in(client, person["mobile"], "stop texting me, wrong person")
    r = client.patch(
        f"/api/v1/persons/{person['id']}",
        json={"mobile": "323-555-0188"},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    assert r.json()["sms_opted_out_at"] is None
    assert _listed(engine, person["mobile"])
