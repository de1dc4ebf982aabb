"""Understand free-text SMS replies (English, Spanish and both mixed): what a person wants.

Built for recall on stop and precision on yes and no: a reply that asks to stop, whatever else
it says, is a stop; one that might be a stop is `maybe_stop` (ask, never guess); a yes or a no is
read only when nothing in the reply contradicts it. The word lists are in `reply_words`, the
clean-up in `reply_normalise`, spelling in `reply_spelling`; a small model (`reply_model`) then
makes the reading safer. `python -m notifications.replies_bench` measures it on tests/data/replies.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from notifications import (
    reply_clauses,
    reply_keywords,
    reply_model,
    reply_words_es,
    reply_words_more,
)
from notifications.reply_choice import is_none_of_these, normalize, parse_choice
from notifications.reply_normalise import COMMA, QUESTION, reaction, strip_quotes, words
from notifications.reply_questions import (
    CLAUSE_ENDS,
    asks_for_a_day,
    asks_for_help,
    clause_after,
    clause_around,
    clause_before,
    clause_end,
    in_a_question,
)
from notifications.reply_spelling import correct
from notifications.reply_words import (
    CONTRAST,
    FILLER,
    MAYBE_STOP,
    NEGATOR,
    NEGATORS_EN,
    NEGATORS_ES,
    NEUTRAL,
    NO,
    PHRASES,
    PLAIN,
    RESCHEDULE,
    START,
    STOP,
    STOP_ES,
    STOP_SELF,
    UNSURE,
    YES,
)

__all__ = ["Intent", "Reading", "interpret", "is_none_of_these", "normalize", "parse_choice",
           "read", "read_by_rules"]  # fmt: skip

# Languages whose words the interpreter knows. People in Los Angeles mix the two in one text,
# so a reply in either is read with both lists; in any other language only the carrier keywords
# and emoji are understood and everything else is `unknown` (for a person to read).
LANGUAGES = ("en", "es")


class Intent(StrEnum):
    """What a reply asks for."""

    yes = "yes"
    no = "no"
    reschedule = "reschedule"
    stop = "stop"
    maybe_stop = "maybe_stop"
    start = "start"
    help = "help"
    unknown = "unknown"


@dataclass(frozen=True)
class Reading:
    """What a reply means, and whether it says more than that (then a person should read it)."""

    intent: Intent
    says_more: bool = False
    # The rules settled that there is no answer ("yes and no"): the model may not take one.
    settled: bool = False


# Every phrase as a word tuple, with its kind; the first list a phrase appears in wins.
_KIND_ORDER = (NEUTRAL, STOP_SELF, STOP, STOP_ES, MAYBE_STOP, START, RESCHEDULE, UNSURE, YES, NO)
_LEXICON: dict[tuple[str, ...], str] = {}
for _kind in (*_KIND_ORDER, NEGATOR, CONTRAST):
    more = reply_words_more.MORE.get(_kind, []) + reply_words_es.ES.get(_kind, [])
    for _phrase in PHRASES.get(_kind, []) + more:
        _LEXICON.setdefault(tuple(_phrase.split()), _kind)
_LONGEST = max(len(p) for p in _LEXICON)
_CARRIER_WORDS = frozenset(("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke",
                            "optout", "start", "unstop", "help", "info"))  # fmt: skip


@dataclass
class _Span:
    kind: str
    start: int
    end: int


def _spans(tokens: list[str]) -> list[_Span]:
    """The phrases found, longest first at each position, left to right."""
    found: list[_Span] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            kind = _LEXICON.get(tuple(tokens[i : i + n]))
            if kind is not None:
                found.append(_Span(kind, i, i + n))
                i += n
                break
        else:
            i += 1
    return found


def _negate(tokens: list[str], spans: list[_Span]) -> list[_Span]:
    """Apply negations: a negated stop is no stop, a negated yes is a no."""
    out: list[_Span] = []
    used: set[int] = set()  # negators spent on a stop: not also a "no" answer
    for span in spans:
        removal = set(tokens[span.start : span.end]) <= reply_clauses.STOPPING
        negated = set(clause_before(tokens, span.start, 2)) & (NEGATORS_EN | NEGATORS_ES)
        if span.kind == MAYBE_STOP and removal and negated:
            continue  # "no cancelen mis recordatorios": a removal taken back
        if span.kind in (YES, NO) and in_a_question(tokens, span.start, span.end):
            continue  # "is my meeting still on?", "is it ok if I bring my son?": asked, not said
        if " ".join(tokens[span.start : span.end]) in _CLAUSE_ONLY and tokens[span.end :][
            :1
        ] not in (
            [],
            [COMMA],
            [QUESTION],
        ):
            continue  # "como no tengo carro": "since I don't"; "¡cómo no!", "¿por qué no?" say yes
        if _conditional(tokens, span):
            continue  # "¿y si llueve?", "I'm in Wilmington now": "if", and a place, not a yes
        if span.kind == STOP and tokens[span.end : span.end + 2] in (
            ["what", QUESTION],
            ["que", QUESTION],
        ):
            span = _Span(MAYBE_STOP, span.start, span.end)  # "Stop what? I didn't sign up"
        no_before = tokens[span.start - 1 : span.start] == ["no"]
        if span.kind == STOP and no_before and reply_words_more.needs_texts(tokens):
            continue  # "no stop my reminders porfa, los necesito": a stop taken back
        if span.kind == STOP and reply_clauses.asks_if_they_end(clause_around(tokens, span.start)):
            span = _Span(MAYBE_STOP, span.start, span.end)  # "will the texts stop after ...?"
        if span.kind in (STOP, STOP_ES):
            negators = NEGATORS_EN | (NEGATORS_ES if span.kind == STOP_ES else frozenset())
            before = clause_before(tokens, span.start)
            if reply_clauses.WISH & set(before):  # "don't want you to remove me"
                before = clause_before(tokens, span.start, reach=6)
            if any(w in negators for w in before):
                for other in out:
                    if other.kind == NO and span.start - other.end <= 3:
                        used.add(id(other))
                continue  # "do not stop my reminders", "no dejen de escribirme"
        follows = tokens[span.end : span.end + 2]
        if span.kind == YES and follows[:1] == ["not"] and set(follows[1:]) <= set(CLAUSE_ENDS):
            span = _Span(NO, span.start, span.end + 1)  # "absolutely not", "sure not"
        if span.kind == YES and out and out[-1].kind in (NEGATOR, NO):
            prev = out[-1]
            if span.start == prev.end and tokens[prev.end - 1] in ("not", "no"):
                span = _Span(
                    NO, span.start, span.end
                )  # "not ok", "no confirmo", "esta vez no puedo"
        out.append(span)
    for span in out:
        # A bare "no" inside a clause negates its verb ("ayuda no entiendo", "no tengo carro"):
        # it is an answer only where it starts or ends a clause ("no, sorry", "I wish, but no").
        bare = span.kind == NO and tokens[span.start : span.end] == ["no"]
        inside = span.start > 0 and span.end < len(tokens)
        if bare and inside and not set(CLAUSE_ENDS) & set(tokens[span.start - 1 : span.end + 1]):
            used.add(id(span))
        # "no me quiten de la lista", "no quiero que me borren", "no, no quiero que dejen de
        # mandarme": the no takes a removal back; it is no answer.
        start = span.end + 1 if tokens[span.end : span.end + 1] == [COMMA] else span.start
        if bare and _negated_stop(tokens[start:]):
            used.add(id(span))
        if span.kind == YES and reply_clauses.wants_texts(clause_around(tokens, span.start)):
            used.add(id(span))  # "sí quiero los recordatorios": about our texts, not the meeting
    return [s for s in out if id(s) not in used]


# Yes only as a whole clause: before a verb, "como no" is "since ... not", "por qué no" "why not".
_CLAUSE_ONLY = frozenset(("como no", "por que no", "porque no"))
# After "I'm in", only these keep it a yes ("I'm in for it"); a place makes it where one is.
_IN_FOR = frozenset(("for", "too", "again", "then", "yes", "si"))


def _conditional(tokens: list[str], span: _Span) -> bool:
    """A "si" that is "if" ("¿y si llueve?", "¿se dan cuenta si voy?"), or "I'm in" a place."""
    words = tokens[span.start : span.end]
    if words == ["im", "in"]:
        after = tokens[span.end : span.end + 1]
        return after not in ([], [COMMA], [QUESTION]) and after[0] not in _IN_FOR
    opens = clause_before(tokens, span.start, 1) == []
    return words == ["si"] and not opens and clause_end(tokens, span.end) == QUESTION


def _negated_stop(tokens: list[str]) -> bool:
    """Whether the clause these tokens begin takes a stop back ("no quiero que dejen de ...")."""
    clause = clause_after(tokens, 0, reach=8)
    return any(
        w in reply_clauses.STOPPING and reply_clauses.taken_back(clause, i)
        for i, w in enumerate(clause)
    )


def _answer(kinds: list[str], asks_after_but: bool) -> Intent | None:
    """yes, no, or None when the answer words contradict each other."""
    answers = [k for k in kinds if k in (YES, NO, CONTRAST)]
    if CONTRAST in answers:
        # "I'd love to but I can't", "no... but yes I can": the last clause decides.
        last = len(answers) - 1 - answers[::-1].index(CONTRAST)
        tail = set(answers[last + 1 :]) - {CONTRAST}
        if len(tail) == 1:
            answers = list(tail)
        elif asks_after_but:
            return None  # "ok, but who is this?": the question takes the answer back
    said = set(answers) - {CONTRAST}
    if said == {YES}:
        return Intent.yes
    if said == {NO}:
        return Intent.no
    return None


def _asks_after_but(tokens: list[str], spans: list[_Span]) -> bool:
    """Whether a question follows the last 'but' of the reply."""
    buts = [s.end for s in spans if s.kind == CONTRAST]
    return bool(buts) and QUESTION in tokens[buts[-1] :]


def _says_more(tokens: list[str], spans: list[_Span]) -> bool:
    """A question, or two or more words that are neither the answer nor courtesy."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    rest = [
        t
        for i, t in enumerate(tokens)
        if i not in covered and t not in PLAIN and t not in CLAUSE_ENDS
    ]
    return QUESTION in tokens or len(rest) >= 2


