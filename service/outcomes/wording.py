"""Obligation names, progress and dates as participants read them, in English and Spanish."""

from __future__ import annotations

from datetime import date

from service.messaging.wording import lang_of, short_date

# Texts name an obligation only by its kind, never by the coordinator's free-text label, which
# may carry case details (docs/DESIGN.md §6: no charge or case detail in a text).
KIND_LABELS = {
    "en": {
        "community_service": "community service",
        "restitution": "restitution payment",
        "apology_letter": "apology letter",
        "essay": "essay",
        "class": "class",
        "counselling": "counselling",
        "check_in": "check-ins",
        "civic_engagement": "civic engagement hours",
        "other": "agreement task",
    },
    "es": {
        "community_service": "servicio comunitario",
        "restitution": "pago de restitución",
        "apology_letter": "carta de disculpa",
        "essay": "ensayo",
        "class": "clase",
        "counselling": "consejería",
        "check_in": "reportes periódicos",
        "civic_engagement": "horas de participación cívica",
        "other": "tarea del acuerdo",
    },
}
# A hearing's status, a case's status and an attendance answer as a coordinator reads them.
HEARING_WORDS = {
    "scheduled": "scheduled",
    "held": "held",
    "no_show": "a no-show",
    "cancelled": "cancelled",
    "rescheduled": "not held (to be booked again)",
}
RESULT_WORDS = {
    "agreement": "Agreement reached",
    "no_agreement": "No agreement",
    "no_show": "No-show: the participant did not come",
    "rescheduled": "Did not take place as planned: book it again",
}
ATTENDANCE_WORDS = {"present": "present", "absent": "absent", "excused": "excused"}
HOURS_KINDS = frozenset({"community_service", "civic_engagement"})
PROOF_KINDS = frozenset({"apology_letter", "essay", "class", "counselling", "other"})


def kind_label(kind: str, language: str | None) -> str:
    """The generic name of an obligation kind in the reader's language."""
    return KIND_LABELS[lang_of(language)].get(kind, kind.replace("_", " "))


def hearing_words(status: str) -> str:
    """'held', 'a no-show', 'not held (to be booked again)'."""
    return HEARING_WORDS.get(status, status.replace("_", " "))


def _num(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def progress_text(kind: str, done: float, target: float | None, language: str | None) -> str:
    """'12 of 20 hours done', '$50.00 of $200.00 paid', '3 of 8 check-ins'; '' for proof tasks."""
    if target is None or kind in PROOF_KINDS:
        return ""
    lang = lang_of(language)
    if kind in HOURS_KINDS:
        unit = "horas hechas" if lang == "es" else "hours done"
        return f"{_num(done)} {'de' if lang == 'es' else 'of'} {_num(target)} {unit}"
    if kind == "restitution":
        word = "pagados" if lang == "es" else "paid"
        return f"${done:,.2f} {'de' if lang == 'es' else 'of'} ${target:,.2f} {word}"
    if kind == "check_in":
        unit = "reportes" if lang == "es" else "check-ins"
        return f"{_num(done)} {'de' if lang == 'es' else 'of'} {_num(target)} {unit}"
    return ""


def due_text(day: date, language: str | None) -> str:
    """'Fri Jan 16' or 'vie 16 ene'."""
    return short_date(day, language)
