"""Forgive misspellings of the words that decide a reply ("unsubcribe", "chnage", "confrim")."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from notifications.reply_normalise import SLANG
from notifications.reply_words import (
    FILLER,
    HELP_ALONE,
    PHRASES,
    PLAIN,
    START_ALONE,
    STOP_ALONE,
    WEEKDAYS,
    _split,
)
from notifications.reply_words_edges import EDGES
from notifications.reply_words_es import ES
from notifications.reply_words_life import LIFE
from notifications.reply_words_more import MORE
from notifications.reply_words_turns import TURNS

# Spelling is forgiven (edit distance) only towards these words: the ones that decide a reply.
FUZZY_TARGETS = _split(
    "stop,unsubscribe,texting,texts,messages,messaging,reminders,remove,number,reschedule,"
    "change,confirm,confirmed,accept,decline,available,unavailable,definitely,absolutely,"
    "interested,mensajes,recordatorios,cambiar,reprogramar,confirmo,quiero,manden,envien,"
    "escriban,dejen,numero,equivocado,informacion,saquenme,quitenme,borrenme,desuscribanme,"
    "desuscribir,reagendar,suscripcion"
)
# Real words one letter away from a target: never "corrected" into it.
NOT_TYPOS = frozenset(
    _split(
        "shop,step,stow,atop,slop,stomp,stoop,stops,chance,charge,changed,tests,test,cancer,"
        "remote,numbers,mande,dejan,pueda,puede,pueden,quiere,quieres,estate,estar,decide,"
        "except,texas,massages,interest,confirms,accepts,removed,hope,shot,spot,stone,"
        # "me cambiaron el turno": they changed it, no request to change (blind4)
        "cambiaron,cambiaste,messaged,texted"
    )
)


KNOWN = frozenset(
    word
    for group in (
        *PHRASES.values(), *ES.values(), *MORE.values(), *LIFE.values(), *TURNS.values(),
        *EDGES.values(), STOP_ALONE, START_ALONE, HELP_ALONE, FILLER, PLAIN, WEEKDAYS, NOT_TYPOS, SLANG.values(),
    )
    for phrase in group
    for word in phrase.split()
)  # fmt: skip


# Spanish diminutives and superlatives of known words: "mensajitos" (mensajes), "tardecito"
# (tarde), "ahorita" (ahora), "confirmadísimo" (confirmado), "clarísimo" (claro).
_ENDINGS = re.compile(r"(?P<stem>[a-z]{3,}?)(c?it|isim)(?P<end>[oa]s?)$")
_REFILL = ("", "o", "a", "e")  # the word's own ending, which the suffix replaced
_REFILL_PLURAL = ("es", "os", "as", "s")


def _base_form(word: str) -> str | None:
    """The known word a diminutive or superlative is made from, if any."""
    match = _ENDINGS.fullmatch(word)
    if match is None:
        return None
    stem = match.group("stem")
    plural = match.group("end").endswith("s")
    for end in (match.group("end"), *(_REFILL_PLURAL if plural else _REFILL)):
        if stem + end in KNOWN:
            return stem + end
    return None


@lru_cache(maxsize=4096)
def correct(word: str) -> str:
    """The word, or the decisive word it is a misspelling of.

    Only words of four letters or more are corrected, and only towards FUZZY_TARGETS: one edit
    (a transposition counts as one: optimal string alignment) up to seven letters, two beyond.
    Short words ("no", "si", "ok") have too many neighbours to guess; their usual misspellings
    are listed in SLANG instead.
    """
    if word in KNOWN or len(word) < 4 or not word.isalpha():
        return word
    single = re.sub(r"([a-z])\1", r"\1", word)  # "stopp", "confirmm", "declinee"
    if single in KNOWN:
        return single
    base = _base_form(word)
    if base is not None:
        return base
    limit = 1 if len(word) <= 7 else 2
    best = process.extractOne(word, FUZZY_TARGETS, scorer=OSA.distance, score_cutoff=limit)
    return best[0] if best is not None else word
