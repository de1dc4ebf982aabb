"""Table-driven tests for reading SMS replies (English, Spanish, emoji)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notifications.replies import Intent, interpret, is_none_of_these, normalize, parse_choice

YES = [
    "Yes",
    "yes",
    "YES",
    "Y",
    "y",
    "y.",
    "Yes, I'll be there!",
    "yes I’ll be there",
    "yep",
    "Yeah",
    "yup!",
    "ok",
    "OK 👍",
    "Okay",
    "k",
    "sure",
    "Sure thing",
    "confirm",
    "Confirmed",
    "I accept",
    "Of course",
    "Count me in",
    "Sounds good, see you then",
    "No problem, I'll be there",
    "no worries, will be there",
    "👍",
    "👍🏽",
    "✅",
    "Y 👍",
    "Yes!!! 😀",
    "sí",
    "Sí",
    "SI",
    "si claro",
    "Sí, allí estaré",
    "Claro que sí",
    "claro",
    "de acuerdo",
    "Está bien",
    "vale",
    "Perfecto, gracias",
    "Por supuesto 🙏",
    "confirmo",
    "ahí estaré",
    "Sí puedo",
    "no hay problema",
]
NO = [
    "No",
    "no",
    "N",
    "n",
    "No, sorry",
    "no thanks",
    "Nope, can't make it",
    "nah",
    "I can't",
    "I cannot",
    "I can not",
    "can't make it",
    "I won't be there",
    "Decline",
    "not available",
    "Sorry, I'm busy",
    "not ok",
    "👎",
    "👎🏾",
    "❌",
    "no puedo",
    "No puedo, lo siento",
    "No podré asistir",
    "no voy a poder",
    "No, gracias",
    "no estaré",
    "claro que no",
    "No estoy disponible",
]
RESCHEDULE = [
    "CHANGE",
    "change",
    "Change please",
    "can we do another day",
    "Can we do another day?",
    "I need another time",
    "Is there a different day?",
    "reschedule",
    "Please reschedule",
    "No, can we do another day?",
    "Yes but I need to change the time",
    "can we postpone",
    "otro día",
    "Otro dia por favor",
    "reprogramar",
    "cambiar",
    "CAMBIAR",
    "Necesito cambiar la fecha",
    "¿Puede ser otra fecha?",
    "no puedo, ¿otro día?",
    "Sí, pero necesito cambiar la fecha",
    "¿Podemos posponer?",
]
STOP = [
    "STOP",
    "stop",
    "Stop.",
    "STOP!!!",
    " stop ",
    "Stop please",
    "STOPALL",
    "UNSUBSCRIBE",
    "unsubscribe",
    "CANCEL",
    "cancel",
    "END",
    "QUIT",
    "REVOKE",
    "OPTOUT",
    "opt out",
    "stop texting me",
    "Please stop texting me",
    "Stop sending me messages",
    "no more texts",
    "Don't text me",
    "PARAR",
    "parar",
    "no más mensajes",
    "No mas mensajes por favor",
    "Dejen de enviarme mensajes",
    "no me envíen más mensajes",
]
START = ["START", "start", "Start.", "UNSTOP", "unstop", "COMENZAR", "comenzar", "opt in"]
HELP = [
    "HELP",
    "help",
    "Help?",
    "help me",
    "INFO",
    "info",
    "AYUDA",
    "ayuda",
    "Ayuda por favor",
    "Who is this?",
    "what is this",
]  # who we are, and what our text is, is what the help reply answers (INDEPENDENT.md, BLIND3.md)
UNKNOWN = [
    "",
    "   ",
    "?",
    "...",
    "😀",
    "yes no",
    "Yes? No?",
    "y n",
    "maybe",
    "Maybe",
    "perhaps",
    "I'm not sure",
    "not sure yet",
    "quizás",
    "tal vez",
    "no sé",
    "thanks",
    "Gracias",
    "hello",
    "ok no",
    "sí no",
    "1",
    "I need to talk to someone",
]

MAYBE_STOP = ["cancel please", "the end", "not interested", "ya basta"]

CASES = (
    [(t, Intent.yes) for t in YES]
    + [(t, Intent.no) for t in NO]
    + [(t, Intent.reschedule) for t in RESCHEDULE]
    + [(t, Intent.stop) for t in STOP]
    + [(t, Intent.start) for t in START]
    + [(t, Intent.help) for t in HELP]
    + [(t, Intent.maybe_stop) for t in MAYBE_STOP]
    + [(t, Intent.unknown) for t in UNKNOWN]
)


def test_table_is_large_enough():
    assert len(CASES) >= 80


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_interpret(text, expected):
    assert interpret(text) is expected


def test_intent_is_a_str_enum_with_lowercase_values():
    assert [i.value for i in Intent] == [
        "yes",
        "no",
        "reschedule",
        "stop",
        "maybe_stop",
        "start",
        "help",
        "unknown",
    ]
    assert isinstance(Intent.yes, str)
    assert Intent("stop") is Intent.stop


def test_yes_is_an_answer_not_an_opt_in():
    # Twilio also treats YES as an opt-in keyword; for us it is always an answer.
    assert interpret("YES") is Intent.yes


def test_stop_inside_a_sentence_is_not_an_opt_out():
    assert interpret("I can't stop by on Tuesday") is not Intent.stop
    assert interpret("cancel my Tuesday meeting") is not Intent.stop


def test_normalize_drops_accents_apostrophes_and_emoji():
    assert normalize("¡Sí, allí ESTARÉ! 😀") == ["si", "alli", "estare"]
    assert normalize("I’ll can't") == ["ill", "cant"]


@given(st.text())
def test_interpret_never_raises_and_returns_an_intent(text):
    assert isinstance(interpret(text), Intent)


@given(st.text(), st.integers(min_value=0, max_value=20))
def test_parse_choice_is_none_or_in_range(text, n):
    choice = parse_choice(text, n)
    assert choice is None or 1 <= choice <= n
    assert isinstance(is_none_of_these(text), bool)


CHOICES = [
    ("2", 3, 2),
    ("#2", 3, 2),
    ("# 2", 3, 2),
    ("option 2", 3, 2),
    ("Option 3", 3, 3),
    ("la 2", 3, 2),
    ("La 1 por favor", 3, 1),
    ("opción 3", 3, 3),
    ("2.", 3, 2),
    ("2!", 3, 2),
    ("2️⃣", 3, 2),
    ("1 please", 3, 1),
    ("number 1", 3, 1),
    ("two", 3, 2),
    ("dos", 3, 2),
    ("the first", 3, 1),
    ("I'll take 3", 3, 3),
    ("4", 3, None),
    ("0", 3, None),
    ("1 or 2", 3, None),
    ("yes", 3, None),
    ("", 3, None),
    ("22", 3, None),
    ("12", 12, 12),
]


@pytest.mark.parametrize(("text", "n", "expected"), CHOICES)
def test_parse_choice(text, n, expected):
    assert parse_choice(text, n) == expected


@pytest.mark.parametrize(
    "text",
    ["none", "None", "ninguna", "Ninguna", "ninguno", "none of these", "None of them work",
     "ninguna me sirve", "0", "#0", "zero", "cero", "neither"],
)  # fmt: skip
def test_is_none_of_these(text):
    assert is_none_of_these(text)


@pytest.mark.parametrize("text", ["1", "2", "yes", "no", "", "option 1", "la 2"])
def test_is_not_none_of_these(text):
    assert not is_none_of_these(text)
