"""The program report on a small known history: every figure, the monthly series, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from report_history import build
from sqlmodel import Session

from support import local_now

PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}


# NJP, Jan-Mar 2026 (see report_history.build): C1..C5 referred (C3 without consent); held
# hearings H1, H2, H4, H6 and the no-show H3; C1, C2 completed, C3, C4 returned (C4 after an
# agreement); 4+6 verified hours; $50 paid in the period; V1 and V4 trained, V1 and V2 sat.
def _follow_up(figures: dict, completed_on: list[date], re_referred: set[date]) -> dict:
    """The re-referral figures as of today: only completers whose 12 months are over count."""
    today = local_now().date()
    over = [d for d in completed_on if d + timedelta(days=365) <= today]
    again = len([d for d in over if d in re_referred])
    return figures | {
        "participants_followed_up": len(over),
        "re_referred_within_12_months": again,
        "re_referral_rate": round(again / len(over), 4) if over else None,
    }


# P1 completed C1 on 2026-03-01 and was referred again on 03-10 (C5); P2 completed C2 on
# 2026-03-20 and was next referred in April 2027, more than 12 months later.
P1_DONE, P2_DONE = date(2026, 3, 1), date(2026, 3, 20)

ALL = {
    "cases_referred": 5,
    "cases_eligible": 5,
    "cases_initiated": 4,
    "cases_ineligible": 0,
    "cases_resolved": 3,  # C1, C2, C4 closed after a held hearing; C3 had only a no-show
    "cases_completed_without_agreement": 0,
    "cases_heard": 4,
    "cases_with_agreement": 4,
    "cases_completed": 2,
    "cases_returned": 2,
    "completion_rate": 0.6667,
    "service_hours_completed": 10.0,
    "restitution_paid": 50.0,
    "volunteers_trained": 2,
    "volunteers_active": 2,
    "hearings_held": 4,
    "hearings_no_show": 1,
    "participant_confirmation_rate": 0.6,
    "no_show_rate": 0.2,
    "median_days_referral_to_hearing": 17.5,
    "median_days_hearing_to_completion": 39.0,
    "participants_completed": 2,
}
ALL = _follow_up(ALL, [P1_DONE, P2_DONE], {P1_DONE})
HOLLYWOOD = {
    "cases_referred": 4,
    "cases_eligible": 4,
    "cases_initiated": 3,
    "cases_heard": 3,
    "cases_with_agreement": 3,
    "cases_completed": 1,
    "cases_returned": 2,
    "completion_rate": 0.5,
    "service_hours_completed": 10.0,
    "restitution_paid": 0.0,
    "volunteers_trained": 1,
    "volunteers_active": 2,
    "hearings_held": 3,
    "hearings_no_show": 1,
    "participant_confirmation_rate": 0.75,
    "no_show_rate": 0.25,
    "median_days_referral_to_hearing": 16.0,
    "median_days_hearing_to_completion": 40.0,
    "participants_completed": 1,
}
HOLLYWOOD = _follow_up(HOLLYWOOD, [P1_DONE], {P1_DONE})
MONTHLY = [
    {"month": "2026-01", "referred": 2, "held": 2, "no_show": 0, "agreements": 2, "completed": 0,
     "returned": 0, "service_hours": 4.0, "restitution_paid": 0.0},
    {"month": "2026-02", "referred": 2, "held": 1, "no_show": 1, "agreements": 1, "completed": 0,
     "returned": 0, "service_hours": 6.0, "restitution_paid": 50.0},
    {"month": "2026-03", "referred": 1, "held": 1, "no_show": 0, "agreements": 1, "completed": 2,
     "returned": 2, "service_hours": 0.0, "restitution_paid": 0.0},
]  # fmt: skip


def _report(ow, **params):
    return ow.client.get("/api/v1/reports/program", params=PERIOD | params, headers=ow.viewer)


def test_every_figure_of_a_known_history(ow, engine):
    with Session(engine) as s:
        hist = build(s, ow)
    r = _report(ow, program_id=ow.njp["id"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert {k: body[k] for k in ALL} == ALL
    assert body["monthly"] == MONTHLY
    assert body["time_zone"] == "America/Los_Angeles"
    r = _report(ow, program_id=ow.njp["id"], neighborhood_id=ow.hollywood["id"])
    assert {k: r.json()[k] for k in HOLLYWOOD} == HOLLYWOOD
    r = _report(ow, program_id=ow.njp["id"], neighborhood_id=hist.venice)
    assert r.json()["cases_referred"] == 1 and r.json()["restitution_paid"] == 50.0


def test_csv_has_the_same_figures(ow, engine):
    with Session(engine) as s:
        build(s, ow)
    r = ow.client.get("/api/v1/reports/program.csv", params=PERIOD | {"program_id": ow.njp["id"]},
                      headers=ow.viewer)  # fmt: skip
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["metric", "value"]
    got = dict(rows[1:])
    for key, value in ALL.items():
        assert (got[key] == "") if value is None else float(got[key]) == value, key
    r = ow.client.get("/api/v1/reports/program.csv",
                      params=PERIOD | {"program_id": ow.njp["id"], "monthly": "true"}, headers=ow.viewer)  # fmt: skip
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["month"] for row in table] == ["2026-01", "2026-02", "2026-03"]
    assert [float(row["service_hours"]) for row in table] == [4.0, 6.0, 0.0]


def test_empty_period_and_bad_requests(ow, engine):
    r = _report(ow, program_id=ow.njp["id"])
    body = r.json()
    assert body["cases_referred"] == 0 and body["completion_rate"] is None
    assert body["median_days_referral_to_hearing"] is None and len(body["monthly"]) == 3
    assert ow.client.get("/api/v1/reports/program", params={"from": "2026-03-01", "to": "2026-01-01"},
                         headers=ow.viewer).status_code == 422  # fmt: skip
    assert _report(ow, program_id=999999).status_code == 422
    assert _report(ow, program_id=ow.drp["id"]).status_code == 403
    assert _report(ow, neighborhood_id=999999).status_code == 422
    ow.client.cookies.clear()  # signing in left a session cookie on the shared client
    assert ow.client.get("/api/v1/reports/program", params=PERIOD).status_code == 401