def _talks_of_texting(tokens: list[str], spans: list[_Span]) -> bool:
    """Whether a word of sending or stopping is outside the phrases read ("no me sigan ...")."""
    covered = {i for s in spans if s.kind in (NEUTRAL, NO) for i in range(s.start, s.end)}
    words = reply_clauses.SENDING | reply_clauses.STOPPING
    return any(
        t in words and i not in covered and not _taken_back(tokens, i) for i, t in enumerate(tokens)
    )


def _taken_back(tokens: list[str], i: int) -> bool:
    """Whether word i is negated in its clause ("please don't unsubscribe me"): no hint then."""
    return reply_clauses.taken_back(clause_around(tokens, i), len(clause_before(tokens, i, 9)))


def _other_language(text: str) -> Reading:
    """A reply in a language we do not read: only the carrier keywords count."""
    word = text.strip().strip(".!").casefold()
    if word in _CARRIER_WORDS:
        return read_by_rules(word)
    return Reading(Intent.unknown, says_more=True)


def read(text: str, language: str | None = None) -> Reading:
    """What a reply means (`language`: the sender's, if known): the rules, made safer by the model."""
    rules = read_by_rules(text, language)
    if (language is not None and language not in LANGUAGES) or reaction(text) is not None:
        return rules  # a reaction is read exactly; another language only by carrier keyword
    if parse_choice(text, 9) is not None or is_none_of_these(text):
        return rules  # "#2", "none of these": a choice from a list we sent, not for the model
    said = reply_model.combine(
        rules.intent.value, reply_model.probabilities(text), settled=rules.settled
    )
    return rules if said == rules.intent.value else Reading(Intent(said), says_more=True)


