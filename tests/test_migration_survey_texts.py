"""Migration 0021 moves survey questions from two columns (English, Spanish) to one row per
language, with the questions surveys already sent keep; the downgrade puts them back. On SQLite
and PostgreSQL, with data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import MetaData, Table, insert, inspect, select
from sqlmodel import Session

from service import migrations
from service.db import make_engine
from service.models import (
    Case,
    Hearing,
    HearingKind,
    Party,
    Person,
    Program,
    Survey,
    SurveyQuestion,
    Venue,
)
from service.surveys.questions import program_questions

START = datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
FAIR_EN = "Was it fair? Reply 1 (not at all) to 5 (very)"
FAIR_ES = "¿Fue justa? Responda 1 (nada) a 5 (muy justa)"
HEARD_EN = "Did you feel heard? Reply Y or N"
OLD_KEPT = [
    {"kind": "scale", "text_en": FAIR_EN, "text_es": FAIR_ES, "fairness": True},
    {"kind": "yes_no", "text_en": HEARD_EN, "text_es": "", "fairness": False},
]


def _old_row(conn, row, **extra):
    """Write a model's row into the 0020 schema (its columns only, `extra` for the ones the
    model no longer names); returns its id."""
    table = Table(row.__tablename__, MetaData(), autoload_with=conn)
    values = {c.name: getattr(row, c.name) for c in table.columns if hasattr(row, c.name)}
    values.pop("id", None)
    return conn.execute(insert(table).values(values | extra)).inserted_primary_key[0]


@pytest.fixture
def at_0020(backend, request, tmp_path):
    """A database at 0020 with a program's two questions and a survey sent with them."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = request.getfixturevalue("pg_server").create(migrated=False)
    engine = make_engine(url)
    migrations.upgrade(engine, "0020")
    with engine.begin() as c:
        program = _old_row(c, Program(code="NJP", name="NJP"))
        for n, q in enumerate(OLD_KEPT):
            _old_row(
                c, SurveyQuestion(program_id=program, position=n, kind=q["kind"],
                                  fairness=q["fairness"]),
                text_en=q["text_en"], text_es=q["text_es"],
            )  # fmt: skip
        kind = _old_row(c, HearingKind(program_id=program, code="panel", name="Panel"))
        venue = _old_row(c, Venue(name="Room", address="1 Main St", lat=34.1, lon=-118.3))
        case = _old_row(
            c, Case(program_id=program, external_ref="R1", referred_on=date(2026, 11, 1))
        )
        hearing = _old_row(
            c, Hearing(case_id=case, kind_id=kind, venue_id=venue, start_at=START,
                       end_at=START + timedelta(hours=1), status="held", ical_uid="h1@x"),
        )  # fmt: skip
        person = _old_row(c, Person(full_name="Rosa Villanueva", language="es"))
        party = _old_row(c, Party(case_id=case, person_id=person, role="participant"))
        _old_row(
            c, Survey(hearing_id=hearing, case_id=case, party_id=party, role="participant",
                      language="es", questions=OLD_KEPT),
        )  # fmt: skip
    yield engine, program
    engine.dispose()


def _kept(engine) -> list[dict]:
    survey = Table("survey", MetaData(), autoload_with=engine)
    with engine.connect() as c:
        stored = c.execute(select(survey.c.questions)).scalar_one()
    return json.loads(stored) if isinstance(stored, str) else stored


def test_upgrade_moves_the_texts_and_the_downgrade_puts_them_back(at_0020):
    engine, program_id = at_0020
    migrations.upgrade(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("survey_question")}
    assert "text_en" not in columns and "text_es" not in columns
    with Session(engine) as s:
        questions = program_questions(s, s.get(Program, program_id))
    assert [(q.kind, q.texts, q.fairness) for q in questions] == [
        ("scale", {"en": FAIR_EN, "es": FAIR_ES}, True),
        ("yes_no", {"en": HEARD_EN}, False),  # an empty Spanish text is no text
    ]
    assert _kept(engine) == [
        {"kind": "scale", "texts": {"en": FAIR_EN, "es": FAIR_ES}, "fairness": True},
        {"kind": "yes_no", "texts": {"en": HEARD_EN}, "fairness": False},
    ]
    texts = Table("survey_question_text", MetaData(), autoload_with=engine)
    with engine.begin() as c:  # a language the old schema cannot hold
        first = min(q for (q,) in c.execute(select(texts.c.question_id)).all())
        c.execute(insert(texts).values(question_id=first, language="ko", text="공정했나요? 1-5"))

    migrations.downgrade(engine, "0020")
    assert "survey_question_text" not in inspect(engine).get_table_names()
    old = Table("survey_question", MetaData(), autoload_with=engine)
    with engine.connect() as c:
        rows = c.execute(
            select(old.c.kind, old.c.text_en, old.c.text_es).order_by(old.c.position)
        ).all()
    assert [tuple(r) for r in rows] == [("scale", FAIR_EN, FAIR_ES), ("yes_no", HEARD_EN, "")]
    assert _kept(engine) == OLD_KEPT

    migrations.upgrade(engine)  # and up again, with the same data
    with Session(engine) as s:
        again = program_questions(s, s.get(Program, program_id))
    assert [q.texts for q in again] == [{"en": FAIR_EN, "es": FAIR_ES}, {"en": HEARD_EN}]
