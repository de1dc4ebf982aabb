"""Numbered-list replies: "2", "#2", "option 2", "la 2", and "none of these"."""

from __future__ import annotations

from notifications.reply_normalise import COMMA, QUESTION, words
from notifications.reply_words import FILLER


def normalize(text: str) -> list[str]:
    """Lower-case words without accents, apostrophes, punctuation or emoji."""
    return [w for w in words(text) if w not in (COMMA, QUESTION)]


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "first": 1, "second": 2, "third": 3, "uno": 1, "una": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "primera": 1,
    "primero": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercero": 3,
}  # fmt: skip
# Words people put around a choice: "option 2", "la 2", "#2 please", "I'll take 2".
_CHOICE_FILLER = FILLER | frozenset(
    [
        "option",
        "opcion",
        "choice",
        "number",
        "numero",
        "num",
        "nro",
        "no",
        "la",
        "el",
        "the",
        "i",
        "ill",
        "take",
        "want",
        "choose",
        "pick",
        "quiero",
        "elijo",
        "escojo",
        "prefiero",
        "de",
        "lista",
    ]
)
_NONE_WORDS = frozenset(["none", "ninguna", "ninguno", "ningun", "neither", "nada"])
_ZERO = frozenset(("0", "zero", "cero"))


def _choice_words(text: str) -> list[str]:
    return [w for w in normalize(text) if w not in _CHOICE_FILLER]


def parse_choice(text: str, n: int) -> int | None:
    """Read a numbered-list reply ("2", "#2", "option 2", "la 2") as 1..n, else None."""
    words = _choice_words(text)
    if len(words) != 1:
        return None  # nothing, or several numbers ("1 or 2"): not a choice
    word = words[0]
    if word.isdigit() and len(word) <= 3:
        value = int(word)
    elif word in _NUMBER_WORDS:
        value = _NUMBER_WORDS[word]
    else:
        return None
    return value if 1 <= value <= n else None


def is_none_of_these(text: str) -> bool:
    """True for a reply rejecting every offered option ("none", "ninguna", "0")."""
    words = _choice_words(text)
    if not words:
        return False
    if len(words) == 1 and words[0] in _ZERO:
        return True
    # "none of these work for me", "ninguna me sirve": the refusal leads the sentence.
    return words[0] in _NONE_WORDS
