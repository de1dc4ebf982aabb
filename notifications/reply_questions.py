"""Where a reply's clauses begin and end, and what its questions ask: a day, help, or nothing.

An answer word inside the sender's own question ("is my meeting still on?") answers nothing;
a day in a question asks for that day ("how about Friday?"); a word for help asks for it unless
it is said of something ("they help"). Used by `replies`.
"""

from __future__ import annotations

import re

from notifications import reply_edges
from notifications.reply_normalise import COMMA, QUESTION
from notifications.reply_words import DAY_ASKS, HELP_WORDS, WEEKDAYS

CLAUSE_ENDS = (COMMA, QUESTION)
_AT = (["a", "las"], ["at"], ["around"], ["after"], ["before"], ["de", "las"])
_REFUSED = frozenset(("wont", "cant", "cannot", "unable"))
_ORDINAL = re.compile(r"\d{1,2}(st|nd|rd|th)")  # "the 15th"


def clause_before(tokens: list[str], start: int, reach: int = 3) -> list[str]:
    """Up to `reach` words before `start`, nearest first, not past a comma, a question mark or
    a "please" ("I can't and please stop sending these": the "can't" negates no stop)."""
    before: list[str] = []
    for token in reversed(tokens[max(0, start - reach) : start]):
        if token in CLAUSE_ENDS or token in _NEW_REQUEST:
            break
        before.append(token)
    return before


_NEW_REQUEST = frozenset(("please", "favor", "and", "but", "pero"))  # "por favor": "por" stays


def clause_after(tokens: list[str], end: int, reach: int = 3) -> list[str]:
    """Up to `reach` words from `end` on, not past a comma or question mark."""
    after: list[str] = []
    for token in tokens[end : end + reach]:
        if token in CLAUSE_ENDS:
            break
        after.append(token)
    return after


def clause_end(tokens: list[str], i: int) -> str | None:
    """The mark that ends the clause word i stands in: ',', '?', or None at the end."""
    return next((t for t in tokens[i:] if t in CLAUSE_ENDS), None)


def clause_around(tokens: list[str], start: int) -> list[str]:
    """The words of the clause the word at `start` stands in."""
    return [*reversed(clause_before(tokens, start, 9)), *clause_after(tokens, start, 9)]


# A clause that opens with one of these and ends in "?" asks; the answer words in it answer
# nothing: a yes/no question ("is it still on?"), a wh-question ("where do I go to be there?"),
# and Spanish questions, which open with their verb ("¿puedo hacerlo por video?", "¿se van a
# dar cuenta si voy?").
_ASKING = frozenset(("is", "are", "am", "was", "do", "does", "did", "will", "would", "can",
                     "could", "should", "esta", "estan", "sigue", "siguen", "what", "where",
                     "when", "which", "who", "how", "donde", "cuando", "cual", "quien", "puedo",
                     "puede", "podemos", "podria", "se", "tengo", "debo", "hay", "van", "va"))  # fmt: skip


def in_a_question(tokens: list[str], start: int, end: int) -> bool:
    """Whether the words start..end stand in a question of the sender's ("is it still on?")."""
    first = [*reversed(clause_before(tokens, start, 40)), *tokens[start:end]][:1]
    return clause_end(tokens, end) == QUESTION and first[0] in _ASKING


# Before "help", these make it a statement ("they help", "me ayuda"), not a request for help.
_HELP_SUBJECTS = frozenset(("they", "it", "that", "this", "which", "really", "me", "nos", "les"))


# A question opening with these asks whether a service exists ("is there any help with
# transportation?", "¿hay ayuda para el pasaje?"): a matter for a person, not the help reply.
_IS_THERE = frozenset(("is", "are", "hay"))


def asks_for_help(tokens: list[str]) -> bool:
    """A word for help, not said of something else ("they help") nor asked after ("is there")."""
    said = any(
        t in HELP_WORDS and tokens[i - 1 : i] != [] and tokens[i - 1] in _HELP_SUBJECTS
        for i, t in enumerate(tokens)
    )
    matter = any(
        t in HELP_WORDS
        and clause_end(tokens, i) == QUESTION
        and [*reversed(clause_before(tokens, i, 40))][:1] in ([w] for w in _IS_THERE)
        for i, t in enumerate(tokens)
    )
    return any(t in HELP_WORDS for t in tokens) and not said and not matter


def asks_for_a_day(tokens: list[str], refused: bool = False) -> bool:
    """'how about Friday', 'Wednesday?', 'the 15th?', 'a las 5?': another time asked for.

    After a refusal ("ese día no"), a day in any question asks for it ("¿el martes sí se puede?").
    """
    if len({t for t in tokens if t in WEEKDAYS}) >= 2:
        return True  # "Not Tuesday. Wednesday works.", "no puedo el martes, ¿el miércoles?"
    for i, token in enumerate(tokens):
        at = (tokens[max(0, i - 1) : i], tokens[max(0, i - 2) : i])
        if token.isdigit() and QUESTION in tokens and any(w in _AT for w in at):
            # "does it start right at 6?" confirms the time, asks no other
            return not reply_edges.confirms_a_time(clause_before(tokens, i, 12)[::-1])
        if token not in WEEKDAYS and not _ORDINAL.fullmatch(token):
            continue
        after = tokens[i + 1 : i + 2]
        if refused and clause_end(tokens, i) == QUESTION:
            return True
        negated = tokens[max(0, i - 1) : i] == ["not"]  # "not Tuesday"
        if set(tokens[max(0, i - 4) : i]) & _REFUSED:
            continue  # "he won't make it Thursday": the day refused, no other asked for
        before = f" {' '.join(tokens[max(0, i - 3) : i])} "
        if reply_edges.accepts_the_day(tokens, i):
            continue  # "count me in para el sábado": the day of the invite, accepted
        if after == [QUESTION] or any(f" {ask} " in before for ask in DAY_ASKS) or negated:
            return True
    return False
