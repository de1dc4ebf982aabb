"""Development shows what texts and emails say: the Outbox page and the console in the terminal."""

from __future__ import annotations

import logging
import logging.config

from web.web_support import page, published_panel, web_login

from notifications.sms import ConsoleSmsSender
from service.logredact import uvicorn_log_config
from support import make_user


def test_outbox_lists_the_texts_of_a_publish_with_their_readers(client, world, engine):
    panel = published_panel(world, client, engine)
    web_login(client, make_user(engine, "coordinator", [world.njp["id"]]), "/today")
    html = page(client, "/dev/outbox")
    assert 'href="/dev/outbox"' in html  # in the menu, in development
    invited = panel["volunteer"]
    row = html[html.index(invited.full_name) :][:1500]
    assert "waiting to be sent" in row or "sent" in row
    # the participant's notice of the hearing, in the language she chose
    notice = html[html.index("Jordan Lee") :][:1500]
    assert "Spanish" in notice
    # phone numbers as people write them, not E.164
    assert "(323) 555-01" in html and "+1323555" not in html


def test_another_programs_texts_stay_out_of_the_outbox(client, world, engine):
    panel = published_panel(world, client, engine)
    web_login(client, make_user(engine, "coordinator", [world.drp["id"]]), "/today")
    html = page(client, "/dev/outbox")
    assert "Jordan Lee" not in html and panel["volunteer"].full_name not in html


def test_no_outbox_page_in_production(client, world, engine, monkeypatch):
    from service.config import get_settings

    web_login(client, make_user(engine, "coordinator", [world.njp["id"]]), "/today")
    monkeypatch.setenv("CONVENE_ENV", "production")
    monkeypatch.setenv("CONVENE_SECRET_KEY", "a-production-secret-of-enough-length-0123456789")
    get_settings.cache_clear()
    r = client.get("/dev/outbox", follow_redirects=False)
    assert r.status_code == 404
    assert 'href="/dev/outbox"' not in client.get("/today").text


def test_convene_serve_prints_console_texts_in_development(capsys):
    logging.config.dictConfig(uvicorn_log_config())
    try:
        ConsoleSmsSender(show_bodies=True).send("+13235550142", "Hola Rosa: su reunión es el jue.")
        out = capsys.readouterr().out
        assert "SMS to +13235550142" in out and "Hola Rosa: su reunión es el jue." in out
    finally:
        logging.getLogger("convene").handlers.clear()
        logging.getLogger("convene").propagate = True
