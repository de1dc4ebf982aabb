"""Every route, every role, someone else's ids: program A's callers never reach program B's records.

The walk enumerates the app's routes itself (so a new route cannot escape it), fills each path
with ids of program B, and calls it anonymously, as a viewer and a coordinator of program A, as
B's coordinator and as an administrator. B's coordinator (and the administrator) must read what
A's callers are refused, which proves the ids were B's real records. Which routes are shared
between programs, and why, is written down in access_routes.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from access_routes import SKIPPED, Spec, specs
from access_world import B_MARKERS, NOTE_MARKER, AccessWorld, build
from sqlmodel import Session, select

from service.models import AuditEvent

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
PROGRAM_A_SIDE = ("anonymous", "viewer_a", "coordinator_a")


def app_routes(app) -> set[tuple[str, str]]:
    """(method, path) of every route the app serves, HEAD aside; mounts count as GET."""
    try:
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:  # FastAPI before included routers were kept lazily
        routes = list(app.routes)
    out = set()
    for route in routes:
        for method in (getattr(route, "methods", None) or {"GET"}) - {"HEAD"}:
            out.add((method, route.path))
    return out


def _fill(path: str, ids: dict[str, int]) -> str:
    # Words in a path: the unlock action; Today's list of replies (its items are program B's).
    words = {"action": "unlock", "key": "replies"}
    return re.sub(r"\{(\w+)\}", lambda m: words.get(m[1]) or str(ids[m[1]]), path)


def _expected(spec: Spec, method: str, role: str, page: bool) -> set[int] | str | None:
    """The statuses allowed for this caller; 'login' for the sign-in redirect; None: not sent."""
    write = method in WRITE
    if role == "anonymous":
        return "login" if page else {401}
    if spec.kind == "admin":
        return None if role == "admin" and write else ({200} if role == "admin" else {403})
    if write and role == "viewer_a":
        return {403}
    if spec.kind == "confidential":
        if role in ("viewer_a", "coordinator_a"):
            return {403, 404}
        return {403} if role == "admin" else {200}
    if spec.kind == "b":
        if role in ("viewer_a", "coordinator_a"):
            return {403, 404, 422} if spec.refusal_text else {403, 404}
        return None if write else {200}
    if spec.kind == "writer_form" and role == "viewer_a":
        return {403}
    return None if write else {200}


def _call(client, aw: AccessWorld, method: str, path: str, spec: Spec, role: str):
    page = not path.startswith("/api/")
    kwargs = {"params": spec.params, "headers": aw.callers[role].headers(page=page)}
    if spec.json is not None:
        kwargs["json"] = spec.json
    elif spec.data is not None:
        kwargs["data"] = spec.data
    return client.request(method, _fill(path, aw.ids), follow_redirects=False, **kwargs)


def _problems(spec: Spec, method: str, path: str, role: str, r) -> list[str]:
    page = not path.startswith("/api/")
    expected = _expected(spec, method, role, page)
    where = f"{role:14} {method:6} {path} -> {r.status_code}"
    problems = []
    if expected == "login":
        if r.status_code != 303 or not r.headers.get("location", "").startswith("/login"):
            problems.append(f"{where}: expected a redirect to /login")
    elif r.status_code not in expected:
        problems.append(f"{where}: expected {sorted(expected)} {r.text[:160]}")
    if r.status_code == 422 and spec.refusal_text and spec.refusal_text not in r.text:
        problems.append(f"{where}: 422 without the refusal (the form was wrong, not refused)")
    if role == "admin" and NOTE_MARKER in r.text:
        problems.append(f"{where}: a confidential note reached an administrator")
    if role in PROGRAM_A_SIDE:
        leaked = [m for m in B_MARKERS if m in r.text]
        if leaked:
            problems.append(f"{where}: program B's data in the answer: {leaked}")
    return problems


def test_the_walk_covers_every_route_of_the_app(app):
    walked = set(specs(defaultdict(lambda: 1), {}))
    served = app_routes(app)
    assert set(SKIPPED) <= served, f"skipped routes that no longer exist: {set(SKIPPED) - served}"
    assert served - set(SKIPPED) - walked == set(), "routes nobody checks: classify them"
    assert walked - served == set(), "classified routes the app does not serve"


@pytest.fixture
def aw(client, engine, admin) -> AccessWorld:
    """Programs A and B with records of every kind, and their callers."""
    return build(client, engine, admin)


def _refused_since(engine, last_id: int) -> list[AuditEvent]:
    with Session(engine) as s:
        return list(
            s.exec(
                select(AuditEvent)
                .where(AuditEvent.outcome == "refused", AuditEvent.id > last_id)
                .order_by(AuditEvent.id)
            ).all()
        )


def _audit_problems(spec: Spec, method: str, path: str, role: str, r, events) -> list[str]:
    """A refused access wrote exactly one audit event saying so; an allowed one wrote none."""
    where = f"{method} {path} -> {r.status_code}"
    refused = role != "anonymous" and (
        r.status_code in (403, 404) or (r.status_code == 422 and spec.refusal_text)
    )
    if not refused:
        return [f"{role:14} {where}: allowed, yet audited as refused"] if events else []
    if len(events) != 1 or not events[0].detail.startswith(where):
        return [f"{role:14} {where}: refused, audit events {[e.detail for e in events]}"]
    return []


def test_every_route_with_every_role_and_someone_elses_ids(client, aw, engine):
    """...and every refused access (any 403 or 404 to a signed-in caller, a form's refusal)
    wrote an audit event with outcome "refused" (#18)."""
    table = specs(aw.ids, aw.extra["horizon"])
    problems, sent, audited = [], 0, 0
    last = max([0] + [e.id for e in _refused_since(engine, 0)])
    for (method, path), spec in sorted(table.items()):
        for role in aw.callers:
            if _expected(spec, method, role, not path.startswith("/api/")) is None:
                continue
            r = _call(client, aw, method, path, spec, role)
            sent += 1
            problems += _problems(spec, method, path, role, r)
            events = _refused_since(engine, last)
            problems += _audit_problems(spec, method, _fill(path, aw.ids), role, r, events)
            if events:
                audited, last = audited + 1, events[-1].id
    assert not problems, f"{len(problems)} of {sent} calls wrong:\n" + "\n".join(problems)
    assert sent >= 5 * 100  # about 150 routes; writes only by those who must be refused
    assert audited >= 2 * 100  # A's viewer and coordinator are refused B's records everywhere


def test_admins_find_refused_accesses_in_the_audit_search(client, aw):
    b = aw.ids
    coord_a = aw.callers["coordinator_a"]
    r = client.get(f"/api/v1/cases/{b['case_id']}", headers=coord_a.headers(page=False))
    assert r.status_code == 404
    r = client.get(
        f"/api/v1/cases/{b['case_id']}/notes", headers=aw.callers["admin"].headers(page=False)
    )
    assert r.status_code == 403
    found = client.get(
        "/api/v1/audit-events",
        params={"outcome": "refused", "limit": 10},
        headers=aw.callers["admin"].headers(page=False),
    ).json()["items"]
    details = [e["detail"] for e in found]
    assert details[0].startswith(f"GET /api/v1/cases/{b['case_id']}/notes -> 403: only the")
    assert details[1] == f"GET /api/v1/cases/{b['case_id']} -> 404: case {b['case_id']} not found"
    assert found[0]["action"] == "access" and found[0]["outcome"] == "refused"


def _list(client, aw, role: str, path: str, **params) -> dict:
    r = client.get(path, params=params, headers=aw.callers[role].headers(page=False))
    assert r.status_code == 200, (role, path, r.text)
    return r.json()


def test_lists_of_program_a_hold_nothing_of_program_b(client, aw):
    b = aw.ids
    for role in ("viewer_a", "coordinator_a"):
        cases = _list(client, aw, role, "/api/v1/cases", limit=200)
        assert [c["external_ref"] for c in cases["items"]] == ["AREF-1"]
        assert _list(client, aw, role, "/api/v1/cases", program_id=b["program_id"])["total"] == 0
        hearings = _list(client, aw, role, "/api/v1/hearings", limit=200)["items"]
        assert {h["case_id"] for h in hearings} <= {aw.a_case["id"]}
        assert _list(client, aw, role, "/api/v1/obligations")["total"] == 0
        attention = _list(client, aw, role, "/api/v1/attention")
        assert all(
            m["case_id"] != b["case_id"] for m in attention["inbox"] + attention["undelivered"]
        )
        assert [p["id"] for p in _list(client, aw, role, "/api/v1/programs")["items"]] == [
            b["a_program_id"]
        ]
        report = _list(
            client,
            aw,
            role,
            "/api/v1/reports/program",
            **{"from": "2020-01-01", "to": "2039-12-31"},
        )
        assert report["cases_referred"] == 1 and report["cases_with_agreement"] == 0  # A only
    # B's coordinator sees B's records in the same lists: the filters above are not vacuous.
    cases = _list(client, aw, "coordinator_b", "/api/v1/cases")["items"]
    assert [c["external_ref"] for c in cases] == ["BREF-Q7X"]
    assert _list(client, aw, "coordinator_b", "/api/v1/obligations")["total"] == 1
    attention = _list(client, aw, "coordinator_b", "/api/v1/attention")
    assert any(m["case_id"] == b["case_id"] for m in attention["inbox"])
    assert any(m["case_id"] == b["case_id"] for m in attention["undelivered"])
    page = client.get("/cases", headers=aw.callers["coordinator_b"].headers(page=True))
    assert "BREF-Q7X" in page.text
    page = client.get(
        f"/cases/{b['case_id']}", headers=aw.callers["coordinator_b"].headers(page=True)
    )
    assert NOTE_MARKER in page.text


def test_program_b_ids_in_a_request_body_are_refused(client, aw):
    b, coord_a = aw.ids, aw.callers["coordinator_a"].headers(page=False)
    a_case = aw.a_case["id"]
    # Linking B's person to A's case would then open the person's contact details to A.
    r = client.post(
        f"/api/v1/cases/{a_case}/parties",
        json={"role": "other_party", "person_id": b["person_id"]},
        headers=coord_a,
    )
    assert r.status_code == 404, r.text
    r = client.post(
        "/api/v1/cases",
        json={
            "program_id": b["a_program_id"],
            "external_ref": "AREF-2",
            "parties": [{"role": "participant", "person_id": b["person_id"]}],
        },
        headers=coord_a,
    )
    assert r.status_code == 404, r.text
    assert client.get(f"/api/v1/persons/{b['person_id']}", headers=coord_a).status_code == 404
    r = client.post(
        "/api/v1/hearings",
        json={"case_id": b["case_id"], "kind": "panel", "venue_id": b["venue_id"],
              "start": "2030-01-08T18:30:00-08:00"},
        headers=coord_a,
    )  # fmt: skip
    assert r.status_code == 404, r.text
    r = client.get(
        "/api/v1/reports/program.csv",
        params={"from": "2020-01-01", "to": "2030-01-01", "program_id": b["program_id"]},
        headers=coord_a,
    )
    assert r.status_code == 403, r.text
