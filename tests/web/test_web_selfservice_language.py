"""The volunteer's pages in the volunteer's language (one catalog with the texts), the
invalid-link page in the browser's, and the coordinator's copy of the link."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlmodel import Session, select
from web_support import assert_accessible, csrf_of, published_panel, sign_in

from notifications import i18n
from service.models import AuditEvent, Message, Volunteer
from service.volunteers.links import self_service_token

TEMPLATES = Path(__file__).resolve().parents[2] / "service" / "web" / "templates"
VOLUNTEER_TEMPLATES = ("selfservice/me.html", "selfservice/invalid.html",
                       "volunteers/_availability.html", "base.html", "error.html")  # fmt: skip


@pytest.fixture
def panel(world, client, engine):
    built = published_panel(world, client, engine)
    client.cookies.clear()
    return built


def speaking(engine, volunteer, language: str) -> str:
    """Give the volunteer a preferred language; returns their page's path."""
    with Session(engine) as s:
        row = s.get(Volunteer, volunteer.id)
        row.preferred_language = language
        s.add(row)
        s.commit()
        return "/me/" + self_service_token(row)


def lang_attr(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


ENGLISH_WORDS = ("Your upcoming meetings", "Save availability", "Days you cannot sit",
                 "Wednesday", "Skip to content", "waiting for your answer", "First day")  # fmt: skip


def test_a_spanish_volunteers_page_is_all_in_spanish(panel, client, engine):
    path = speaking(engine, panel["volunteer"], "es")
    r = client.get(path)
    assert r.status_code == 200
    assert_accessible(r.text)
    assert lang_attr(r.text) == "es"
    text = visible_text(r.text)
    first = panel["volunteer"].full_name.split()[0]
    for words in (f"Hola, {first}", "Sus próximas reuniones", "esperando su respuesta",
                  "Sí, allí estaré", "Guardar disponibilidad", "miércoles", "sábado",
                  "Primer día", "Ir al contenido", "Panel comunitario"):  # fmt: skip
        assert words in text, words
    for words in ENGLISH_WORDS:
        assert words not in text, words
    # The meeting's date in Spanish words, read in the program's zone.
    assert re.search(r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d+ de", text)


def test_a_spanish_volunteer_saves_availability_and_reads_spanish_notice_and_errors(
    panel, client, engine
):
    path = speaking(engine, panel["volunteer"], "es-MX")
    csrf = csrf_of(client.get(path).text)
    r = client.post(
        f"{path}/availability",
        data={"csrf_token": csrf, "day": ["wed"], "start": ["19:00"], "end": ["18:00"]},
    )
    assert r.status_code == 422 and lang_attr(r.text) == "es"
    assert "el fin debe ser después del inicio" in r.text
    assert "Algunos horarios necesitan una corrección" in r.text
    assert "the end must be after the start" not in r.text
    assert_accessible(r.text)
    r = client.post(
        f"{path}/availability",
        data={
            "csrf_token": csrf,
            "day": ["wed", "wed"],
            "start": ["17:00", "18:00"],
            "end": ["20:00", "19:00"],
        },  # fmt: skip
    )
    assert "se superpone con la fila 1 (miércoles)" in r.text
    r = client.post(
        f"{path}/availability",
        data={"csrf_token": csrf, "day": ["wed"], "start": ["17:00"], "end": ["20:00"]},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "Su disponibilidad quedó guardada" in unquote(r.headers["location"])
    r = client.get(r.headers["location"])
    assert "Su disponibilidad quedó guardada. ¡Gracias!" in r.text and lang_attr(r.text) == "es"
    r = client.post(f"{path}/blackouts", data={"csrf_token": csrf, "start": "no es fecha"})
    assert r.status_code == 422 and "escriba el primer día" in r.text
    client.post(
        f"{path}/blackouts", data={"csrf_token": csrf, "start": "2030-07-01", "end": "2030-07-14"}
    )
    assert "del lun, 1 jul 2030 al dom, 14 jul 2030" in client.get(path).text


def test_a_spanish_volunteers_answer_and_an_expired_form_are_in_spanish(panel, client, engine):
    path = speaking(engine, panel["volunteer"], "es")
    csrf = csrf_of(client.get(path).text)
    r = client.post(f"{path}/seats/{panel['seat'].id}/accept", data={"csrf_token": csrf})
    assert "Gracias: su participación está confirmada." in r.text
    assert "confirmada" in visible_text(r.text)
    r = client.post(
        f"{path}/seats/999999/decline", data={"csrf_token": csrf}, headers={"accept": "text/html"}
    )
    assert r.status_code == 404 and lang_attr(r.text) == "es"
    assert "no se encontró ese puesto" in r.text and "No encontrado" in r.text
    r = client.post(
        f"{path}/availability", data={"csrf_token": "wrong"}, headers={"accept": "text/html"}
    )
    assert r.status_code == 403 and lang_attr(r.text) == "es"
    assert "la página caducó; abra su enlace de nuevo" in r.text and "No permitido" in r.text
    assert "Back to today" not in r.text


def test_an_english_volunteers_page_is_in_english(panel, client, engine):
    path = speaking(engine, panel["volunteer"], "en")
    r = client.get(path)
    assert lang_attr(r.text) == "en"
    text = visible_text(r.text)
    assert "Your upcoming meetings" in text and "Wednesday" in text
    assert "miércoles" not in text and "Guardar" not in text


def test_a_korean_volunteer_gets_the_whole_page_in_english(panel, client, engine):
    path = speaking(engine, panel["volunteer"], "ko")
    r = client.get(path)
    assert r.status_code == 200 and lang_attr(r.text) == "en"
    text = visible_text(r.text)
    assert "Your upcoming meetings" in text and "Wednesday" in text and "Community panel" in text
    assert "miércoles" not in text and "Sus próximas" not in text
    r = client.post(
        f"{path}/availability",
        data={"csrf_token": csrf_of(r.text), "day": ["thu"], "start": ["9"], "end": ["8"]},
    )
    assert "enter a start time like 18:00" in r.text and lang_attr(r.text) == "en"


def test_the_invalid_link_page_follows_the_browser(client):
    r = client.get("/me/zz.bad.token", headers={"accept-language": "es-ES,es;q=0.9,en;q=0.5"})
    assert r.status_code == 404 and lang_attr(r.text) == "es"
    assert "Este enlace no funciona" in r.text and "MENÚ" in r.text
    assert "does not work" not in r.text
    assert_accessible(r.text)
    r = client.get("/me/zz.bad.token")
    assert r.status_code == 404 and lang_attr(r.text) == "en"
    assert "This link does not work" in r.text and "MENU" in r.text
    r = client.get("/me/zz.bad.token", headers={"accept-language": "ko-KR, de;q=0.5"})
    assert lang_attr(r.text) == "en" and "This link does not work" in r.text


def test_every_phrase_on_the_volunteer_pages_has_a_spanish_translation():
    """No Spanish page shows an English phrase someone forgot to translate."""
    missing = []
    for name in VOLUNTEER_TEMPLATES:
        source = (TEMPLATES / name).read_text()
        for message in re.findall(r"""_\(\s*(?:"([^"]*)"|'([^']*)')""", source):
            text = message[0] or message[1]
            if not i18n.has("es", text):
                missing.append((name, text))
    assert missing == []


def test_roles_in_texts_and_pages_come_from_the_same_catalog():
    from service.messaging.wording import role_label

    assert role_label("case_manager", "es") == i18n.gettext("es", "case manager")
    assert role_label("facilitator", "es-MX") == "facilitador/a"
    assert role_label("facilitator", "ko") == "facilitator"


def test_the_coordinator_copies_the_link_and_it_is_audited(panel, client, engine, world):
    volunteer = panel["volunteer"]
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = client.get(f"/volunteers/{volunteer.id}").text
    assert "Show the link to copy" in html and 'id="self-link"' not in html
    r = client.post(f"/volunteers/{volunteer.id}/self-service/copy", data={"csrf_token": csrf})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert_accessible(r.text)
    link = re.search(r'<input id="self-link" readonly value="([^"]+)"', r.text).group(1)
    assert "/me/" in link and 'data-copy="self-link"' in r.text
    with Session(engine) as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "copy_link")).all()
        assert [(e.entity, e.entity_id) for e in events] == [("volunteer", str(volunteer.id))]
        assert s.exec(select(Message).where(Message.kind == "self_service_link")).all() == []
    client.cookies.clear()
    assert client.get("/me/" + link.split("/me/", 1)[1]).status_code == 200


def test_texting_the_link_is_audited(panel, client, engine, world):
    volunteer = panel["volunteer"]
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    client.post(f"/volunteers/{volunteer.id}/self-service/send", data={"csrf_token": csrf})
    with Session(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "text_link")).one()


