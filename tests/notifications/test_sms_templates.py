"""Every SMS template renders in every language with a complete catalog, within two segments,
with no carrier keyword."""

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
import pytest
from jinja2 import meta

from notifications.segments import count_segments
from notifications.templates import (
    DEFAULT_TEMPLATES_DIR,
    SMS_VARIABLES,
    available_languages,
    fold_to_gsm7,
    render_sms,
    template_names,
)
from service.messaging.wording import role_label, short_date, when
from service.outcomes.wording import kind_label, progress_text
from service.schemas.meetings import MEETING_LINK_MAX, ROOM_TOKEN_LENGTH

CARRIER_WORDS = [
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
    "START", "UNSTOP", "HELP", "INFO",
]  # fmt: skip
LONG_NAME = "María Guadalupe Hernández-Villanueva"
COMMON = {
    "program_name": "Neighborhood Justice Program",
    "venue_name": "Southeast Community Center Multipurpose Room",
    "venue_address": "1550 Evans Ave, Suite 2, San Francisco, CA 94124",
    "ics_url": "https://convene.example.org/h/Ab3dE6gH9jK2mN5pQ8.ics",
    "program_phone": "(415) 555-0142",
    "meeting_url": "",
    "url": "https://convene.example.org/v/Ab3dE6gH9jK2mN5pQ8xZ",
    "volunteer_name": LONG_NAME,
    "person_name": LONG_NAME,
    # a coordinator's answer from the inbox, at the form's 300-character limit
    "text": (
        "Hello, this is the program office. Your meeting is still on for next week at the library. "
        "Please bring a photo ID if you have one and arrive ten minutes early. If you need a ride or "
        "an interpreter, call us at the number on your letter and we will help you. Thank you!"
    )[:300],
}
# What the service passes is formatted in the recipient's language, as the service formats it
# (CLDR dates, the catalog's roles and obligation words), so a new catalog is measured with its
# own words: a Wednesday in September ("sept" in Spanish) at 10:30 AM, a long role and the longest
# obligation, and the five numbered items `which_request` lists at most.
ZONE = ZoneInfo("America/Los_Angeles")
START = datetime(2026, 9, 16, 17, 30, tzinfo=UTC)
QUESTIONS = {
    "en": "Would you recommend it to someone in your place? Reply Y or N",
    "es": "¿Recomendaría la reunión a alguien en su lugar? Responda SÍ o NO",
}


def by_lang(lang: str) -> dict:
    def at(days: int) -> str:
        return when(START + timedelta(days=days), lang, ZONE)

    role = role_label("facilitator", lang)
    return {
        "role": role,
        "when": at(0),
        "options": [at(-1), at(1), at(3)],
        "items": [f"{role}, {at(days)}" for days in (0, 2, 5, 7, 9)],
        "obligation_label": kind_label("civic_engagement", lang),
        "due_date_text": short_date(date(2027, 9, 15), lang),
        "progress_text": progress_text("community_service", 12, 20, lang),
        "question": QUESTIONS.get(lang, QUESTIONS["en"]),
    }


EXPECTED_NAMES = sorted(SMS_VARIABLES)


def context(lang: str, name: str, **overrides) -> dict:
    ctx = {**COMMON, **by_lang(lang), "days_before": 3, "confirmed": False, **overrides}
    return {key: ctx[key] for key in SMS_VARIABLES[name]}


# An online hearing's link as Convene makes it (meetings.room_token: 24 characters), and the
# longest one a coordinator may paste.
MEETING_URL = "https://meet.jit.si/convene-" + "k" * ROOM_TOKEN_LENGTH
LONGEST_LINK = "https://us02web.zoom.us/j/" + "1" * (MEETING_LINK_MAX - 26)


def all_renders():
    for name in template_names():
        for lang in available_languages():
            for days in (0, 1, 3) if name == "participant_reminder" else (3,):
                links = ("", MEETING_URL, LONGEST_LINK)
                for link in links if "meeting_url" in SMS_VARIABLES[name] else ("",):
                    ctx = context(lang, name, days_before=days, meeting_url=link)
                    yield name, lang, render_sms(name, lang, **ctx)


