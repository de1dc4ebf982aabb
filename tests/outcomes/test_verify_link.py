"""The service site's signed link: shows pending hours, confirms them, and nothing else."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from outcome_support import agree, case_with_hearing, today_la

from service.config import get_settings
from service.outcomes.verify_link import PURPOSE
from service.security import short_sign


def _hours_obligation(ow):
    case, hearing = case_with_hearing(ow, days_ago=5)
    out = agree(ow, case, hearing, [{"kind": "community_service", "target": 6}, {"kind": "essay"}])
    oid = out["agreement"]["obligations"][0]["id"]
    day = today_la() - timedelta(days=1)
    ids = []
    for hours, d in ((2, day), (3, day - timedelta(days=1))):
        r = ow.client.post(
            f"/api/v1/obligations/{oid}/service-logs",
            json={"worked_on": d.isoformat(), "hours": hours, "site": "Library"},
            headers=ow.coordinator,
        )
        ids.append(r.json()["id"])
    return case, oid, ids, out["agreement"]["obligations"][1]["id"]


def _token(ow, oid):
    r = ow.client.post(f"/api/v1/obligations/{oid}/verify-link", json={}, headers=ow.coordinator)
    assert r.status_code == 201, r.text
    return r.json()["url"].rsplit("/verify/", 1)[1], r.json()


def test_valid_link_shows_pending_hours_without_case_details_and_confirms(ow):
    case, oid, ids, _ = _hours_obligation(ow)
    token, link = _token(ow, oid)
    assert link["expires_on"] == (datetime.now(UTC).date() + timedelta(days=14)).isoformat()
    page = ow.client.get(f"/verify/{token}")
    assert page.status_code == 200
    assert "Library" in page.text and "Neighborhood Justice Program" in page.text
    assert "CA-1" not in page.text and "Jordan" not in page.text
    r = ow.client.post(f"/verify/{token}", data={"verifier_name": "Pat Site", "log_ids": [ids[0]]})
    assert r.status_code == 200 and "1 entry" in r.text
    got = ow.client.get(f"/api/v1/obligations/{oid}", headers=ow.coordinator).json()
    assert (got["credited"], got["reported"]) == (2, 3)
    logs = ow.client.get(f"/api/v1/obligations/{oid}/service-logs", headers=ow.coordinator).json()
    assert logs[1]["verified_by"] == "Pat Site (site link)"
    # All remaining pending entries when none are ticked; then nothing is left to confirm.
    r = ow.client.post(f"/verify/{token}", data={"verifier_name": "Pat Site"})
    assert r.status_code == 200
    assert (
        ow.client.get(f"/api/v1/obligations/{oid}", headers=ow.coordinator).json()["credited"] == 5
    )
    r = ow.client.post(f"/verify/{token}", data={"verifier_name": "Pat Site", "log_ids": [ids[0]]})
    assert r.status_code == 422


def test_expired_tampered_and_wrong_purpose_links_are_refused(ow):
    _case, oid, ids, essay_id = _hours_obligation(ow)
    secret = get_settings().secret_key
    expired = short_sign(secret, PURPOSE, oid, 1, now=time.time() - 5 * 86400)
    token, _ = _token(ow, oid)
    head, mac = token.rsplit(".", 1)
    tampered = f"{head}.{'A' if mac[0] != 'A' else 'B'}{mac[1:]}"
    other_obligation = short_sign(secret, PURPOSE, oid + 1, 5)  # forged id: the MAC fails
    other_obligation = other_obligation.split(".")[0] + "." + token.split(".", 1)[1]
    wrong_purpose = short_sign(secret, "ics", oid, 5)
    not_hours = short_sign(secret, PURPOSE, essay_id, 5)
    for bad in (expired, tampered, other_obligation, wrong_purpose, not_hours, "garbage"):
        assert ow.client.get(f"/verify/{bad}").status_code == 404, bad
        r = ow.client.post(f"/verify/{bad}", data={"verifier_name": "Mallory"})
        assert r.status_code == 404, bad
    got = ow.client.get(f"/api/v1/obligations/{oid}", headers=ow.coordinator).json()
    assert got["credited"] == 0 and got["reported"] == 5


def test_link_only_for_hours_and_by_writers(ow):
    _case, oid, _ids, essay_id = _hours_obligation(ow)
    r = ow.client.post(
        f"/api/v1/obligations/{essay_id}/verify-link", json={}, headers=ow.coordinator
    )
    assert r.status_code == 422
    r = ow.client.post(f"/api/v1/obligations/{oid}/verify-link", json={}, headers=ow.viewer)
    assert r.status_code == 403
    r = ow.client.post(
        f"/api/v1/obligations/{oid}/verify-link", json={"ttl_days": 0}, headers=ow.coordinator
    )
    assert r.status_code == 422