def test_a_read_only_user_cannot_copy_the_link(panel, client, engine, world):
    csrf = sign_in(client, engine, "viewer", [world.njp["id"]])
    r = client.post(
        f"/volunteers/{panel['volunteer'].id}/self-service/copy",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 403 and "/me/" not in r.text


@pytest.mark.parametrize("how", ["no_consent", "replied_stop"])
def test_a_volunteer_who_opted_out_is_not_texted_and_the_coordinator_is_told_why(
    how, panel, client, engine, world
):
    from service.db import utcnow

    volunteer = panel["volunteer"]
    with Session(engine) as s:
        row = s.get(Volunteer, volunteer.id)
        if how == "no_consent":
            row.sms_consent = False
        else:
            row.sms_opted_out_at = utcnow()
        s.add(row)
        s.commit()
    csrf = sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = client.get(f"/volunteers/{volunteer.id}").text
    assert re.search(r"<button type=\"submit\" disabled[^>]*>Text the link", html)
    reason = "not agreed to receive texts" if how == "no_consent" else "opted out of texts"
    assert reason in html and "Show the link to copy" in html
    r = client.post(
        f"/volunteers/{volunteer.id}/self-service/send",
        data={"csrf_token": csrf},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert reason in unquote(r.headers["location"]) and "copy the link" in unquote(
        r.headers["location"]
    )
    with Session(engine) as s:
        assert s.exec(select(Message).where(Message.kind == "self_service_link")).all() == []
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "text_link")).all() == []


def test_a_coordinators_page_stays_english_whatever_language_it_is_about(client, engine):
    """The text template editor has its own `lang` (the text's); the page stays English."""
    sign_in(client, engine, "admin", [])
    r = client.get("/admin/templates", params={"name": "self_service_link", "lang": "es"})
    assert r.status_code == 200 and lang_attr(r.text) == "en"
    assert "Skip to content" in r.text and "Ir al contenido" not in r.text
