"""The admin's webhook pages: subscribe (the secret shown once), change, pause, the delivery log."""

from __future__ import annotations

from sqlmodel import Session, select
from web_support import csrf_of, page, sign_in

from service.db import utcnow
from service.models import AuditEvent, WebhookDelivery
from support import make_user, user_row


def test_subscribe_change_and_read_the_log(world, client, engine):
    client_email = make_user(engine, "viewer", [world.njp["id"]])
    user_id = user_row(engine, client_email).id
    sign_in(client, engine, "admin")
    html = page(client, "/admin/webhooks")
    assert "No webhooks yet" in html
    form = {"csrf_token": csrf_of(html), "name": "DA system", "user_id": str(user_id),
            "url": "not a url", "events": ["case.referred", "outcome.recorded"]}  # fmt: skip
    r = client.post("/admin/webhooks", data=form)
    # Refused in words, naming the value; what was typed and ticked is kept.
    assert r.status_code == 422 and "not a url is not an https://" in r.text
    assert 'value="DA system"' in r.text and 'value="outcome.recorded" checked' in r.text
    assert 'value="hearing.booked" checked' not in r.text
    r = client.post("/admin/webhooks", data=form | {"events": []})
    assert r.status_code == 422 and "tick at least one event" in r.text
    r = client.post("/admin/webhooks", data=form | {"url": "https://da.example.gov/hooks"})
    assert r.status_code == 200 and "whsec_" in r.text and r.headers["Cache-Control"] == "no-store"
    html = page(client, "/admin/webhooks")
    assert "whsec_" not in html and "DA system" in html and "Outcome recorded" in html
    sub_id = int(html.split('href="/admin/webhooks/')[1].split('"')[0])

    with Session(engine) as s:
        s.add(
            WebhookDelivery(
                subscription_id=sub_id,
                event_id="e1",
                event_type="case.referred",
                body="{}",
                status="failed",
                attempts=10,
                last_status_code=500,
                last_error="gave up after 10 attempts: answered 500: down",
            )
        )
        s.add(WebhookDelivery(subscription_id=sub_id, event_id="e2", event_type="outcome.recorded",
                              body="{}", status="delivered", attempts=1, last_status_code=200,
                              delivered_at=utcnow()))  # fmt: skip
        s.commit()
    html = page(client, f"/admin/webhooks/{sub_id}")
    assert "not delivered (gave up)" in html and "answered 500: down" in html
    assert (
        "Outcome recorded" in html and "delivered" in html and "<td>case.referred</td>" not in html
    )
    assert client_email in html

    # Pause it (the active box unticked), with a bad address first: refused, the form kept.
    save = {"csrf_token": csrf_of(html), "name": "DA system", "url": "ftp://da.example.gov",
            "events": ["case.referred"]}  # fmt: skip
    r = client.post(f"/admin/webhooks/{sub_id}", data=save)
    assert r.status_code == 422 and "ftp://da.example.gov is not" in r.text
    r = client.post(f"/admin/webhooks/{sub_id}", data=save | {"url": "https://da.example.gov/v2"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    html = page(client, f"/admin/webhooks/{sub_id}")
    assert "paused" in html and 'value="https://da.example.gov/v2"' in html
    assert 'value="outcome.recorded" checked' not in html

    # A new signing secret, shown once on a page no cache keeps, and audited.
    r = client.post(f"/admin/webhooks/{sub_id}/secret", data={"csrf_token": csrf_of(html)})
    assert r.status_code == 200 and "New signing secret" in r.text and "whsec_" in r.text
    assert r.headers["Cache-Control"] == "no-store"
    assert "whsec_" not in page(client, f"/admin/webhooks/{sub_id}")
    with Session(engine) as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "rotate_secret")).one()


def test_only_an_administrator_opens_the_webhook_pages(world, client, engine):
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    page(client, "/admin/webhooks", status=403)