def read_by_rules(text: str, language: str | None = None) -> Reading:
    """What the rules alone make of a reply (the model is not asked)."""
    if language is not None and language not in LANGUAGES:
        return _other_language(text)
    reacted = reaction(text)
    if reacted is not None:
        return Reading(Intent(reacted) if reacted in (YES, NO) else Intent.unknown)
    tokens = [correct(t) for t in words(strip_quotes(text))]
    if not [t for t in tokens if t not in CLAUSE_ENDS]:
        return Reading(Intent.unknown)
    core = [t for t in tokens if t not in FILLER and t not in CLAUSE_ENDS]
    whole = reply_keywords.whole(core, tokens)
    if whole is not None:
        return Reading(Intent(whole))
    spans = _negate(tokens, _spans(tokens))
    kinds = [s.kind for s in spans]
    # "stop" as a place is no stop in a sentence about our texts ("at the bus stop, got your text")
    place = {i for s in spans if s.kind == NEUTRAL and "stop" in tokens[s.start : s.end]
             for i in range(s.start, s.end)}  # fmt: skip
    masked = ["" if i in place else t for i, t in enumerate(tokens)]
    heard = {reply_clauses.read_clause(c) for c in reply_clauses.clauses(masked, CLAUSE_ENDS)}
    # A stop wins over anything else said with it: "No. And stop texting me" is a stop.
    wrong = reply_clauses.wrong_person(strip_quotes(text))  # "this is not Luis"
    if reply_words_more.stopped_by_mistake(tokens):
        return Reading(Intent.start, says_more=True)  # "I texted STOP by accident"
    stopped = {STOP, STOP_ES, STOP_SELF} & set(kinds) or reply_clauses.STOP in heard or wrong
    if stopped and reply_words_more.what_if_stop(tokens):
        return Reading(Intent.maybe_stop, says_more=True)  # "what happens if I reply stop?"
    if stopped:
        return Reading(Intent.stop, says_more=True)
    if MAYBE_STOP in kinds or reply_clauses.MAYBE in heard:
        return Reading(Intent.maybe_stop, says_more=True)
    if START in kinds or reply_clauses.START in heard:
        return Reading(Intent.start)
    more = _says_more(tokens, spans)
    # A lone "y"/"n" leading the reply is an answer; inside a sentence "y" is Spanish "and".
    if tokens[0] in ("y", "n") and (len(tokens) == 1 or tokens[1] in CLAUSE_ENDS + (YES,)):
        kinds.insert(0, YES if tokens[0] == "y" else NO)
    # "a qué número puedo llamar", "what does CHANGE mean": the words asked about answer nothing
    who = reply_words_more.asks_who(tokens)
    outside = [s for s in spans if not who & set(range(s.start, s.end))]
    # Asking for another time is the most specific request: "yes, but can it be later?".
    if RESCHEDULE in {s.kind for s in outside} or asks_for_a_day(tokens, refused=NO in kinds):
        return Reading(Intent.reschedule, says_more=more)
    answers = [(s.kind, s.start, s.end) for s in spans if s.kind in (YES, NO)]
    if reply_words_more.says_both(tokens, answers):
        return Reading(Intent.unknown, says_more=True, settled=True)  # "sí y no", "yes/no"
    asks = who and _answer([s.kind for s in outside], _asks_after_but(tokens, spans)) is None
    if asks or asks_for_help(tokens) and not {YES, NO} & set(kinds):
        return Reading(Intent.help, says_more=True)  # "ayuda, no sé qué es esto"
    if UNSURE in kinds:
        return Reading(Intent.unknown, says_more=True)
    answer = _answer(kinds, _asks_after_but(tokens, spans))
    if answer is Intent.no and _talks_of_texting(tokens, spans):
        return Reading(Intent.maybe_stop, says_more=True)  # a no near texting: never guess
    if answer is not None:
        return Reading(answer, says_more=more)
    return Reading(Intent.unknown, says_more=True)


def interpret(text: str, language: str | None = None) -> Intent:
    """Map a free-text SMS reply to an Intent; unclear or contradictory text is unknown."""
    return read(text, language).intent
