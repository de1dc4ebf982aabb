"""Every SMS template renders in every language, within two segments, with no carrier keyword."""

import re
from pathlib import Path

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
# What the service passes is formatted in the recipient's language.
BY_LANG = {
    "en": {
        "role": "facilitator",
        "when": "Wed Dec 16, 6:30 PM",
        "options": ["Tue Dec 15, 6:30 PM", "Thu Dec 17, 6:30 PM", "Sat Dec 19, 10:00 AM"],
        "items": [
            "Neighborhood Justice Program meeting Tue Dec 8, 6:30 PM",
            "Neighborhood Justice Program meeting Sat Dec 12, 10:00 AM",
            "Neighborhood Justice Program meeting Wed Dec 16, 6:30 PM",
        ],
        "obligation_label": "community service",
        "due_date_text": "Fri Jan 15",
        "progress_text": "12 of 20 hours done",
        "question": "Would you recommend it to someone in your place? Reply Y or N",
    },
    "es": {
        "role": "facilitadora",
        "when": "mié 16 dic, 6:30 p. m.",
        "options": ["mar 15 dic, 6:30 p. m.", "jue 17 dic, 6:30 p. m.", "sáb 19 dic, 10:00 a. m."],
        "items": [
            "reunión de Neighborhood Justice Program, mar 8 dic, 6:30 p. m.",
            "reunión de Neighborhood Justice Program, sáb 12 dic, 10:00 a. m.",
            "reunión de Neighborhood Justice Program, mié 16 dic, 6:30 p. m.",
        ],
        "obligation_label": "servicio comunitario",
        "due_date_text": "vie 15 de enero",
        "progress_text": "12 de 20 horas completadas",
        "question": "¿Recomendaría la reunión a alguien en su lugar? Responda SÍ o NO",
    },
}
EXPECTED_NAMES = sorted(SMS_VARIABLES)


def context(lang: str, name: str, **overrides) -> dict:
    ctx = {**COMMON, **BY_LANG[lang], "days_before": 3, "confirmed": False, **overrides}
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


def test_every_contract_name_exists_in_en_and_es():
    assert template_names() == EXPECTED_NAMES
    assert {"en", "es"} <= set(available_languages())
    for name in EXPECTED_NAMES:
        for lang in ("en", "es"):
            assert (DEFAULT_TEMPLATES_DIR / "sms" / f"{name}.{lang}.txt").is_file(), (name, lang)


def test_templates_use_exactly_their_documented_variables():
    env = jinja2.Environment()
    env.filters["first_name"] = str  # parsing only needs the filter to exist
    for path in sorted((DEFAULT_TEMPLATES_DIR / "sms").glob("*.txt")):
        name = path.name.split(".")[0]
        used = meta.find_undeclared_variables(env.parse(path.read_text(encoding="utf-8")))
        assert used == set(SMS_VARIABLES[name]), path.name


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
    assert "reply 1 for Tue Dec 15, 6:30 PM, 2 for Thu Dec 17, 6:30 PM, 3 for Sat Dec 19" in options
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


def test_templates_dir_can_be_overridden(tmp_path: Path):
    (tmp_path / "sms").mkdir()
    (tmp_path / "sms" / "hello.en.txt").write_text("Hi {{ who }}!\n", encoding="utf-8")
    (tmp_path / "sms" / "hello.tl.txt").write_text("Kumusta {{ who }}!\n", encoding="utf-8")
    assert template_names(tmp_path) == ["hello"]
    assert available_languages(tmp_path) == ["en", "tl"]
    assert render_sms("hello", "tl", templates_dir=tmp_path, who="Ana") == "Kumusta Ana!"


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
