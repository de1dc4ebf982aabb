"""Survey answers by text understood in words, digits and emoji, in English and Spanish; STOP is
the reply interpreter's own stop rule; anything else is not taken as an answer."""

from __future__ import annotations

import pytest

from notifications.replies import Intent, interpret
from notifications.survey_answers import read_answer


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5), ("five", 5), ("cinco", 5), ("Cinco!", 5), ("very fair", 5), ("muy justo", 5),
        ("Muy justa", 5), ("5️⃣", 5), ("⭐⭐⭐⭐", 4), ("a 4", 4), ("un 4", 4), ("4 de 5", 4),
        ("4 out of 5", 4), ("I'd say 3", 3), ("más o menos", 3), ("tres", 3), ("dos", 2),
        ("not at all", 1), ("nada", 1), ("1", 1), ("uno", 1), ("injusto", 1), ("fair", 4),
    ],
)  # fmt: skip
def test_ratings_in_words_and_digits(text, value):
    assert read_answer(text, "scale").value == value


@pytest.mark.parametrize(
    "text", ["6", "0", "4 or 5", "10", "maybe", "what time is my next meeting?", "", "ok", "👍"]
)
def test_what_is_not_one_rating_is_not_an_answer(text):
    reply = read_answer(text, "scale")
    assert not reply.understood and not reply.stop


@pytest.mark.parametrize(
    ("text", "value"),
    [("Y", 1), ("yes", 1), ("sí", 1), ("Si", 1), ("claro que sí", 1), ("👍", 1), ("✅", 1),
     ("N", 0), ("no", 0), ("nope", 0), ("no gracias", 0), ("👎", 0)],
)  # fmt: skip
def test_yes_or_no_in_english_spanish_and_emoji(text, value):
    assert read_answer(text, "yes_no").value == value


@pytest.mark.parametrize("text", ["maybe", "5", "tal vez", "si y no"])
def test_an_unclear_yes_or_no_is_not_an_answer(text):
    assert not read_answer(text, "yes_no").understood


@pytest.mark.parametrize("text", ["STOP", "stop", "PARAR", "unsubscribe", "stop texting me"])
def test_stop_is_the_reply_interpreters_stop(text):
    assert interpret(text) == Intent.stop  # one rule, read in one place
    for kind in ("scale", "yes_no"):
        reply = read_answer(text, kind)
        assert reply.stop and not reply.understood


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="kind must be"):
        read_answer("5", "stars")