def test_online_texts_carry_the_whole_link_and_no_address():
    for name in [n for n in template_names() if "meeting_url" in SMS_VARIABLES[n]]:
        for lang in available_languages():
            text = render_sms(name, lang, **context(lang, name, meeting_url=MEETING_URL))
            assert MEETING_URL in text and "Evans Ave" not in text, (name, lang, text)
            in_person = render_sms(name, lang, **context(lang, name))
            assert "meet.jit.si" not in in_person and "Evans Ave" in in_person


def test_every_contract_name_exists_once_for_every_language():
    assert template_names() == EXPECTED_NAMES
    assert {"en", "es"} <= set(available_languages())
    for name in EXPECTED_NAMES:
        assert (DEFAULT_TEMPLATES_DIR / "sms" / f"{name}.txt").is_file(), name
    # No text is written per language any more: its sentences are in the catalogs.
    assert not list((DEFAULT_TEMPLATES_DIR / "sms").glob("*.*.txt"))
    assert not list((DEFAULT_TEMPLATES_DIR / "email").glob("*.*.*"))


def test_templates_use_exactly_their_documented_variables():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(DEFAULT_TEMPLATES_DIR)))
    env.filters["first_name"] = str  # parsing only needs the filter to exist
    gettext = {"_", "gettext", "ngettext"}
    for name in template_names():
        path = DEFAULT_TEMPLATES_DIR / "sms" / f"{name}.txt"
        used = meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
        assert used - gettext == set(SMS_VARIABLES[name]), path.name


@pytest.mark.parametrize(("name", "lang", "text"), list(all_renders()))
def test_rendered_within_two_segments(name, lang, text):
    info = count_segments(text)
    assert info.segments <= 2, f"{name}.{lang}: {info} {text!r}"
    assert text == text.strip() and "{{" not in text and "{%" not in text


@pytest.mark.parametrize(("name", "lang", "text"), list(all_renders()))
def test_no_carrier_keyword_as_a_word_or_reply_instruction(name, lang, text):
    if name == "stop_question":
        # The one exception: a reply that might be an opt-out is asked to send STOP (issue 17).
        assert "STOP" in text and "START" not in text
        return
    for word in CARRIER_WORDS:
        assert not re.search(rf"\b{word}\b", text), f"{word} in {name}.{lang}: {text!r}"
    instruction = re.compile(
        r"\b(reply|text|send|responda|env[ií]e|escriba|conteste)\s+[\"'“]?("
        + "|".join(CARRIER_WORDS)
        + r")\b",
        re.IGNORECASE,
    )
    assert not instruction.search(text), f"{name}.{lang}: {text!r}"


@pytest.mark.parametrize(("name", "lang", "text"), list(all_renders()))
def test_no_case_detail_words(name, lang, text):
    # Participants are justice-involved people: a text names the program, never the matter.
    banned = (
        r"\b(case|charge[sd]?|offen[cs]e|crime|criminal|arrest|theft|court|caso|cargos?|"
        r"delito|crimen|arresto|robo|tribunal|corte)\b"
    )
    assert not re.search(banned, text, re.IGNORECASE), f"{name}.{lang}: {text!r}"


def test_prompts_ask_for_y_n_change_or_numbers():
    en = render_sms("participant_hearing", "en", **context("en", "participant_hearing"))
    assert "Reply Y to confirm or CHANGE if you need another time" in en
    invite = render_sms("volunteer_invite", "en", **context("en", "volunteer_invite"))
    assert invite.endswith("Reply Y to accept or N to decline.")
    options = render_sms("reschedule_options", "en", **context("en", "reschedule_options"))
    assert (
        "reply 1 for Tue, Sep 15, 10:30 AM, 2 for Thu, Sep 17, 10:30 AM, 3 for Sat, Sep 19"
        in options
    )
    assert options.endswith("or 0 if none of these work.")


def test_which_request_is_a_numbered_list():
    text = render_sms("which_request", "en", items=["first thing", "second thing"])
    assert text.splitlines()[1:] == ["1) first thing", "2) second thing"]
    es = render_sms("which_request", "es", items=["uno", "dos"])
    assert es.splitlines()[0].startswith("¿A qué solicitud")


