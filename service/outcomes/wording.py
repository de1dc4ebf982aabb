"""Obligation names, progress and dates as participants read them, in their language."""

from __future__ import annotations

from datetime import date

from notifications import i18n
from notifications.i18n import N_
from service.messaging.wording import lang_of, short_date

# Texts name an obligation only by its kind, never by the coordinator's free-text label, which
# may carry case details (docs/DESIGN.md §6: no charge or case detail in a text). English here;
# each language's words are in its catalog.
KIND_LABELS = {
    "community_service": N_("community service"),
    "restitution": N_("restitution payment"),
    "apology_letter": N_("apology letter"),
    "essay": N_("essay"),
    "class": N_("class"),
    "counselling": N_("counselling"),
    "check_in": N_("check-ins"),
    "civic_engagement": N_("civic engagement hours"),
    "other": N_("agreement task"),
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
    if kind not in KIND_LABELS:
        return kind.replace("_", " ")
    return i18n.gettext(lang_of(language), KIND_LABELS[kind])


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
    # The plural follows the target ("1 of 1 hour done"); a fraction reads as plural.
    count = int(target) if target == int(target) else 2
    if kind in HOURS_KINDS:
        return i18n.ngettext(
            lang, "%(done)s of %(target)s hour done", "%(done)s of %(target)s hours done", count,
            done=_num(done), target=_num(target),
        )  # fmt: skip
    if kind == "restitution":
        paid, owed = f"${done:,.2f}", f"${target:,.2f}"
        return i18n.gettext(lang, "%(done)s of %(target)s paid", done=paid, target=owed)
    if kind == "check_in":
        return i18n.ngettext(
            lang, "%(done)s of %(target)s check-in", "%(done)s of %(target)s check-ins", count,
            done=_num(done), target=_num(target),
        )  # fmt: skip
    return ""


def due_text(day: date, language: str | None) -> str:
    """'Fri, Jan 16' or 'vie, 16 ene'."""
    return short_date(day, language)
