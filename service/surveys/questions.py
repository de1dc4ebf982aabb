"""A program's survey questions (its own, or the defaults), each in the languages it is written
in, checked to fit in two SMS segments; a language gets the survey once every question is
written in it (`survey_language`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, delete, select

from notifications.segments import count_segments
from notifications.templates import MAX_SEGMENTS, render_sms_report
from service import audit
from service.accounts.auth import Principal
from service.db import utcnow
from service.errors import Invalid
from service.messaging import languages
from service.models import Person, Program, SurveyQuestion, SurveyQuestionText
from service.models.base import SurveyKind
from service.wording import language_name

# Every question is written in English: anyone may be texted in English by a coordinator's choice.
REQUIRED = "en"
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
    """One question as a survey asks it: how it is answered, its words by language, whether it
    rates fairness."""

    kind: str
    texts: dict[str, str] = field(default_factory=dict)
    fairness: bool = False

    def text(self, lang: str) -> str:
        """The question in `lang` ('' when it is not written in it)."""
        return self.texts.get(lang, "")

    def as_dict(self) -> dict:
        """As a survey keeps it (the questions as they were when it began)."""
        return {"kind": self.kind, "texts": dict(self.texts), "fairness": self.fairness}


DEFAULTS = (
    Question(
        SurveyKind.scale.value,
        {
            "en": "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)",
            "es": "¿La reunión fue justa con usted? Responda 1 (nada) a 5 (muy justa)",
        },
        fairness=True,
    ),
    Question(
        SurveyKind.yes_no.value,
        {
            "en": "Would you recommend it to someone in your place? Reply Y or N",
            "es": "¿Se la recomendaría a alguien en su lugar? Responda SÍ o NO",
        },
    ),
)


def written_in(questions: list[Question] | list[dict]) -> set[str]:
    """The languages every one of these questions (or a survey's kept ones) is written in."""
    sets = [set((q.texts if isinstance(q, Question) else q["texts"]).keys()) for q in questions]
    return set.intersection(*sets) if sets else set()


def survey_language(person: Person, questions: list[Question]) -> str | None:
    """The language this person is asked the survey in: that of their texts (languages.py),
    when every question is written in it; None: not asked (never silently in English)."""
    lang = languages.text_language(person)
    return lang if lang in written_in(questions) else None


def not_written_words(person: Person) -> str:
    """Why the survey did not go to someone whose texts go out in a language it lacks."""
    name = language_name(languages.text_language(person) or languages.primary(person.language))
    return f"the survey's questions are not written in {name}"


def form_languages(questions: list[Question]) -> list[str]:
    """The languages the admin page edits: every language Convene can text, English first,
    and any other a stored question is written in (so saving loses none)."""
    have = set(languages.sms_languages()) | {lang for q in questions for lang in q.texts}
    return [REQUIRED, *sorted(have - {REQUIRED}, key=language_name)]


def program_questions(session: Session, program: Program) -> list[Question]:
    """The program's questions in order, or the defaults when it has set none."""
    rows = session.exec(
        select(SurveyQuestion)
        .where(SurveyQuestion.program_id == program.id)
        .order_by(SurveyQuestion.position)
    ).all()
    if not rows:
        return list(DEFAULTS)
    texts: dict[int, dict[str, str]] = {r.id: {} for r in rows}
    for t in session.exec(
        select(SurveyQuestionText).where(SurveyQuestionText.question_id.in_(list(texts)))
    ).all():
        texts[t.question_id][t.language] = t.text
    return [Question(r.kind, texts[r.id], r.fairness) for r in rows]


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
        errors["form"] = "Ask at least one question: fill in question 1 in English"
    if len(questions) > MAX_QUESTIONS:
        errors["form"] = f"Ask at most {MAX_QUESTIONS} questions: people answer a short survey"
    langs = form_languages(questions)
    for n, q in enumerate(questions, start=1):
        if q.kind not in (SurveyKind.scale.value, SurveyKind.yes_no.value):
            errors[f"kind_{n}"] = (
                f"Question {n}, how it is answered: “{q.kind}” is not one of the choices; "
                "pick a rating from 1 to 5 or yes or no"
            )
        for lang in langs:
            text = q.text(lang).strip()
            key, where = f"text_{lang}_{n}", f"Question {n} in {language_name(lang)}"
            written = [m for m, other in enumerate(questions, start=1) if other.text(lang).strip()]
            if not text and lang == REQUIRED:
                errors[key] = f"{where}: write the question as people will read it"
            elif not text and written:
                errors[key] = (
                    f"{where}: write it as people will read it, as question {written[0]} is, "
                    f"or leave {language_name(lang)} blank in every question (then nobody who "
                    f"reads {language_name(lang)} is sent the survey)"
                )
            elif not text:
                continue
            elif len(text) > MAX_TEXT:
                errors[key] = f"{where}: {len(text)} characters; at most {MAX_TEXT}"
            elif m := _CARRIER_REPLY.search(text):
                errors[key] = (
                    f"{where}: “{m.group(0)}” asks for a word carriers act on themselves "
                    "(an opt-out or help); ask for a number or Y / N"
                )
            elif (
                lang in languages.sms_languages()
                and (seg := segments(program, text, lang))["too_long"]
            ):
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
    old = select(SurveyQuestion.id).where(SurveyQuestion.program_id == program.id)
    session.exec(delete(SurveyQuestionText).where(SurveyQuestionText.question_id.in_(old)))
    session.exec(delete(SurveyQuestion).where(SurveyQuestion.program_id == program.id))
    for n, q in enumerate(questions):
        row = SurveyQuestion(
            program_id=program.id, position=n, kind=q.kind, fairness=q.fairness,
            updated_at=utcnow(),
        )  # fmt: skip
        session.add(row)
        session.flush()
        for lang, text in q.texts.items():
            if text.strip():
                session.add(
                    SurveyQuestionText(question_id=row.id, language=lang, text=text.strip())
                )
    session.flush()
    kinds = ", ".join(q.kind for q in questions)
    langs = ", ".join(sorted(written_in(questions)))
    audit.by(
        session, principal, "update", "survey_questions", program.id,
        detail=f"{len(questions)} question(s): {kinds}; in {langs}",
    )  # fmt: skip


def form_rows(program: Program, questions: list[Question]) -> list[dict]:
    """The admin form's rows (always MAX_QUESTIONS, the unused ones blank), each text in each
    language the page edits, with the segments it will cost as sent."""
    rows = []
    for n in range(1, MAX_QUESTIONS + 1):
        q = questions[n - 1] if n <= len(questions) else Question(SurveyKind.scale.value)
        texts = []
        for lang in form_languages(questions):
            text = q.text(lang).strip()
            textable = lang in languages.sms_languages()
            texts.append(
                {
                    "lang": lang,
                    "name": language_name(lang),
                    "text": q.text(lang),
                    "seg": segments(program, text, lang) if text and textable else None,
                    "textable": textable,
                }
            )
        rows.append({"n": n, "kind": q.kind, "fairness": q.fairness, "texts": texts})
    return rows


def unwritten(questions: list[Question]) -> list[str]:
    """The languages Convene can text that the questions are not all written in, by name: who
    reads one of them is not sent the survey."""
    have = written_in(questions)
    return [
        language_name(lang)
        for lang in form_languages(questions)
        if lang in languages.sms_languages() and lang not in have
    ]


def from_form(kinds: list[str], texts: dict[str, list[str]], fairness: str) -> list[Question]:
    """The questions typed in the form, in order (`texts`: language -> each question's text);
    a row left blank in every language is unused."""
    out = []
    for n, kind in enumerate(kinds, start=1):
        typed = {
            lang: (column[n - 1] if n <= len(column) else "") for lang, column in texts.items()
        }
        if not any(t.strip() for t in typed.values()):
            continue
        words = {lang: t.strip() for lang, t in typed.items() if t.strip()}
        out.append(Question(kind, words, fairness == str(n)))
    return out


def as_typed(kinds: list[str], texts: dict[str, list[str]], fairness: str) -> list[Question]:
    """Every row of the form as typed, blank ones in their place (a refused form is re-shown)."""
    return [
        Question(
            kind,
            {lang: column[n - 1] for lang, column in texts.items() if n <= len(column)},
            fairness == str(n),
        )
        for n, kind in enumerate(kinds, start=1)
    ]