def test_spanish_is_spanish_with_accents_when_it_fits():
    text = render_sms("participant_confirmed_ack", "es", person_name="Ana", program_name="NJP",
                      when="mié 16 dic")  # fmt: skip
    assert text == "Gracias, Ana. Su reunión de NJP del mié 16 dic está confirmada. ¡Hasta pronto!"


def test_long_text_is_folded_to_gsm7_instead_of_a_third_segment():
    ctx = context("es", "participant_hearing")
    text = render_sms("participant_hearing", "es", **ctx)
    assert count_segments(text).encoding == "GSM-7"
    assert "Hola Maria: su reunion de" in text and "Responda SI para confirmar" in text


def test_fold_to_gsm7_keeps_gsm_letters():
    assert fold_to_gsm7("María Ñúñez “Pérez” — ¿sí?") == 'Maria Ñuñez "Pérez" - ¿si?'


def test_unknown_language_falls_back_to_english():
    assert render_sms("case_completed", "fr", person_name="Ana", program_name="NJP") == (
        render_sms("case_completed", "en", person_name="Ana", program_name="NJP")
    )


def test_missing_variable_is_an_error():
    with pytest.raises(jinja2.UndefinedError):
        render_sms("case_completed", "en", person_name="Ana")


def test_unknown_template_is_an_error():
    with pytest.raises(LookupError):
        render_sms("no_such_message", "en")


POT_HEAD = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_templates_dir_can_be_overridden(tmp_path: Path):
    (tmp_path / "sms").mkdir()
    (tmp_path / "i18n").mkdir()
    (tmp_path / "sms" / "hello.txt").write_text('{{ _("Hi %(who)s!", who=who) }}\n', "utf-8")
    pot = POT_HEAD + 'msgid "Hi %(who)s!"\nmsgstr ""\n'
    (tmp_path / "i18n" / "messages.pot").write_text(pot, "utf-8")
    po = POT_HEAD + 'msgid "Hi %(who)s!"\nmsgstr "Kumusta %(who)s!"\n'
    (tmp_path / "i18n" / "tl.po").write_text(po, "utf-8")
    assert template_names(tmp_path) == ["hello"]
    assert available_languages(tmp_path) == ["en", "tl"]
    assert render_sms("hello", "tl", templates_dir=tmp_path, who="Ana") == "Kumusta Ana!"


def test_an_incomplete_catalog_is_not_spoken_at_all(tmp_path: Path):
    """A half-translated text would mix languages: until its catalog is complete, a language
    gets every text whole in English."""
    (tmp_path / "sms").mkdir()
    (tmp_path / "i18n").mkdir()
    (tmp_path / "sms" / "hello.txt").write_text(
        '{{ _("Hi %(who)s!", who=who) }} {{ _("Bye.") }}\n', "utf-8"
    )
    pot = POT_HEAD + 'msgid "Hi %(who)s!"\nmsgstr ""\n\nmsgid "Bye."\nmsgstr ""\n'
    (tmp_path / "i18n" / "messages.pot").write_text(pot, "utf-8")
    po = POT_HEAD + 'msgid "Hi %(who)s!"\nmsgstr "Kumusta %(who)s!"\n'
    (tmp_path / "i18n" / "tl.po").write_text(po, "utf-8")
    assert available_languages(tmp_path) == ["en"]
    assert render_sms("hello", "tl", templates_dir=tmp_path, who="Ana") == "Hi Ana! Bye."


def test_participant_reminder_days_wording():
    base = context("en", "participant_reminder")
    assert "is tomorrow," in render_sms("participant_reminder", "en", **{**base, "days_before": 1})
    assert "is today," in render_sms("participant_reminder", "en", **{**base, "days_before": 0})
    assert "is in 3 days," in render_sms("participant_reminder", "en", **base)
    es = context("es", "participant_reminder")
    assert "es mañana," in render_sms("participant_reminder", "es", **{**es, "days_before": 1})


def test_regional_language_tags_use_their_language():
    ctx = {"person_name": "Ana", "program_name": "NJP"}
    es = render_sms("case_completed", "es", **ctx)
    assert render_sms("case_completed", "es-MX", **ctx) == es
    assert render_sms("case_completed", "ES_us", **ctx) == es
    assert render_sms("case_completed", "", **ctx) == render_sms("case_completed", "en", **ctx)
