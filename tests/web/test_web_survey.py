"""The survey's pages: the admin's questions with each text's segment count, the case page with
a party's answers, and the Reports page with the figures (never a name beside an answer)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select
from web_support import page, sign_in

from notifications.segments import count_segments
from notifications.templates import render_sms
from service.models import (
    AuditEvent,
    Hearing,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyQuestionText,
)
from support import next_local

LA = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def admin_csrf(world, client, engine):
    """A signed-in administrator's CSRF token."""
    return sign_in(client, engine, "admin")


def _answered_case(world, engine) -> dict:
    """A case whose hearing was held three days ago, the participant's survey answered 5 and Y."""
    case = world.case("SV-9", parties=[
        {"role": "participant", "person": {"full_name": "Jordan Lee", "mobile": "323-555-0199",
                                           "language": "es", "sms_consent": True}},
        {"role": "victim", "person": {"full_name": "Sam Rivera", "mobile": "323-555-0177",
                                      "language": "en", "sms_consent": True}},
    ])  # fmt: skip
    hearing = world.hearing(case["id"], next_local(1, 18, 30))
    start = datetime.now(LA).replace(hour=18, minute=30, second=0, microsecond=0)
    start -= timedelta(days=3)
    with Session(engine) as s:
        h = s.get(Hearing, hearing["id"])
        h.start_at, h.end_at = start, start + timedelta(minutes=90)
        s.add(h)
        s.commit()
    ids = {p["role"]: p["id"] for p in case["parties"]}
    r = world.client.post(
        f"/api/v1/hearings/{hearing['id']}/outcome",
        json={"result": "no_agreement", "attendance": [
            {"party_id": ids["participant"], "attendance": "present"},
            {"party_id": ids["victim"], "attendance": "present"}]},
        headers=world.coordinator,
    )  # fmt: skip
    assert r.status_code == 201, r.text
    with Session(engine) as s:
        survey = s.exec(select(Survey).where(Survey.role == "participant")).one()
        s.add(SurveyAnswer(survey_id=survey.id, position=0, kind="scale", fairness=True,
                           value=5, reply="cinco"))  # fmt: skip
        s.add(SurveyAnswer(survey_id=survey.id, position=1, kind="yes_no", value=1, reply="Sí"))
        s.commit()
    return case


def test_the_admin_sees_each_question_with_its_segment_count(world, client, engine, admin_csrf):
    url = f"/admin/programs/{world.njp['id']}/survey"
    html = page(client, url)
    assert 'id="uses-defaults"' in html
    assert "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)" in html
    # The count is that of the longest text the question travels in, as the outbox renders it.
    question = "Would you recommend it to someone in your place? Reply Y or N"
    sent = render_sms(
        "survey_first", "en", person_name="Guadalupe Hernández",
        program_name=world.njp["name"], question=question,
    )  # fmt: skip
    assert f'id="seg-en-2" data-segments="{count_segments(sent).segments}"' in html
    assert f'href="{url}"' in page(client, f"/admin/programs/{world.njp['id']}")


def test_saving_questions_and_a_text_too_long_refused_as_typed(world, client, engine, admin_csrf):
    url = f"/admin/programs/{world.njp['id']}/survey"
    long_es = "¿" + "Cómo se sintió usted durante la reunión con el panel de su barrio? " * 4
    form = {
        "csrf_token": admin_csrf,
        "kind": ["scale", "yes_no", "scale"],
        "text_en": [
            "Did you feel heard? Reply 1 (not at all) to 5 (very)",
            "Was it useful? Y or N",
            "",
        ],
        "text_es": ["¿Se sintió escuchado? Responda 1 (nada) a 5 (mucho)", long_es, ""],
        "fairness": "1",
    }
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422
    assert "Question 2 in Spanish" in r.text and "SMS segments; at most 2" in r.text
    assert "Did you feel heard?" in r.text and "Was it useful? Y or N" in r.text  # kept as typed
    with Session(engine) as s:
        assert s.exec(select(SurveyQuestion)).all() == []
    form["text_es"][1] = "¿Fue útil? Responda SÍ o NO"
    form["fairness"] = "2"  # a yes-or-no question cannot be the fairness question
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422 and "must be a rating from 1 to 5" in r.text
    form["fairness"] = "1"
    form["text_en"][1] = "Was it useful? Reply YES, or reply STOP"
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422 and "“reply STOP” asks for a word carriers act on" in r.text
    form["text_en"][1] = "Was it useful? Y or N"
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        rows = s.exec(
            select(SurveyQuestion, SurveyQuestionText)
            .join(SurveyQuestionText, SurveyQuestionText.question_id == SurveyQuestion.id)
            .where(SurveyQuestionText.language == "es")
            .order_by(SurveyQuestion.position)
        ).all()
        assert [(q.kind, q.fairness, t.text) for q, t in rows] == [
            ("scale", True, "¿Se sintió escuchado? Responda 1 (nada) a 5 (mucho)"),
            ("yes_no", False, "¿Fue útil? Responda SÍ o NO"),
        ]
        assert s.exec(select(AuditEvent).where(AuditEvent.entity == "survey_questions")).first()
    html = page(client, url)
    assert 'id="uses-defaults"' not in html and "Did you feel heard?" in html


