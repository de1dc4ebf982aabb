"""Understand an answer to a survey question by text: a rating 1 to 5 or yes/no, in English and
Spanish, in digits, words or emoji; STOP is the reply interpreter's own stop intent."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.replies import Intent, interpret, normalize

SCALE = "scale"
YES_NO = "yes_no"
LOWEST, HIGHEST = 1, 5


@dataclass(frozen=True)
class SurveyReply:
    """What a reply to a survey question says: a value, a request to stop, or nothing clear."""

    value: int | None = None  # 1..5 on a scale; 1 (yes) or 0 (no)
    stop: bool = False

    @property
    def understood(self) -> bool:
        """Whether the reply answers the question."""
        return self.value is not None


_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
}  # fmt: skip
# Ratings said in words, matched on the whole reply after the filler words are dropped; the
# scale's own ends ("not at all", "very") come first, as the question offers them.
_RATING_PHRASES = {
    1: "not at all,not fair,unfair,not fair at all,very unfair,terrible,awful,"
    "nada,para nada,nada justo,nada justa,no fue justo,no fue justa,injusto,injusta,muy injusto,"
    "muy injusta,terrible,pesimo,pesima",
    2: "not really,a little,a bit,slightly,not very,not very fair,poco,un poco,poco justo,"
    "poco justa,no mucho,no muy justo,no muy justa",
    3: "somewhat,so so,average,neutral,more or less,kind of,sort of,"
    "mas o menos,regular,algo,algo justo,algo justa,normal,asi asi",
    4: "fair,mostly,mostly fair,quite,quite fair,pretty fair,good,fairly,"
    "justo,justa,bastante,bastante justo,bastante justa,bien,fue justo,fue justa,bueno,buena",
    5: "very,very fair,very much,completely,totally,extremely,absolutely,completely fair,"
    "totally fair,excellent,great,yes very,muy,muy justo,muy justa,totalmente,completamente,"
    "muchisimo,excelente,super justo,super justa,si mucho,si muy justo,fue muy justo,fue muy justa",
}
_RATINGS = {
    tuple(phrase.split()): value
    for value, phrases in _RATING_PHRASES.items()
    for phrase in phrases.split(",")
}
# Words around a rating that change nothing: "a 5", "I'd say 4", "un 5 de 5", "5 stars".
_AROUND_WORDS = (
    "i id say would give it a an the my answer is its was rating rate le doy daria diria "
    "un una mi respuesta es fue de out of stars star estrellas estrella please thanks thank "
    "you gracias por favor"
)
_AROUND = frozenset(_AROUND_WORDS.split())
_STARS = ("⭐", "★", "🌟")
_EMOJI_YES = ("👍", "✅", "✔", "👌")
_EMOJI_NO = ("👎", "❌", "✖")


def _rating(text: str) -> int | None:
    stars = sum(text.count(s) for s in _STARS)
    if stars and not normalize(text.translate({ord(s): None for s in _STARS})):
        return stars if LOWEST <= stars <= HIGHEST else None
    words = normalize(text)
    phrase = tuple(words)
    if phrase in _RATINGS:
        return _RATINGS[phrase]
    core = [w for w in words if w not in _AROUND]
    if tuple(core) in _RATINGS:
        return _RATINGS[tuple(core)]
    # "5 de 5", "4 out of 5": the first number rates, the second names the scale.
    if len(core) == 2 and core[1] == str(HIGHEST):
        core = core[:1]
    if len(core) != 1:
        return None  # nothing, or several numbers ("4 or 5"): not one rating
    word = core[0]
    value = int(word) if word.isdigit() and len(word) <= 2 else _NUMBERS.get(word)
    return value if value is not None and LOWEST <= value <= HIGHEST else None


def _yes_no(text: str) -> int | None:
    stripped = text.strip()
    if stripped and all(c in "".join(_EMOJI_YES) + " \ufe0f" for c in stripped):
        return 1
    if stripped and all(c in "".join(_EMOJI_NO) + " \ufe0f" for c in stripped):
        return 0
    intent = interpret(text)
    if intent == Intent.yes:
        return 1
    if intent == Intent.no:
        return 0
    return None


def read_answer(text: str, kind: str) -> SurveyReply:
    """Read a reply to a question of `kind` (scale or yes_no); STOP is the replies' stop rule."""
    if interpret(text) == Intent.stop:
        return SurveyReply(stop=True)
    if kind == SCALE:
        return SurveyReply(value=_rating(text))
    if kind == YES_NO:
        return SurveyReply(value=_yes_no(text))
    raise ValueError(f"kind must be {SCALE!r} or {YES_NO!r}, not {kind!r}")
