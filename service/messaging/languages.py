"""The languages Convene can text, and in which language (if any) a person or volunteer is texted.

The one home of this rule. A language can be texted when its message catalog is complete
(`notifications.i18n.complete_languages`: every message translated, none fuzzy, placeholders
kept; `convene messages missing LANG` lists what one lacks), not a hand-kept list. Someone who reads
another language is texted in English only once a coordinator has chosen so (recorded on the
person or volunteer as `texts_in_english_ok_at`); until then they are not texted at all, never
silently in English.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from notifications import i18n
from notifications.i18n import DEFAULT_LANGUAGE
from service import audit
from service.db import utcnow
from service.errors import Invalid, NotFound
from service.models import Case, Party, Person, Volunteer
from service.wording import language_name

# The languages Los Angeles programs serve, offered at intake in this order after English.
SERVED = ("es", "ko", "hy", "zh", "vi", "tl", "ru", "fa", "ja", "km", "th", "ar")


def sms_languages(catalog_dir: Path = i18n.CATALOG_DIR) -> frozenset[str]:
    """The languages whose catalog is complete: the ones Convene can text."""
    return i18n.complete_languages(catalog_dir)


def primary(code: str | None) -> str:
    """A language code's primary subtag: 'es-MX' -> 'es', '' -> 'en'."""
    return (code or DEFAULT_LANGUAGE).strip().lower().replace("_", "-").split("-")[0]


def language_of(row: Person | Volunteer) -> str:
    """The language a person or volunteer reads, as recorded."""
    return row.preferred_language if isinstance(row, Volunteer) else row.language


def can_text_in(code: str | None) -> bool:
    """Whether Convene has every text in this language."""
    return primary(code) in sms_languages()


def text_language(row: Person | Volunteer) -> str | None:
    """The language this person's texts go out in: their own, English by a coordinator's
    recorded choice, or None (not texted until a coordinator chooses)."""
    lang = primary(language_of(row))
    if lang in sms_languages():
        return lang
    return DEFAULT_LANGUAGE if row.texts_in_english_ok_at is not None else None


def texts_in(row: Person | Volunteer) -> str | None:
    """The API's read-only word on texts: the language they go out in, or None (not texted:
    no mobile, no consent, or waiting for a coordinator's choice of language)."""
    return text_language(row) if row.mobile and row.sms_consent else None


def email_language(row: Volunteer) -> str | None:
    """The language a volunteer's emails (calendar invites, updates, cancellations) go out in:
    the texts' rule, so one choice covers both; None: not sent until a coordinator chooses."""
    return text_language(row)


def reachable(row: Person | Volunteer) -> bool:
    """Whether Convene would text (mobile and consent) or, a volunteer, email this person, had
    it their language: who a missing language leaves unreached."""
    email = isinstance(row, Volunteer) and bool(row.email)
    return bool(row.mobile and row.sms_consent) or email


def waits_for_choice(row: Person | Volunteer) -> bool:
    """Whether a coordinator must choose how to reach this person before any text goes out."""
    return text_language(row) is None


def no_catalog_words(row: Person | Volunteer) -> str:
    """'reads Korean; Convene has no Korean texts' (why they are not texted)."""
    name = language_name(primary(language_of(row)))
    return f"reads {name}; Convene has no {name} texts"


def to_do_words(row: Person | Volunteer) -> str:
    """What the coordinator is told: 'Jin-woo Park reads Korean; Convene has no Korean texts:
    call, or choose to text in English'."""
    return f"{row.full_name} {no_catalog_words(row)}: call, or choose to text in English"


def choice_words(row: Person | Volunteer) -> str:
    """How texts reach them, in words, for the case and volunteer pages."""
    lang = text_language(row)
    if lang is None:
        return f"Not texted: {no_catalog_words(row)}"
    if primary(language_of(row)) != lang:
        return f"Texted in English (chosen by a coordinator; reads {language_name(primary(language_of(row)))})"
    return f"Texted in {language_name(lang)}"


def intake_note() -> str:
    """What the intake form says under the language: which languages Convene texts in."""
    names = sorted(language_name(code) for code in sms_languages())
    listed = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return (
        f"Convene texts only in {listed} for now: someone who reads another language is not "
        "texted until a coordinator chooses to text them in English (the case page asks)."
    )


def intake_choices() -> list[tuple[str, str]]:
    """The languages the intake form offers: (code, name), English first."""
    return [(code, language_name(code)) for code in (DEFAULT_LANGUAGE, *SERVED)]


def texting(row: Person | Volunteer) -> dict:
    """What the case and volunteer pages show of a person's texts: the words, and whether the
    "Text in English" button is offered (only while a text would otherwise not go out)."""
    waiting = reachable(row) and waits_for_choice(row)
    return {"words": to_do_words(row) if waiting else choice_words(row), "waits": waiting}


def choose_english(session: Session, row: Person | Volunteer, caller: audit.Caller) -> None:
    """Record a coordinator's choice to text this person or volunteer in English (audited)."""
    if not waits_for_choice(row):
        lang = language_name(text_language(row))
        raise Invalid(
            f"{row.full_name} is already texted in {lang}; nothing to choose", field="language"
        )
    row.texts_in_english_ok_at = utcnow()
    session.add(row)
    entity = "volunteer" if isinstance(row, Volunteer) else "person"
    audit.by(session, caller, "texts_in_english", entity, row.id, detail=no_catalog_words(row))


def party_person(session: Session, case: Case, party_id: int) -> Person:
    """The person of one party of this case (NotFound for a party of another case)."""
    party = session.get(Party, party_id)
    if party is None or party.case_id != case.id:
        raise NotFound("party not found")
    return session.get(Person, party.person_id)
