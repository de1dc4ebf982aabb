"""POST /webhooks/twilio/status: signed, forwards-only, behind a proxy."""

from __future__ import annotations

from outbox_rows import PUBLIC_BASE_URL, queue_texts, row, rows
from twilio.request_validator import RequestValidator

STATUS_PATH = "/webhooks/twilio/status"


def _sent(engine, fake, make_dispatcher, n: int = 1) -> list[tuple[int, str]]:
    ids = queue_texts(engine, n)
    assert make_dispatcher().run_once().sent == n
    return [(m.id, m.provider_id) for m in rows(engine, ids)]


def test_a_signed_callback_records_delivery(client, engine, fake, make_dispatcher):
    [(mid, sid)] = _sent(engine, fake, make_dispatcher)
    # Twilio calls the public URL; the app, behind the proxy, sees http://testserver/...
    assert fake.status_callbacks[sid] == PUBLIC_BASE_URL + STATUS_PATH
    r = fake.post_status(client, sid, "delivered")
    assert r.status_code == 204 and r.content == b""
    m = row(engine, mid)
    assert m.status == "delivered" and m.delivered_at is not None and not m.needs_attention


def test_delivered_is_never_overwritten_by_a_late_or_repeated_callback(
    client, engine, fake, make_dispatcher
):
    [(mid, sid)] = _sent(engine, fake, make_dispatcher)
    assert fake.post_status(client, sid, "delivered").status_code == 204
    delivered_at = row(engine, mid).delivered_at
    for late in ("sent", "queued", "sending", "delivered", "undelivered", "failed"):
        assert fake.post_status(client, sid, late, "30003").status_code == 204
    m = row(engine, mid)
    assert (m.status, m.delivered_at, m.error_code, m.needs_attention) == (
        "delivered", delivered_at, None, False
    )  # fmt: skip


def test_undelivered_and_failed_reach_the_coordinator_and_stay(
    client, engine, fake, make_dispatcher
):
    [(undelivered, sid1), (failed, sid2)] = _sent(engine, fake, make_dispatcher, 2)
    fake.post_status(client, sid1, "undelivered", "30003")
    fake.post_status(client, sid2, "failed", "30006")
    fake.post_status(client, sid1, "delivered")  # out of order: a final failure stays
    fake.post_status(client, sid2, "sent")
    m = row(engine, undelivered)
    assert (m.status, m.error_code, m.needs_attention) == ("undelivered", "30003", True)
    assert "unreachable" in m.error_message
    m = row(engine, failed)
    assert (m.status, m.error_code, m.needs_attention) == ("failed", "30006", True)
    assert "landline" in m.error_message


def test_missing_or_wrong_signatures_are_refused(client, engine, fake, make_dispatcher):
    [(mid, sid)] = _sent(engine, fake, make_dispatcher)
    url, form, headers = fake.signed_callback(sid, "delivered")
    r = client.post(STATUS_PATH, data=form)
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    r = client.post(STATUS_PATH, data=form, headers={"X-Twilio-Signature": "bm90IGl0"})
    assert r.status_code == 403
    tampered = form | {"MessageStatus": "failed"}
    assert client.post(STATUS_PATH, data=tampered, headers=headers).status_code == 403
    other_token = RequestValidator("another-account-token").compute_signature(url, form)
    r = client.post(STATUS_PATH, data=form, headers={"X-Twilio-Signature": other_token})
    assert r.status_code == 403
    # Signed for the address the app sees instead of the public one: not what Twilio signs.
    inside = RequestValidator(fake_token()).compute_signature(
        "http://testserver" + STATUS_PATH, form
    )
    r = client.post(STATUS_PATH, data=form, headers={"X-Twilio-Signature": inside})
    assert r.status_code == 403
    assert row(engine, mid).status == "sent"  # nothing changed
    assert client.post(STATUS_PATH, data=form, headers=headers).status_code == 204
    assert row(engine, mid).status == "delivered"


def test_the_query_string_is_part_of_the_signed_url(client, engine, fake, make_dispatcher):
    [(mid, sid)] = _sent(engine, fake, make_dispatcher)
    url, form, headers = fake.signed_callback(
        sid, "delivered", url=PUBLIC_BASE_URL + STATUS_PATH + "?program=njp&v=2"
    )
    assert (
        client.post(STATUS_PATH + "?program=njp&v=3", data=form, headers=headers).status_code == 403
    )
    assert (
        client.post(STATUS_PATH + "?program=njp&v=2", data=form, headers=headers).status_code == 204
    )
    assert row(engine, mid).status == "delivered"


def test_an_unknown_message_sid_is_acknowledged_and_changes_nothing(
    client, engine, fake, make_dispatcher
):
    [(mid, _sid)] = _sent(engine, fake, make_dispatcher)
    before = [(m.id, m.status, m.error_code) for m in rows(engine)]
    url, form, headers = fake.signed_callback(
        "SM" + "f" * 32, "failed", "30005", url=PUBLIC_BASE_URL + STATUS_PATH
    )
    assert client.post(STATUS_PATH, data=form, headers=headers).status_code == 204
    assert [(m.id, m.status, m.error_code) for m in rows(engine)] == before


def fake_token() -> str:
    from twilio_fake import AUTH_TOKEN

    return AUTH_TOKEN
