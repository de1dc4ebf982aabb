"""For operators: /metrics, request ids, JSON log lines and `convene backup`."""

from __future__ import annotations

import json
import logging
import logging.config
import sqlite3

import pytest
from prometheus_client.parser import text_string_to_metric_families

from service import cli, requestid
from service.logredact import uvicorn_log_config
from service.metrics import route_template
from support import next_local


def _families(text: str) -> dict:
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_metrics_count_requests_by_route_and_read_the_outbox(client, world):
    case = world.case("MET-1")
    world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))  # texts the participant
    for _ in range(3):
        assert client.get(f"/api/v1/cases/{case['id']}", headers=world.coordinator).is_success
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    families = _families(r.text)
    counted = [
        s
        for s in families["convene_http_request_duration_seconds"].samples
        if s.name.endswith("_count")
        and s.labels["route"] == "/api/v1/cases/{case_id}"
        and s.labels["status"] == "200"
    ]
    assert counted and counted[0].value >= 3  # by the route's template, never its ids
    assert all("MET-1" not in s.labels.get("route", "") for s in counted)
    queued = {s.labels["status"]: s.value for s in families["convene_outbox_messages"].samples}
    assert queued.get("queued", 0) >= 1  # the participant's notice of the hearing waits
    assert families["convene_outbox_oldest_queued_age_seconds"].samples[0].value >= 0
    assert "convene_matching_runs" in families


def test_metrics_ask_for_the_token_when_one_is_set(client, engine, monkeypatch):
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_METRICS_TOKEN", "scrape-token-0123456789")
    get_settings.cache_clear()
    assert client.get("/metrics").status_code == 401
    r = client.get("/metrics", headers={"Authorization": "Bearer scrape-token-0123456789"})
    assert r.status_code == 200 and "convene_outbox_messages" in r.text


def test_every_answer_carries_a_request_id(client, engine):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]
    kept = client.get("/healthz", headers={"X-Request-ID": "prosecutor-case-sys-42"})
    assert kept.headers["x-request-id"] == "prosecutor-case-sys-42"
    odd = client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert odd.headers["x-request-id"] != "<script>"


def test_json_log_lines_carry_the_request_id(capsys, monkeypatch):
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_LOG_FORMAT", "json")
    get_settings.cache_clear()
    logging.config.dictConfig(uvicorn_log_config())
    token = requestid.current.set("req-0123456789")
    try:
        logging.getLogger("convene.outbox").info("sent %d of %d", 3, 4)
        line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    finally:
        requestid.current.reset(token)
        logging.getLogger("convene").handlers.clear()
        logging.getLogger("convene").propagate = True
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "sent 3 of 4" and line["level"] == "info"


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_backup_copies_a_consistent_database_that_reads_back(
    world, engine, tmp_path, monkeypatch, capsys
):
    world.case("BACKUP-1")
    monkeypatch.setenv("CONVENE_DATABASE_URL", str(engine.url))
    from service.config import get_settings

    get_settings.cache_clear()
    target = tmp_path / "backups" / "convene-2026-12-02.db"
    assert cli.main(["backup", str(target)]) == 0
    assert "backed up" in capsys.readouterr().out
    with sqlite3.connect(target) as restored:  # a restore is this file put in place
        refs = [r[0] for r in restored.execute("SELECT external_ref FROM case_record")]
    assert "BACKUP-1" in refs
    assert cli.main(["backup", str(target)]) == 2  # never overwrites a backup
    assert "exists already" in capsys.readouterr().err


def test_backup_of_postgresql_points_to_pg_dump(monkeypatch, capsys, tmp_path):
    from service.config import get_settings

    monkeypatch.setenv("CONVENE_DATABASE_URL", "postgresql+psycopg://u:p@localhost/convene")
    get_settings.cache_clear()
    assert cli.main(["backup", str(tmp_path / "x.db")]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_route_labels_never_carry_ids_or_link_tokens():
    from starlette.routing import Route

    route = Route("/calendar/{token}.ics", lambda r: None)
    scope = {
        "route": route,
        "path": "/calendar/s3cr3t-t0ken.ics",
        "path_params": {"token": "s3cr3t-t0ken"},
    }
    assert route_template(scope) == "/calendar/{token}.ics"
    scope = {"route": route, "path": "/api/v1/cases/1", "path_params": {"case_id": 1}}
    assert route_template(scope) == "/api/v1/cases/{case_id}"  # "v1" is not case 1
    assert route_template({"path": "/nowhere"}) == "unmatched"


def test_metrics_count_webhook_deliveries_and_the_oldest_waiting(client, engine):
    from datetime import timedelta

    from sqlmodel import Session

    from service.db import utcnow
    from service.models import WebhookDelivery, WebhookSubscription
    from support import make_user, user_row

    user_id = user_row(engine, make_user(engine, "viewer", [])).id
    with Session(engine) as s:
        sub = WebhookSubscription(user_id=user_id, name="DA", url="https://da.example/h",
                                  events=["case.referred"], secret="whsec_x")  # fmt: skip
        s.add(sub)
        s.flush()
        for n, status in enumerate(["queued", "queued", "failed", "delivered"]):
            s.add(WebhookDelivery(subscription_id=sub.id, event_id=f"e{n}", status=status,
                                  event_type="case.referred", body="{}",
                                  created_at=utcnow() - timedelta(minutes=10 * (n + 1))))  # fmt: skip
        s.commit()
    families = _families(client.get("/metrics").text)
    by_status = {
        s.labels["status"]: s.value for s in families["convene_webhook_deliveries"].samples
    }
    assert by_status == {"queued": 2, "failed": 1, "delivered": 1}
    age = families["convene_webhook_oldest_queued_age_seconds"].samples[0].value
    assert 20 * 60 <= age < 21 * 60  # the older of the two queued, ten minutes apart