def test_answers_show_on_the_case_page_and_only_counts_on_reports(world, client, engine):
    case = _answered_case(world, engine)
    sign_in(client, engine, "coordinator", [world.njp["id"]])
    html = page(client, f"/cases/{case['id']}")
    assert 'id="surveys"' in html and "Jordan Lee" in html
    assert "5 out of 5" in html and "cinco" in html and "Yes" in html
    today = datetime.now(LA).date()
    reports = page(
        client,
        f"/reports?program_id={world.njp['id']}&start={today - timedelta(days=30)}&end={today}",
    )
    assert 'id="fig-survey-response"' in reports
    assert "50%</strong> answered the survey (1 of 2 texted)" in reports
    assert "100%</strong> of participants rated the process fair (1 of 1" in reports
    assert "Jordan Lee" not in reports and "cinco" not in reports


def test_the_page_edits_each_language_convene_texts_and_keeps_each(
    world, client, engine, admin_csrf, monkeypatch
):
    # Convene as it will be once a Korean catalog is added: the page offers Korean too.
    from service.messaging import languages

    monkeypatch.setattr(languages, "sms_languages", lambda *a: frozenset({"en", "es", "ko"}))
    url = f"/admin/programs/{world.njp['id']}/survey"
    html = page(client, url)
    assert 'id="text_ko_1" name="text_ko" lang="ko"' in html and "In Korean" in html
    assert 'id="unwritten"' in html and "Not written in Korean" in html
    form = {
        "csrf_token": admin_csrf,
        "kind": ["scale", "yes_no", "scale"],
        "text_en": ["Was it fair? Reply 1 (not at all) to 5 (very)", "Useful? Y or N", ""],
        "text_es": ["¿Fue justa? Responda 1 (nada) a 5 (muy)", "¿Útil? Responda SÍ o NO", ""],
        "text_ko": ["공정했나요? 1~5로 답해 주세요", "", ""],
        "text_xx": ["not a language this page offers", "", ""],
        "fairness": "1",
    }
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422
    assert "Question 2 in Korean: write it as people will read it, as question 1 is" in r.text
    assert "공정했나요?" in r.text  # kept as typed
    form["text_en"][0] = ""
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 422 and "Question 1 in English: write the question" in r.text
    form["text_en"][0] = "Was it fair? Reply 1 (not at all) to 5 (very)"
    form["text_ko"][1] = "도움이 되었나요? Y 또는 N"
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    with Session(engine) as s:
        stored = s.exec(select(SurveyQuestionText.language, SurveyQuestionText.text)).all()
    assert sorted(lang for lang, _ in stored) == ["en", "en", "es", "es", "ko", "ko"]
    html = page(client, url)
    assert "도움이 되었나요? Y 또는 N" in html and 'id="unwritten"' not in html
    assert 'id="seg-ko-1" data-segments=' in html

    # Korean texts gone again (no catalog): the Korean questions are kept, not lost on a save.
    monkeypatch.setattr(languages, "sms_languages", lambda *a: frozenset({"en", "es"}))
    html = page(client, url)
    assert (
        "도움이 되었나요? Y 또는 N" in html
        and "Kept; not sent: Convene has no Korean texts" in html
    )
    form["text_xx"] = ["", "", ""]
    assert client.post(url, data=form, follow_redirects=False).status_code == 303
    with Session(engine) as s:
        assert (
            len(s.exec(select(SurveyQuestionText).where(SurveyQuestionText.language == "ko")).all())
            == 2
        )
