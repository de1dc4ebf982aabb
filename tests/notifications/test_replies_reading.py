"""What `read` adds to an intent: quotes of our own texts, reactions, the language, saying more."""

import pytest

from notifications.replies import Intent, read
from notifications.templates import render_sms

CTX = {
    "volunteer_name": "Ana Ruiz",
    "person_name": "José Díaz",
    "program_name": "Neighborhood Justice Program",
    "role": "panelist",
    "when": "Tue Dec 8, 6:30 PM",
    "venue_name": "Eastside Library",
    "venue_address": "123 Main St",
    "ics_url": "https://convene.example.org/c/k3J9",
    "program_phone": "(213) 555-0100",
    "days_before": 1,
    "confirmed": False,
    "meeting_url": None,
}
# The same texts for a meeting held by video (the link replaces the venue).
VIDEO = CTX | {"meeting_url": "https://zoom.us/j/5551234567"}
PROMPTS = [
    "volunteer_invite",
    "volunteer_invite_reminder",
    "volunteer_hearing_changed",
    "participant_hearing",
    "participant_reminder",
    "participant_hearing_moved",
    "help_reply",
    "stop_question",
]


def _prompt(name: str, lang: str, ctx: dict = CTX) -> str:
    return render_sms(name, lang, **ctx)


@pytest.mark.parametrize("ctx", [CTX, VIDEO], ids=["in_person", "video"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("name", PROMPTS)
def test_our_own_text_quoted_back_is_not_read(name, lang, ctx):
    prompt = _prompt(name, lang, ctx)
    assert read(f"yes\n\n> {prompt}").intent is Intent.yes  # below, e-mail style
    assert read(f'"{prompt}"\nN').intent is Intent.no  # above, in quotes
    assert read(f"{prompt}\nsí").intent is Intent.yes  # pasted without quote marks
    assert read(f"> {prompt}").intent is Intent.unknown  # nothing but the quote


@pytest.mark.parametrize("name", PROMPTS)
def test_a_reaction_means_the_reaction_not_the_quoted_words(name):
    prompt = _prompt(name, "en")
    assert read(f"Liked “{prompt}”").intent is Intent.yes
    assert read(f'Disliked "{prompt}"').intent is Intent.no
    assert read(f'Laughed at "{prompt}"').intent is Intent.unknown
    assert read(f"Le gustó «{_prompt(name, 'es')}»").intent is Intent.yes
    assert read(f'Reacted 👎 to "{prompt}"').intent is Intent.no


def test_a_stop_beside_a_quote_is_still_a_stop():
    prompt = _prompt("participant_reminder", "es")
    assert read(f"> {prompt}\nya no me manden mensajes").intent is Intent.stop


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("Yes, is there parking?", True),
        ("yes. what should i bring?", True),
        ("Sí, ¿dónde es?", True),
        ("I'll be there with my mom and my two kids", True),
        ("Yes, I'll be there!", False),
        ("Sí, allí estaré, gracias", False),
        ("ok 👍", False),
        ("no puedo, lo siento", False),
        ("Yes! Thank you so much for the reminder", False),
    ],
)
def test_says_more_than_its_answer(text, more):
    reading = read(text)
    assert reading.intent in (Intent.yes, Intent.no)
    assert reading.says_more is more


def test_anything_but_a_plain_answer_is_for_a_person():
    for text in (
        "stop texting me",
        "not interested",
        "who is this?",
        "maybe",
        "help, what is this?",
    ):
        assert read(text).says_more, text


def test_other_languages_are_left_to_a_person_but_stop_always_counts():
    assert read("yes", "en").intent is Intent.yes
    assert read("sí", "es").intent is Intent.yes
    assert read("yes please", "en").intent is Intent.yes
    assert read("是的", "zh").intent is Intent.unknown
    assert read("yes", "zh").intent is Intent.unknown  # in their language it may mean else
    assert read("STOP", "zh").intent is Intent.stop
    assert read("Stop.", "vi").intent is Intent.stop
    assert read("HELP", "zh").intent is Intent.help


@pytest.mark.parametrize(
    "text",
    ["unsubcribe", "unsuscribe", "Sotp", "stpo", "STOPPP", "s t o p", "st0p", "Unsubscibe me"],
)
def test_misspelt_stops(text):
    assert read(text).intent is Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I can't stop by that day", Intent.no),  # a visit, not an opt-out
        ("shop is closed", Intent.unknown),  # a real word is not "corrected" into stop
        ("no chance", Intent.no),  # nor "chance" into "change"
        ("do not stop my reminders", Intent.unknown),
        ("no dejen de mandarme recordatorios", Intent.unknown),
        ("never text me again", Intent.stop),  # the negation is the request
        ("no me manden más", Intent.stop),
    ],
)
def test_negation_and_near_words(text, intent):
    assert read(text).intent is intent
