"""A program's survey questions (its own, or the defaults), checked to fit in two SMS segments."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlmodel import Session, delete, select

from notifications.segments import count_segments
from notifications.templates import MAX_SEGMENTS, render_sms_report
from service import audit
from service.accounts.auth import Principal
from service.db import utcnow
from service.errors import Invalid
from service.models import Program, SurveyQuestion
from service.models.base import SurveyKind

LANGUAGES = ("en", "es")
LANGUAGE_WORDS = {"en": "English", "es": "Spanish"}
MAX_QUESTIONS = 3
MAX_TEXT = 300
# The longest first name a preview greets, so the count is what most people will receive.
SAMPLE_PERSON = "Guadalupe Hernández"
# Carriers act on these words themselves (an opt-out, a help text): a question never asks for one.
_CARRIER_REPLY = re.compile(
    r"\b(reply|text|send|responda|env[ií]e|escriba|conteste)\s+[\"'“]?"
    r"(stop|stopall|unsubscribe|cancel|end|quit|revoke|optout|start|unstop|help|info)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Question:
    """One question as a survey asks it: how it is answered, its words, whether it rates fairness."""

    kind: str
    text_en: str
    text_es: str
    fairness: bool = False

    def text(self, lang: str) -> str:
        """The question in `lang` (en or es)."""
        return self.text_es if lang == "es" else self.text_en

    def as_dict(self) -> dict:
        """As a survey keeps it (the questions as they were when it began)."""
        return asdict(self)


DEFAULTS = (
    Question(
        SurveyKind.scale.value,
        "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)",
        "¿La reunión fue justa con usted? Responda 1 (nada) a 5 (muy justa)",
        fairness=True,
    ),
    Question(
        SurveyKind.yes_no.value,
        "Would you recommend it to someone in your place? Reply Y or N",
        "¿Se la recomendaría a alguien en su lugar? Responda SÍ o NO",
    ),
)


def program_questions(session: Session, program: Program) -> list[Question]:
    """The program's questions in order, or the defaults when it has set none."""
    rows = session.exec(
        select(SurveyQuestion)
        .where(SurveyQuestion.program_id == program.id)
        .order_by(SurveyQuestion.position)
    ).all()
    if not rows:
        return list(DEFAULTS)
    return [Question(r.kind, r.text_en, r.text_es, r.fairness) for r in rows]


def uses_defaults(session: Session, program: Program) -> bool:
    """Whether the program asks the default questions (it has saved none of its own)."""
    return (
        session.exec(
            select(SurveyQuestion.id).where(SurveyQuestion.program_id == program.id)
        ).first()
        is None
    )


def segments(program: Program, question: str, lang: str) -> dict:
    """The longest text this question travels in (the first, with the greeting and the
    program's name; or the reminder), its encoding and SMS segment count."""
    worst = None
    for template, extra in (
        ("survey_first", {"person_name": SAMPLE_PERSON}),
        ("survey_reminder", {}),
    ):
        rendered = render_sms_report(
            template, lang, question=question, program_name=program.name, **extra
        )
        info = count_segments(rendered.text)
        if worst is None or info.units > worst["units"]:
            worst = {
                "text": rendered.text,
                "segments": info.segments,
                "encoding": info.encoding,
                "units": info.units,
                "characters": len(question),
                "too_long": info.segments > MAX_SEGMENTS,
            }
    return worst


def check(program: Program, questions: list[Question]) -> dict[str, str]:
    """Each field's problem, in words, keyed `text_en_1`, `kind_2`...; empty when all is well."""
    errors: dict[str, str] = {}
    if not questions:
        errors["form"] = "Ask at least one question: fill in the English and Spanish of question 1"
    if len(questions) > MAX_QUESTIONS:
        errors["form"] = f"Ask at most {MAX_QUESTIONS} questions: people answer a short survey"
    for n, q in enumerate(questions, start=1):
        if q.kind not in (SurveyKind.scale.value, SurveyKind.yes_no.value):
            errors[f"kind_{n}"] = (
                f"Question {n}, how it is answered: “{q.kind}” is not one of the choices; "
                "pick a rating from 1 to 5 or yes or no"
            )
        for lang in LANGUAGES:
            text = q.text(lang).strip()
            key, where = f"text_{lang}_{n}", f"Question {n} in {LANGUAGE_WORDS[lang]}"
            if not text:
                errors[key] = f"{where}: write the question as people will read it"
            elif len(text) > MAX_TEXT:
                errors[key] = f"{where}: {len(text)} characters; at most {MAX_TEXT}"
            elif m := _CARRIER_REPLY.search(text):
                errors[key] = (
                    f"{where}: “{m.group(0)}” asks for a word carriers act on themselves "
                    "(an opt-out or help); ask for a number or Y / N"
                )
            elif (seg := segments(program, text, lang))["too_long"]:
                errors[key] = (
                    f"{where}: the text as sent would take {seg['segments']} SMS segments; "
                    f"at most {MAX_SEGMENTS}: shorten the question"
                )
    fairness = [n for n, q in enumerate(questions, start=1) if q.fairness]
    if len(fairness) > 1:
        errors["fairness"] = "Mark one question as the fairness question, not several"
    for n in fairness:
        if questions[n - 1].kind != SurveyKind.scale.value:
            errors["fairness"] = (
                f"Question {n} is answered yes or no; the fairness question must be a "
                "rating from 1 to 5 (4 or 5 counts as fair)"
            )
    return errors


def save_questions(
    session: Session, program: Program, questions: list[Question], principal: Principal
) -> None:
    """Replace the program's questions (surveys under way keep theirs); audited."""
    principal.require_program(program.id, write=True)
    errors = check(program, questions)
    if errors:
        raise Invalid(
            "check the marked fields",
            details=[{"field": k, "reason": v} for k, v in errors.items()],
        )
    session.exec(delete(SurveyQuestion).where(SurveyQuestion.program_id == program.id))
    for n, q in enumerate(questions):
        session.add(
            SurveyQuestion(
                program_id=program.id,
                position=n,
                kind=q.kind,
                text_en=q.text_en.strip(),
                text_es=q.text_es.strip(),
                fairness=q.fairness,
                updated_at=utcnow(),
            )
        )
    session.flush()
    kinds = ", ".join(q.kind for q in questions)
    audit.by(
        session, principal, "update", "survey_questions", program.id,
        detail=f"{len(questions)} question(s): {kinds}",
    )  # fmt: skip


def form_rows(program: Program, questions: list[Question]) -> list[dict]:
    """The admin form's rows (always MAX_QUESTIONS, the unused ones blank), each text with the
    segments it will cost as sent."""
    rows = []
    for n in range(1, MAX_QUESTIONS + 1):
        q = questions[n - 1] if n <= len(questions) else Question(SurveyKind.scale.value, "", "")
        row = {"n": n, "kind": q.kind, "fairness": q.fairness, "text_en": q.text_en,
               "text_es": q.text_es}  # fmt: skip
        for lang in LANGUAGES:
            text = q.text(lang).strip()
            row[f"seg_{lang}"] = segments(program, text, lang) if text else None
        rows.append(row)
    return rows


def from_form(kinds: list[str], en: list[str], es: list[str], fairness: str) -> list[Question]:
    """The questions typed in the form, in order; a row left blank in both languages is unused."""
    out = []
    for n, (kind, text_en, text_es) in enumerate(zip(kinds, en, es, strict=False), start=1):
        if not text_en.strip() and not text_es.strip():
            continue
        out.append(Question(kind, text_en.strip(), text_es.strip(), fairness == str(n)))
    return out
