"""The report's survey figures (response rate, participants and victims who rated the process
fair) against a count this test makes itself, by period and neighborhood, in JSON, CSV and page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from outcome_support import parties, past_hearing, today_la
from sqlmodel import Session, select

from service.models import Case, Survey, SurveyAnswer

# (ref, days ago, in Hollywood?, participant's language, participant's answers, victim's answers)
# Answers: the fairness rating then yes (1) / no (0); None for a question left unanswered.
PLAN = [
    ("R1", 3, True, "en", (5, 1), (4, 1)),
    ("R2", 4, True, "es", (3, None), (2, 0)),
    ("R3", 5, False, "en", (4, 0), (None, None)),
    ("R4", 6, False, "es", (None, None), (5, 1)),
    ("R5", 7, True, "ko", (5, 1), (1, 0)),  # the participant reads Korean: never texted
    ("R6", 45, True, "en", (5, 1), (5, 1)),  # held before the period
]
PERIOD_DAYS = 30


def _build(ow, engine) -> None:
    for n, (ref, days_ago, hollywood, lang, part, victim) in enumerate(PLAN):
        case = ow.case(ref, parties=[
            {"role": "participant", "person": {"full_name": f"Part {ref}", "language": lang,
                                               "mobile": f"323-555-02{n:02d}", "sms_consent": True}},
            {"role": "victim", "person": {"full_name": f"Victim {ref}", "language": "en",
                                          "mobile": f"323-555-03{n:02d}", "sms_consent": True}},
        ])  # fmt: skip
        hearing = past_hearing(ow, case["id"], days_ago)
        ids = parties(case)
        r = ow.client.post(
            f"/api/v1/hearings/{hearing['id']}/outcome",
            json={"result": "no_agreement", "attendance": [
                {"party_id": ids["participant"], "attendance": "present"},
                {"party_id": ids["victim"], "attendance": "present"}]},
            headers=ow.coordinator,
        )  # fmt: skip
        assert r.status_code == 201, r.text
        with Session(engine) as s:
            row = s.get(Case, case["id"])
            row.neighborhood_id = ow.hollywood["id"] if hollywood else None
            s.add(row)
            for role, values in (("participant", part), ("victim", victim)):
                survey = s.exec(
                    select(Survey).where(Survey.hearing_id == hearing["id"], Survey.role == role)
                ).one()
                if survey.status == "not_texted":
                    continue
                for position, value in enumerate(values):
                    if value is not None:
                        kind = "scale" if position == 0 else "yes_no"
                        s.add(SurveyAnswer(survey_id=survey.id, position=position, kind=kind,
                                           fairness=position == 0, value=value))  # fmt: skip
            s.commit()


def _expected(hollywood_only: bool) -> dict:
    """The figures, counted from PLAN alone."""
    texted = answered = 0
    rated = {"participant": 0, "victim": 0}
    fair = {"participant": 0, "victim": 0}
    for _ref, days_ago, hollywood, lang, part, victim in PLAN:
        if days_ago > PERIOD_DAYS or (hollywood_only and not hollywood):
            continue
        for role, values in (("participant", part), ("victim", victim)):
            if role == "participant" and lang not in ("en", "es"):
                continue
            texted += 1
            answered += any(v is not None for v in values)
            if values[0] is not None:
                rated[role] += 1
                fair[role] += values[0] >= 4
    share = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "surveys_texted": texted,
        "surveys_answered": answered,
        "survey_response_rate": share(answered, texted),
        "participants_rated_fairness": rated["participant"],
        "participants_rated_fair": fair["participant"],
        "participant_fair_share": share(fair["participant"], rated["participant"]),
        "victims_rated_fairness": rated["victim"],
        "victims_rated_fair": fair["victim"],
        "victim_fair_share": share(fair["victim"], rated["victim"]),
    }


def test_survey_figures_match_a_count_made_here(ow, engine):
    _build(ow, engine)
    today = today_la()
    period = {"from": (today - timedelta(days=PERIOD_DAYS)).isoformat(), "to": today.isoformat()}
    base = period | {"program_id": ow.njp["id"]}
    for hollywood_only in (False, True):
        params = base | ({"neighborhood_id": ow.hollywood["id"]} if hollywood_only else {})
        r = ow.client.get("/api/v1/reports/program", params=params, headers=ow.viewer)
        assert r.status_code == 200, r.text
        expected = _expected(hollywood_only)
        assert {k: r.json()[k] for k in expected} == expected, hollywood_only
    # Sanity of the plan itself: the figures are not all trivially zero or whole.
    whole = _expected(False)
    assert whole["surveys_texted"] == 9 and whole["surveys_answered"] == 7
    assert whole["participants_rated_fair"] == 2 and whole["participants_rated_fairness"] == 3
    assert whole["victims_rated_fair"] == 2 and whole["victims_rated_fairness"] == 4
    # The CSV carries the same figures, one row each.
    r = ow.client.get("/api/v1/reports/program.csv", params=base, headers=ow.viewer)
    rows = dict(csv.reader(io.StringIO(r.text)))
    assert rows["survey_response_rate"] == str(whole["survey_response_rate"])
    assert rows["participant_fair_share"] == str(whole["participant_fair_share"])
    assert rows["victims_rated_fair"] == "2"
