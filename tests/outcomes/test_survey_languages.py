"""The survey follows the language rule: it goes to a person only in a language every question
is written in, the language of their other texts; never silently in English."""

from __future__ import annotations

import pytest
from outcome_support import case_with_hearing
from sqlmodel import Session
from survey_support import PARTICIPANT, VICTIM, record_both_present, surveys, texts_to

from service.db import utcnow
from service.messaging import languages
from service.models import Person, Program
from service.surveys import questions as uc

KOREAN_FAIR = "모임이 공정했나요? 1(전혀)~5(매우)로 답해 주세요"


@pytest.fixture
def korean_texts(monkeypatch):
    """Convene as it will be once a Korean catalog is added: it texts in Korean."""
    monkeypatch.setattr(languages, "sms_languages", lambda *a: frozenset({"en", "es", "ko"}))


def _held(ow, *, language: str, english_chosen: bool = False):
    """A held hearing whose participant reads `language`, the outcome recorded with both
    parties there (which starts the surveys)."""
    people = [("participant", "Jin-woo Park", PARTICIPANT), ("victim", "Sam Rivera", VICTIM)]
    body = [
        {"role": role, "person": {"full_name": name, "mobile": mobile, "language": "en",
                                  "sms_consent": True}}
        for role, name, mobile in people
    ]  # fmt: skip
    case, hearing = case_with_hearing(ow, "SV-KO", parties=body)
    with Session(ow.engine) as s:
        person = s.get(Person, case["parties"][0]["person"]["id"])
        person.language = language
        person.texts_in_english_ok_at = utcnow() if english_chosen else None
        s.add(person)
        s.commit()
    record_both_present(ow, case, hearing)


def test_a_survey_in_a_language_its_questions_lack_is_not_sent(ow, engine, korean_texts):
    # Convene texts Korean, but the program's questions are written in English and Spanish only.
    _held(ow, language="ko")
    part, victim = surveys(engine)
    assert part.status == "not_texted"
    assert part.reason == "the survey's questions are not written in Korean"
    assert texts_to(engine, PARTICIPANT) == []  # not in English either
    assert victim.status == "open" and texts_to(engine, VICTIM)[0].language == "en"


def test_written_in_korean_the_survey_goes_in_korean(ow, engine, korean_texts):
    with Session(engine) as s:
        program = s.get(Program, ow.njp["id"])
        questions = uc.program_questions(s, program)
        first = questions[0]
        questions[0] = uc.Question(first.kind, first.texts | {"ko": KOREAN_FAIR}, first.fairness)
        person = Person(full_name="Jin-woo Park", language="ko")
        assert uc.survey_language(person, questions) is None  # one question still lacks it
        rest = [uc.Question(q.kind, q.texts | {"ko": "추천하시겠어요? Y/N"}) for q in questions[1:]]
        assert uc.survey_language(person, [questions[0], *rest]) == "ko"
        assert uc.survey_language(Person(full_name="X", language="hy"), questions) is None


def test_someone_chosen_for_english_is_asked_in_english(ow, engine):
    # Convene has no Korean texts; a coordinator chose English for him, so the survey is English.
    _held(ow, language="ko", english_chosen=True)
    part, _victim = surveys(engine)
    assert part.status == "open" and part.language == "en"
    (first, *_) = texts_to(engine, PARTICIPANT)
    assert first.language == "en" and "Was the meeting fair to you?" in first.body


def test_without_the_choice_he_is_not_asked(ow, engine):
    _held(ow, language="ko")
    part, _victim = surveys(engine)
    assert part.status == "not_texted" and "reads Korean" in part.reason
    assert texts_to(engine, PARTICIPANT) == []
