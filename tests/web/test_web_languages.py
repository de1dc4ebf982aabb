"""Nobody is silently texted in English: a person or volunteer whose language has no texts waits
for a coordinator's recorded choice (Today and their page say so), and only then gets texts."""

from __future__ import annotations

import shutil
from urllib.parse import unquote

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, page, sign_in

from notifications.i18n import CATALOG_DIR
from service.messaging.languages import sms_languages
from service.models import AuditEvent, Message, SeatAssignment
from support import horizon, next_local

TUE = 1
KOREAN = "323-555-0177"
SAID = "Jin-woo Park reads Korean; Convene has no Korean texts: call, or choose to text in English"


def _korean_case(world) -> dict:
    return world.case(
        "CA-KO",
        parties=[
            {
                "role": "participant",
                "person": {
                    "full_name": "Jin-woo Park",
                    "mobile": KOREAN,
                    "language": "ko",
                    "sms_consent": True,
                },
            }
        ],
    )


def _texts_to(engine, phone: str) -> list[Message]:
    with Session(engine) as s:
        return list(s.exec(select(Message).where(Message.to_address == phone)).all())


def test_the_languages_convene_texts_are_those_with_a_complete_catalog(tmp_path):
    assert sms_languages() == {"en", "es"}
    spanish = (CATALOG_DIR / "es.po").read_text("utf-8").replace("Language: es", "Language: ko")
    assert 'msgstr "Cuándo"' in spanish
    # Korean lacking one message, or none.
    for n, text in enumerate((spanish.replace('msgstr "Cuándo"', 'msgstr ""'), spanish)):
        folder = tmp_path / str(n)
        folder.mkdir()
        shutil.copy(CATALOG_DIR / "messages.pot", folder)
        (folder / "ko.po").write_text(text, "utf-8")
    assert sms_languages(tmp_path / "0") == {"en"}
    assert sms_languages(tmp_path / "1") == {"en", "ko"}


def test_a_korean_speaker_is_not_texted_until_a_coordinator_chooses_english(world, client, engine):
    case = _korean_case(world)
    assert case["parties"][0]["person"]["texts_in"] is None
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    assert _texts_to(engine, "+13235550177") == []  # no hearing notice, no reminders

    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    today = page(client, "/today")
    assert SAID in today and f'href="/cases/{case["id"]}#parties"' in today
    html = page(client, f"/cases/{case['id']}")
    assert_accessible(html)
    assert SAID in html and "Text in English</button>" in html
    party = case["parties"][0]["id"]

    r = client.post(
        f"/cases/{case['id']}/parties/{party}/texts-in-english",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "texted in English" in unquote(r.headers["location"])
    with Session(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "texts_in_english")).one()
        assert event.entity == "person" and "reads Korean" in event.detail
    html = page(client, f"/cases/{case['id']}")
    assert "Texted in English (chosen by a coordinator; reads Korean)" in html
    assert "Text in English</button>" not in html
    assert SAID not in page(client, "/today")
    api = client.get(f"/api/v1/cases/{case['id']}", headers=world.viewer).json()
    assert api["parties"][0]["person"]["texts_in"] == "en"

    r = client.patch(
        f"/api/v1/hearings/{hearing['id']}",
        json={"start": next_local(TUE, 19, 0, weeks_ahead=3)},
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text
    moved = [m for m in _texts_to(engine, "+13235550177") if m.kind == "participant_hearing_moved"]
    assert len(moved) == 1 and moved[0].language == "en" and moved[0].status == "queued"

    again = client.post(
        f"/cases/{case['id']}/parties/{party}/texts-in-english",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert again.status_code == 303 and "already texted in English" in unquote(
        again.headers["location"]
    )


def test_the_choice_needs_a_writer_and_a_party_of_that_case(world, client, engine):
    case = _korean_case(world)
    other = world.case("CA-OTHER")
    party = case["parties"][0]["id"]
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    r = client.post(
        f"/cases/{other['id']}/parties/{party}/texts-in-english",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 404
    r = client.post(f"/cases/{case['id']}/parties/{party}/texts-in-english", follow_redirects=False)
    assert r.status_code == 403  # no CSRF token
    with Session(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "texts_in_english")).all() == []


@pytest.fixture
def armenian_panel(world, client):
    """A panel of three with two volunteers who read English and one who reads Armenian."""
    vols = [
        world.volunteer(f"Vol{i} Tester", mobile=f"323-555-01{i:02d}", email=f"vol{i}@example.org")
        for i in range(2)
    ]
    anoush = world.volunteer(
        "Anoush Sarkissian", mobile="323-555-0188", preferred_language="hy", languages=["hy", "en"]
    )
    case = world.case()
    hearing = world.hearing(case["id"], next_local(TUE, 18, 30, weeks_ahead=2))
    return {"vols": vols, "anoush": anoush, "hearing": hearing}


def _publish(world, client, hearing) -> None:
    run = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs",
        json=horizon(hearing["start"]),
        headers=world.coordinator,
    ).json()
    r = client.post(
        f"/api/v1/programs/{world.njp['id']}/matching-runs/{run['id']}/publish",
        headers=world.coordinator,
    )
    assert r.status_code == 200, r.text


def test_a_volunteer_reading_armenian_is_not_invited_by_text_until_chosen(
    world, client, engine, armenian_panel
):
    anoush = armenian_panel["anoush"]
    assert anoush["texts_in"] is None
    _publish(world, client, armenian_panel["hearing"])
    assert _texts_to(engine, "+13235550188") == []
    with Session(engine) as s:
        seats = s.exec(select(SeatAssignment).where(SeatAssignment.volunteer_id == anoush["id"]))
        assert seats.all() == []

    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/volunteers/{anoush['id']}")
    assert_accessible(html)
    assert "Anoush Sarkissian reads Armenian; Convene has no Armenian texts" in html
    r = client.post(
        f"/volunteers/{anoush['id']}/texts-in-english",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    html = page(client, f"/volunteers/{anoush['id']}")
    assert "Texted in English (chosen by a coordinator; reads Armenian)" in html
    with Session(engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "texts_in_english")).one()
        assert event.entity == "volunteer" and event.entity_id == str(anoush["id"])
    api = client.get(f"/api/v1/volunteers/{anoush['id']}", headers=world.viewer).json()
    assert api["texts_in"] == "en" and api["texts_in_english_ok_at"]

    _publish(world, client, armenian_panel["hearing"])  # the empty seat, proposed again
    invites = [m for m in _texts_to(engine, "+13235550188") if m.kind == "volunteer_invite"]
    assert len(invites) == 1 and invites[0].language == "en"
    assert "Reply Y to accept or N to decline" in invites[0].body


def test_the_intake_form_offers_the_languages_programs_serve(world, client, engine):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, "/cases/new")
    for name in ("Spanish", "Korean", "Armenian", "Chinese", "Vietnamese", "Tagalog", "Russian"):
        assert f">{name}</option>" in html, name
    assert "Convene texts only in English and Spanish for now" in html
