"""Every route of the app, classified for the access matrix, with the body each write needs.

Kinds:
- ``b``: a record of program B, named by the path, the query or the body. Callers of program A
  get 403 or 404; B's coordinator and an administrator read it (2xx).
- ``list``: a list or page scoped to the caller's programs; everyone signed in gets 2xx, and
  nothing of program B may appear in what program A's callers get.
- ``shared``: reference data every program uses. Volunteers have no program by design
  (docs/DESIGN.md §3: one trained pool; the matcher picks from it for any program by certification,
  and a volunteer's seats in every program are needed to avoid double booking), and so do
  neighborhoods and venues. Everyone signed in reads them; viewers never write; coordinators of
  any program maintain volunteers. Their pages show a volunteer's seats in other programs only
  as program, kind, venue and time, never a case; the walk checks no B marker leaks there.
- ``writer_form``: a blank form for coordinators and administrators.
- ``confidential``: mediation notes of a case of program B: B's coordinator only; not even an
  administrator (see service/cases/notes.py).
- ``admin``: administrators only.
- ``self``: about the caller's own account.

Writes are only sent by callers who must be refused, so the shared world never changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

# Public routes with their own token-based (or no) authentication, and the framework's own.
SKIPPED = {
    ("POST", "/webhooks/twilio/sms"): "Twilio signature",
    ("POST", "/webhooks/twilio/status"): "Twilio signature",
    ("GET", "/calendar/{token}.ics"): "feed token",
    ("GET", "/c/{token}"): "signed seat link",
    ("GET", "/verify/{token}"): "signed supervisor link",
    ("POST", "/verify/{token}"): "signed supervisor link",
    ("GET", "/me/{token}"): "signed self-service link",
    ("POST", "/me/{token}/availability"): "signed self-service link",
    ("POST", "/me/{token}/blackouts"): "signed self-service link",
    ("POST", "/me/{token}/blackouts/{blackout_id}/delete"): "signed self-service link",
    ("POST", "/me/{token}/calendar"): "signed self-service link",
    ("POST", "/me/{token}/seats/{seat_id}/accept"): "signed self-service link",
    ("POST", "/me/{token}/seats/{seat_id}/decline"): "signed self-service link",
    ("GET", "/login"): "sign-in",
    ("POST", "/login"): "sign-in",
    ("POST", "/logout"): "ends the caller's own session",
    ("POST", "/api/v1/auth/login"): "sign-in",
    ("POST", "/api/v1/auth/logout"): "ends the caller's own session",
    ("POST", "/api/v1/auth/totp/enrol"): "sign-in (second factor)",
    ("POST", "/api/v1/auth/totp/confirm"): "sign-in (second factor)",
    ("GET", "/login/code"): "sign-in (second factor)",
    ("POST", "/login/code"): "sign-in (second factor)",
    ("GET", "/login/enrol"): "sign-in (second factor)",
    ("POST", "/login/enrol"): "sign-in (second factor)",
    ("GET", "/"): "redirect",
    ("GET", "/favicon.ico"): "static",
    ("GET", "/healthz"): "health check",
    ("GET", "/metrics"): "operators (an optional bearer token, CONVENE_METRICS_TOKEN)",
    ("GET", "/static"): "static files",
    ("GET", "/openapi.json"): "schema",
    ("GET", "/docs"): "schema",
    ("GET", "/docs-assets"): "static files",
    ("GET", "/redoc"): "schema",
}


@dataclass
class Spec:
    """How a route is checked: its kind and what to send."""

    kind: str
    json: object = None
    data: dict | None = None
    params: dict = field(default_factory=dict)
    # A form page that answers a refusal by showing the form again (422) with this reason.
    refusal_text: str | None = None


def specs(ids: dict[str, int], horizon: dict[str, str]) -> dict[tuple[str, str], Spec]:
    """The spec of every walked route, filled with program B's ids."""
    today = date.today().isoformat()
    later = (date.today() + timedelta(days=200)).isoformat()
    soon = (datetime.now(UTC) + timedelta(days=9)).replace(microsecond=0)
    run_q = {"hearing_id": ids["hearing_id"], "role": "panelist"}
    report_q = {"from": "2020-01-01", "to": today, "program_id": ids["program_id"]}
    B, A, L, S, W, SELF = "b", "admin", "list", "shared", "writer_form", "self"
    api = {
        ("GET", "/api-tokens"): Spec(A),
        ("POST", "/api-tokens"): Spec(A, json={"name": "x", "user_id": ids["user_id"]}),
        ("DELETE", "/api-tokens/{token_id}"): Spec(A),
        ("GET", "/webhook-subscriptions"): Spec(A),
        ("POST", "/webhook-subscriptions"): Spec(
            A,
            json={
                "name": "x",
                "user_id": ids["user_id"],
                "url": "https://x.example/h",
                "events": ["case.referred"],
            },
        ),  # fmt: skip
        ("GET", "/webhook-subscriptions/{subscription_id}"): Spec(A),
        ("PATCH", "/webhook-subscriptions/{subscription_id}"): Spec(A, json={"active": False}),
        ("GET", "/webhook-subscriptions/{subscription_id}/deliveries"): Spec(A),
        ("POST", "/webhook-subscriptions/{subscription_id}/secret"): Spec(A),
        ("GET", "/attention"): Spec(L),
        ("GET", "/audit-events"): Spec(A),
        ("GET", "/audit-events/export.csv"): Spec(A),
        ("GET", "/auth/me"): Spec(SELF),
        ("GET", "/cases"): Spec(L),
        ("POST", "/cases"): Spec(B, json={"program_id": ids["program_id"], "external_ref": "X-9"}),
        ("GET", "/cases/{case_id}"): Spec(B),
        ("PATCH", "/cases/{case_id}"): Spec(B, json={"description": "changed"}),
        ("GET", "/cases/{case_id}/agreement"): Spec(B),
        ("GET", "/cases/{case_id}/events"): Spec(B),
        ("GET", "/cases/{case_id}/obligations"): Spec(B),
        ("POST", "/cases/{case_id}/obligations"): Spec(
            B, json={"type_code": "service_hours", "target": 5}
        ),
        ("POST", "/cases/{case_id}/parties"): Spec(
            B, json={"role": "other_party", "person": {"full_name": "New Person"}}
        ),
        ("POST", "/cases/{case_id}/return"): Spec(B, json={"reason": "gone"}),
        ("GET", "/cases/{case_id}/timeline"): Spec(B),
        ("GET", "/cases/{case_id}/notes"): Spec("confidential"),
        ("POST", "/cases/{case_id}/notes"): Spec(B, json={"body": "a note"}),
        ("GET", "/hearings"): Spec(L),
        ("POST", "/hearings"): Spec(
            B,
            json={
                "case_id": ids["case_id"],
                "kind": "panel",
                "venue_id": ids["venue_id"],
                "start": soon.isoformat(),
                "allow_outside_venue_hours": True,
            },
        ),
        ("GET", "/hearings/{hearing_id}"): Spec(B),
        ("PATCH", "/hearings/{hearing_id}"): Spec(B, json={"language": "es"}),
        ("POST", "/hearings/{hearing_id}/outcome"): Spec(B, json={"result": "no_agreement"}),
        ("PATCH", "/hearings/{hearing_id}/outcome"): Spec(B, json={"note": "corrected"}),
        ("POST", "/hearings/{hearing_id}/seats"): Spec(
            B, json={"volunteer_id": ids["volunteer_id"], "role": "facilitator"}
        ),
        ("POST", "/hearings/{hearing_id}/confirmations/{party_id}"): Spec(
            B, json={"status": "confirmed", "by": "phone"}
        ),
        ("GET", "/neighborhoods"): Spec(S),
        ("POST", "/neighborhoods"): Spec(A, json={"name": "X", "lat": 34, "lon": -118}),
        ("GET", "/neighborhoods/{neighborhood_id}"): Spec(S),
        ("PATCH", "/neighborhoods/{neighborhood_id}"): Spec(A, json={"name": "Y"}),
        ("GET", "/obligations"): Spec(L),
        ("GET", "/obligations/{obligation_id}"): Spec(B),
        ("GET", "/obligations/{obligation_id}/check-ins"): Spec(B),
        ("POST", "/obligations/{obligation_id}/check-ins"): Spec(B, json={"checked_in_on": today}),
        ("POST", "/obligations/{obligation_id}/complete"): Spec(B, json={"proof_note": "seen"}),
        ("POST", "/obligations/{obligation_id}/extend"): Spec(
            B, json={"due_date": later, "reason": "illness"}
        ),
        ("GET", "/obligations/{obligation_id}/payments"): Spec(B),
        ("POST", "/obligations/{obligation_id}/payments"): Spec(
            B, json={"amount": 5, "paid_on": today}
        ),
        ("GET", "/obligations/{obligation_id}/service-logs"): Spec(B),
        ("POST", "/obligations/{obligation_id}/service-logs"): Spec(
            B, json={"worked_on": today, "hours": 1}
        ),
        ("POST", "/obligations/{obligation_id}/verify-link"): Spec(B, json={}),
        ("POST", "/obligations/{obligation_id}/waive"): Spec(B, json={"reason": "excused"}),
        ("GET", "/persons/{person_id}"): Spec(B),
        ("PATCH", "/persons/{person_id}"): Spec(B, json={"language": "es"}),
        ("GET", "/programs"): Spec(L),
        ("POST", "/programs"): Spec(A, json={"code": "ZZ", "name": "Z", "hearing_kinds": []}),
        ("GET", "/programs/{program_id}"): Spec(B),
        ("PATCH", "/programs/{program_id}"): Spec(A, json={"name": "Renamed"}),
        ("GET", "/programs/{program_id}/matching-problem"): Spec(B, params=horizon),
        ("GET", "/programs/{program_id}/matching-runs"): Spec(B),
        ("POST", "/programs/{program_id}/matching-runs"): Spec(B, json=horizon),
        ("GET", "/programs/{program_id}/matching-runs/{run_id}"): Spec(B),
        ("GET", "/programs/{program_id}/matching-runs/{run_id}/candidates"): Spec(B, params=run_q),
        ("POST", "/programs/{program_id}/matching-runs/{run_id}/publish"): Spec(B),
        ("POST", "/programs/{program_id}/matching-runs/{run_id}/swap"): Spec(
            B, json=run_q | {"volunteer_id": ids["volunteer_id"]}
        ),
        ("GET", "/reports/program"): Spec(B, params=report_q),
        ("GET", "/reports/program.csv"): Spec(B, params=report_q),
        ("POST", "/service-logs/{log_id}/verify"): Spec(B),
        ("GET", "/users"): Spec(A),
        ("POST", "/users"): Spec(A, json={"email": "z@example.org"}),
        ("GET", "/users/{user_id}"): Spec(A),
        ("PATCH", "/users/{user_id}"): Spec(A, json={"unlock": True}),
        ("DELETE", "/users/{user_id}/totp"): Spec(A),
        ("GET", "/venues"): Spec(S),
        ("POST", "/venues"): Spec(A, json={"name": "V"}),
        ("GET", "/venues/{venue_id}"): Spec(S),
        ("PATCH", "/venues/{venue_id}"): Spec(A, json={"name": "V"}),
        ("GET", "/volunteers"): Spec(S),
        ("POST", "/volunteers"): Spec(S, json={"full_name": "New Volunteer"}),
        ("GET", "/volunteers/{volunteer_id}"): Spec(S),
        ("PATCH", "/volunteers/{volunteer_id}"): Spec(S, json={"notes": "x"}),
        ("GET", "/volunteers/{volunteer_id}/availability"): Spec(S),
        ("PUT", "/volunteers/{volunteer_id}/availability"): Spec(S, json={"windows": []}),
        ("GET", "/volunteers/{volunteer_id}/blackouts"): Spec(S),
        ("POST", "/volunteers/{volunteer_id}/blackouts"): Spec(S, json={}),
        ("DELETE", "/volunteers/{volunteer_id}/blackouts/{blackout_id}"): Spec(S),
        ("POST", "/volunteers/{volunteer_id}/calendar-feed"): Spec(S),
        ("DELETE", "/volunteers/{volunteer_id}/calendar-feed"): Spec(S),
        ("GET", "/volunteers/{volunteer_id}/certifications"): Spec(S),
        ("POST", "/volunteers/{volunteer_id}/certifications"): Spec(S, json={}),
        ("DELETE", "/volunteers/{volunteer_id}/certifications/{certification_id}"): Spec(S),
        ("GET", "/volunteers/{volunteer_id}/conflicts"): Spec(S),
        # Shared volunteer, but the person named in the body is program B's.
        ("POST", "/volunteers/{volunteer_id}/conflicts"): Spec(
            B,
            json={"person_id": ids["victim_person_id"], "reason": "neighbor"},
            refusal_text=f"person {ids['victim_person_id']} does not exist",
        ),
        ("DELETE", "/volunteers/{volunteer_id}/conflicts/{conflict_id}"): Spec(S),
        ("GET", "/volunteers/{volunteer_id}/service"): Spec(S, params={"year": 2026}),
    }
    out = {(m, "/api/v1" + p): s for (m, p), s in api.items()}
    not_yours = "you do not work in this program"
    pages = {
        ("GET", "/admin"): Spec(A),
        ("GET", "/admin/programs"): Spec(A),
        ("GET", "/admin/programs/{program_id}"): Spec(A),
        ("POST", "/admin/programs/{program_id}"): Spec(A, data={}),
        ("GET", "/admin/programs/{program_id}/survey"): Spec(A),
        ("POST", "/admin/programs/{program_id}/survey"): Spec(A, data={}),
        ("GET", "/admin/templates"): Spec(A),
        ("GET", "/admin/tokens"): Spec(A),
        ("GET", "/admin/jobs"): Spec(A),
        ("POST", "/admin/tokens"): Spec(A, data={}),
        ("POST", "/admin/tokens/{token_id}/revoke"): Spec(A, data={}),
        ("GET", "/admin/webhooks"): Spec(A),
        ("POST", "/admin/webhooks"): Spec(A, data={}),
        ("GET", "/admin/webhooks/{subscription_id}"): Spec(A),
        ("POST", "/admin/webhooks/{subscription_id}"): Spec(A, data={}),
        ("POST", "/admin/webhooks/{subscription_id}/secret"): Spec(A, data={}),
        ("GET", "/admin/users"): Spec(A),
        ("POST", "/admin/users"): Spec(A, data={}),
        ("GET", "/admin/users/{user_id}"): Spec(A),
        ("POST", "/admin/users/{user_id}"): Spec(A, data={}),
        ("POST", "/admin/users/{user_id}/{action}"): Spec(A, data={}),
        ("GET", "/admin/venues"): Spec(A),
        ("GET", "/admin/venues/new"): Spec(A),
        ("GET", "/admin/venues/{venue_id}"): Spec(A),
        ("POST", "/admin/venues/{venue_id}"): Spec(A, data={}),
        ("GET", "/cases"): Spec(L, params={"q": "REF"}),
        ("GET", "/cases/new"): Spec(W),
        ("POST", "/cases/new"): Spec(
            B,
            data={
                "program_id": ids["program_id"],
                "external_ref": "X-10",
                "referred_on": today,
                "participant_name": "New Person",
                "consent": "on",
            },
            refusal_text=not_yours,
        ),
        ("GET", "/cases/import"): Spec(W),
        # A row of program B (NJP) is refused to program A's coordinator, the file kept.
        ("POST", "/cases/import"): Spec(
            B,
            data={
                "action": "all",
                "csv_text": "program,external_ref,participant_name\nNJP,X-11,New Person\n",
            },
            refusal_text="NJP is not a program you coordinate",
        ),
        ("GET", "/cases/{case_id}"): Spec(B),
        ("GET", "/cases/{case_id}/book"): Spec(B, params={"kind": "panel"}),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/complete"): Spec(
            B, data={"proof_note": "seen"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/hours"): Spec(
            B, data={"worked_on": today, "hours": "1"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/verify"): Spec(
            B, data={"log_ids": "1"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/payments"): Spec(
            B, data={"paid_on": today, "amount": "1"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/check-ins"): Spec(
            B, data={"checked_in_on": today}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/extend"): Spec(
            B, data={"due_date": "2030-01-01", "reason": "later"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/waive"): Spec(
            B, data={"reason": "excused"}
        ),
        ("POST", "/cases/{case_id}/obligations/{obligation_id}/verify-link"): Spec(B, data={}),
        ("POST", "/cases/{case_id}/return"): Spec(B, data={"reason": "gone"}),
        ("POST", "/cases/{case_id}/notes"): Spec(B, data={"body": "a note"}),
        ("POST", "/cases/{case_id}/parties/{party_id}/texts-in-english"): Spec(B, data={}),
        ("GET", "/hearings"): Spec(
            L, params={"week": (soon - timedelta(days=9)).date().isoformat()}
        ),
        ("POST", "/hearings/new"): Spec(
            B, data={"case_id": ids["case_id"], "kind": "panel", "venue_id": ids["venue_id"]}
        ),
        ("GET", "/hearings/{hearing_id}"): Spec(B),
        ("POST", "/hearings/{hearing_id}/cancel"): Spec(B, data={}),
        ("POST", "/hearings/{hearing_id}/confirmations/{party_id}"): Spec(B, data={"by": "phone"}),
        ("GET", "/hearings/{hearing_id}/panel"): Spec(B),
        ("GET", "/hearings/{hearing_id}/outcome"): Spec(B),
        ("POST", "/hearings/{hearing_id}/outcome"): Spec(B, data={"result": "no_agreement"}),
        ("POST", "/hearings/{hearing_id}/reschedule"): Spec(B, data={"start": "2030-01-01T18:00"}),
        ("POST", "/hearings/{hearing_id}/mode"): Spec(B, data={"venue_id": ids["venue_id"]}),
        ("GET", "/hearings/{hearing_id}/seats/find"): Spec(B, params={"role": "facilitator"}),
        ("POST", "/hearings/{hearing_id}/seats/fill"): Spec(
            B, data={"role": "facilitator", "volunteer_id": ids["volunteer_id"]}
        ),
        ("POST", "/hearings/{hearing_id}/seats/{seat_id}/replace"): Spec(
            B, data={"volunteer_id": ids["volunteer_id"]}
        ),
        ("POST", "/inbox/{inbound_id}/done"): Spec(B, data={}),
        ("POST", "/inbox/{inbound_id}/reply"): Spec(B, data={"body": "hello"}),
        ("GET", "/matching"): Spec(L),
        ("POST", "/matching/run"): Spec(
            B, data={"program_id": ids["program_id"], "start": today, "end": later}
        ),
        ("GET", "/matching/{program_id}/runs/{run_id}"): Spec(B),
        ("GET", "/matching/{program_id}/runs/{run_id}/candidates"): Spec(B, params=run_q),
        ("POST", "/matching/{program_id}/runs/{run_id}/publish"): Spec(B, data={}),
        ("POST", "/matching/{program_id}/runs/{run_id}/swap"): Spec(
            B, data=run_q | {"volunteer_id": ids["volunteer_id"]}
        ),
        ("POST", "/messages/{message_id}/done"): Spec(B, data={}),
        # Program B's report: refused (403, the reason in place of the figures) to A's callers.
        ("GET", "/reports"): Spec(B, params={"program_id": ids["program_id"]}),
        ("GET", "/today"): Spec(L),
        ("GET", "/today/{key}"): Spec(L),
        ("GET", "/dev/outbox"): Spec(L),
        ("GET", "/volunteers"): Spec(S),
        ("GET", "/volunteers/import"): Spec(W),
        ("POST", "/volunteers/import"): Spec(S, data={"csv_text": ""}),
        ("GET", "/volunteers/new"): Spec(W),
        ("POST", "/volunteers/new"): Spec(S, data={}),
        ("GET", "/volunteers/{volunteer_id}"): Spec(S),
        ("POST", "/volunteers/{volunteer_id}/availability"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/blackouts"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/blackouts/{blackout_id}/delete"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/certifications"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/certifications/{cert_id}/delete"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/details"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/self-service/copy"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/self-service/revoke"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/self-service/send"): Spec(S, data={}),
        ("POST", "/volunteers/{volunteer_id}/texts-in-english"): Spec(S, data={}),
    }
    return out | pages
