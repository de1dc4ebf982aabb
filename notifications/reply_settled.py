"""Readings the thirteenth blind set asked for: fillers, settled slang and neutral questions.

A "yeah no" that opens a reply before its answer is a filler ("yeah no I'm coming, don't
worry"); "ya estuvo" beside a yes settles, not a fed-up hint ("ya estuvo, nos vemos mañana");
asking whether the text is real or a bot, what the meeting is for, or which number to call,
is help. Used by `replies`; tried on new replies in
tests/notifications/test_replies_settled.py.
"""

from __future__ import annotations

import re

from notifications.reply_asks import has_phrase as _has
from notifications.reply_normalise import QUESTION
from notifications.reply_phrases import MAYBE_STOP, NO, YES, Span
from notifications.reply_words import WEEKDAYS, _split

_FILLER_NO = (["yeah", "no"], ["yea", "no"], ["yeah", "nah"], ["ya", "no"])
_SETTLED = (["ya", "estuvo"], ["ya", "estuvo", "pues"])


def without_fillers(tokens: list[str], spans: list[Span]) -> list[Span]:
    """Drop an opening "yeah no" before another answer, and "ya estuvo" beside a yes."""
    answers = [s for s in spans if s.kind in (YES, NO)]
    out = []
    for span in spans:
        words = tokens[span.start : span.end]
        if span.kind == NO and span.start == 0 and words in _FILLER_NO and len(answers) > 1:
            continue  # "yeah no I'm coming", "yeah no, I can't": the words after it answer
        if span.kind == MAYBE_STOP and words in _SETTLED and any(s.kind == YES for s in spans):
            continue  # "ya estuvo pues, mañana nos vemos": a deal settled
        out.append(span)
    return out


_ASKING = frozenset(_split("what,whats,which,where,que,cual,donde,is,are,es"))
# Whether the text is genuine, or a person: "r u a bot?", "¿esto es de verdad?"
_REAL = tuple(
    tuple(p.split())
    for p in _split(
        "is this real,is this legit,is this for real,is this a bot,is this a robot,are you a bot,"
        "r u a bot,rua bot,are u a bot,u a bot,are you a robot,are you real,are you a real person,"
        "is this a real person,is this automated,es real,esto es real,es verdadero,esto es verdadero,"
        "es de verdad,esto es de verdad,es verdad esto,eres un robot,es un robot,son un robot,"
        "es automatico"
    )
)
# What the meeting is for: "¿para qué es esta reunión?", "what's this meeting for?"
_WHAT_FOR = tuple(
    tuple(p.split())
    for p in _split(
        "para que es esta reunion,para que es la reunion,para que es esto,esto de que es,"
        "what is this meeting for,whats this meeting for,"
        "what is the meeting for,whats the meeting for,why do i have a meeting"
    )
)
# Which number to call: "what's the phone number to call you"
_CALL = tuple(
    tuple(p.split())
    for p in _split(
        "number to call,number i can call,numero para llamar,numero al que llamo,a que numero llamo"
    )
)


def asks_what_it_is(tokens: list[str]) -> bool:
    """A neutral question the help reply answers: real or a bot, what it is for, what number."""
    if QUESTION not in tokens and len(tokens) > 6 and tokens[0] not in _ASKING:
        return False  # a statement that happens to hold the words
    return any(_has(tokens, p) for p in (*_REAL, *_WHAT_FOR, *_CALL))


# "is this about the court date?": a question about the matter, for a person (BLIND5.md); the
# model, taught that "is this about my son?" asks what the text is, must not make it help
_ABOUT_THE = tuple(
    tuple(p.split())
    for p in _split(
        "is this about the,is this regarding the,es sobre la,es sobre el,es por la,es por el"
    )
)


def asks_about_the_matter(tokens: list[str]) -> bool:
    """A question whether the text is about a named matter of theirs: no answer, no help."""
    return QUESTION in tokens and any(tuple(tokens[: len(p)]) == p for p in _ABOUT_THE)


_BUT = frozenset(_split("but,pero,though,aunque"))
_AFTER_THE = (("after", "the"), ("despues", "del"), ("after",), ("despues", "de"))
_DAY = re.compile(r"\d{1,2}(st|nd|rd|th)?")


def _is_day(word: str) -> bool:
    return word in WEEKDAYS or bool(_DAY.fullmatch(word))


def offers_another_day(tokens: list[str], spans: list[Span]) -> bool:
    """A no, then another day offered: "ese fin no, pero el siguiente sábado con gusto", "after
    the 15th I'm wide open, before that no"."""
    nos = [s for s in spans if s.kind == NO]
    if not nos:
        return False
    later = nos[-1].end
    but = next((i for i in range(later, len(tokens)) if tokens[i] in _BUT), None)
    if but is not None and any(_is_day(w) for w in tokens[but + 1 :]):
        return True  # the day named after the "but" is the one they can do
    first = next((i for i, w in enumerate(tokens) if _is_day(w)), None)
    opens = first is not None and any(
        tuple(tokens[max(0, first - len(p)) : first]) == p for p in _AFTER_THE
    )
    return opens and first < nos[0].start  # "after the 15th ..., before that no"
