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
    reply_edges,
    reply_keywords,
    reply_model,
    reply_settled,
    reply_turns,
    reply_words_more,
)
from notifications.reply_choice import is_none_of_these, normalize, parse_choice
from notifications.reply_normalise import QUESTION, reaction, strip_quotes, words
from notifications.reply_phrases import Span, conditional_stop, negate, stop_then_what
from notifications.reply_phrases import spans as find_spans
from notifications.reply_questions import (
    CLAUSE_ENDS,
    asks_for_a_day,
    asks_for_help,
    clause_around,
    clause_before,
)
from notifications.reply_spelling import correct
from notifications.reply_words import (
    CONTRAST,
    FILLER,
    MAYBE_STOP,
    NEUTRAL,
    NO,
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
    # The rules found the texts wanted (a stop taken back, a need for them) or "stop" only as a
    # place ("which stop do I get off at"): no stop to raise.
    wanted: bool = False


_CARRIER_WORDS = frozenset(("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke",
                            "optout", "start", "unstop", "help", "info"))  # fmt: skip


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


def _asks_after_but(tokens: list[str], spans: list[Span]) -> bool:
    """Whether a question follows the last 'but' of the reply."""
    buts = [s.end for s in spans if s.kind == CONTRAST]
    return bool(buts) and QUESTION in tokens[buts[-1] :]


# A question after "but" that opens with these asks how to be there, and the answer stands:
# "yes but where do I park?", "sí, pero ¿dónde es?", "yeah but can my son come?".
_LOGISTICS = frozenset(("where", "donde", "can", "could", "is", "are", "do", "does", "how",
                        "puedo", "puede", "hay", "when", "cuando"))  # fmt: skip


def _doubts_after_but(tokens: list[str], spans: list[Span]) -> bool:
    """Whether a question after the last 'but' doubts the answer ("ok, wait, what meeting?")."""
    if not _asks_after_but(tokens, spans):
        return False
    last = [s.end for s in spans if s.kind == CONTRAST][-1]
    first = [t for t in tokens[last:] if t not in CLAUSE_ENDS][:1]
    return first == [] or first[0] not in _LOGISTICS


def _says_more(tokens: list[str], spans: list[Span]) -> bool:
    """A question, or two or more words that are neither the answer nor courtesy."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    rest = [
        t
        for i, t in enumerate(tokens)
        if i not in covered and t not in PLAIN and t not in CLAUSE_ENDS
    ]
    return QUESTION in tokens or len(rest) >= 2


_ACKS = frozenset(("ok", "yes", "yeah", "yep", "yup", "si", "alright"))


def _without_leading_ack(tokens: list[str], spans: list[Span], kinds: list[str]) -> list[str]:
    """The kinds without an "ok" or "yes" that opens a refusal ("Ok, I won't be able to go").

    The opening word only acknowledges our text (BLIND4.md) when every answer after it is a no
    of more than a bare "no" ("yes, no" says both).
    """
    answers = [s for s in spans if s.kind in (YES, NO)]
    first, rest = (answers[0], answers[1:]) if answers else (None, [])
    opens = first is not None and first.start == 0 and first.end == 1 and tokens[0] in _ACKS
    refused = bool(rest) and all(s.kind == NO and s.end - s.start > 1 for s in rest)
    if not (opens and refused):
        return kinds
    kinds = list(kinds)
    kinds.remove(YES)
    return kinds


def _talks_of_texting(tokens: list[str], spans: list[Span]) -> bool:
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
    probs = reply_model.probabilities(text)
    said = reply_model.combine(
        rules.intent.value, probs, settled=rules.settled, wanted=rules.wanted
    )
    return rules if said == rules.intent.value else Reading(Intent(said), says_more=True)


def read_by_rules(text: str, language: str | None = None) -> Reading:
    """What the rules alone make of a reply (the model is not asked)."""
    if language is not None and language not in LANGUAGES:
        return _other_language(text)
    reacted = reaction(text)
    if reacted is not None:
        return Reading(Intent(reacted) if reacted in (YES, NO, MAYBE_STOP) else Intent.unknown)
    # "will this count or nah": a tag makes it a question
    tokens = reply_edges.tag_question([correct(t) for t in words(strip_quotes(text))])
    if not [t for t in tokens if t not in CLAUSE_ENDS]:
        return Reading(Intent.unknown)
    core = [t for t in tokens if t not in FILLER and t not in CLAUSE_ENDS]
    whole = reply_keywords.whole(core, tokens)
    if whole is not None:
        return Reading(Intent(whole))
    found = find_spans(tokens)
    # a hedge on a detail of coming ("maybe 10 min late") leaves the answer standing
    found = [
        s for s in found if s.kind != UNSURE or not reply_turns.hedges_a_detail(tokens, s.start)
    ]
    found = reply_settled.without_fillers(tokens, found)  # "yeah no I'm coming"
    away = reply_turns.away_then(tokens)  # "I'll be in Texas that week": a no
    if away is not None and not any(s.kind == NO for s in found):
        found = sorted([*found, Span(NO, *away)], key=lambda s: s.start)
    # "can't go tho": a "though" ending a clause turns that clause, as a "but" before it would
    spans = reply_edges.contrast_first(tokens, negate(tokens, found))
    kinds = [s.kind for s in spans]
    # A stop the reply itself takes back ("please do NOT unsubscribe me", "no los paren")
    taken_back = {STOP, STOP_ES} & {s.kind for s in found} and not {STOP, STOP_ES} & set(kinds)
    # "stop" as a place is no stop in a sentence about our texts ("at the bus stop, got your text")
    place = {i for s in spans if s.kind == NEUTRAL and "stop" in tokens[s.start : s.end]
             for i in range(s.start, s.end)}  # fmt: skip
    masked = ["" if i in place else t for i, t in enumerate(tokens)]
    heard = {reply_clauses.read_clause(c) for c in reply_clauses.clauses(masked, CLAUSE_ENDS)}
    # A stop wins over anything else said with it: "No. And stop texting me" is a stop.
    # "this is not Luis", "Not Tyrone.", "new phone who dis. not brandon"
    wrong = reply_clauses.wrong_person(strip_quotes(text))
    wrong = wrong or reply_edges.denies_name_lower(strip_quotes(text))
    if reply_words_more.stopped_by_mistake(tokens) or reply_turns.restarts(tokens):
        return Reading(Intent.start, says_more=True)  # "I texted STOP by accident"
    stopped = {STOP, STOP_ES, STOP_SELF} & set(kinds) or reply_clauses.STOP in heard or wrong
    stopped = stopped or reply_edges.keyword_clause(tokens)  # "who dis? pls remove"
    asked = conditional_stop(tokens, spans) or stop_then_what(tokens)
    asked = asked or reply_words_more.joked_stop(tokens)  # "STOP lol jk I'll be there"
    first = reply_keywords.opens_with_stop(tokens)  # "STOP. will this affect my case?"
    if stopped and (reply_words_more.what_if_stop(tokens, first) or asked):
        return Reading(Intent.maybe_stop, says_more=True)  # "what if I reply stop?", "after ...?"
    if stopped:
        # "nunca vuelvan a mandarme mensajes": the restart the model sees is the one refused
        refused = not {STOP, STOP_ES} & set(kinds) and any(
            reply_clauses.refuses_restart(c) for c in reply_clauses.clauses(tokens, CLAUSE_ENDS)
        )
        return Reading(Intent.stop, says_more=True, settled=refused)
    if MAYBE_STOP in kinds or reply_clauses.MAYBE in heard:
        return Reading(Intent.maybe_stop, says_more=True)
    # A stop taken back ("do NOT unsubscribe me, I need these"), or staying on the list asked
    # for ("not this time, but keep me on the list"): the texts are wanted, no stop to raise;
    # and "keep sending them, don't stop them" is that same wish, no restart.
    wanted = bool(taken_back) or reply_clauses.stays_on(tokens)
    praised = any(
        reply_clauses.praises_texts(c) for c in reply_clauses.clauses(tokens, CLAUSE_ENDS)
    )
    wanted = wanted or praised  # "the texts really help, thank you"
    if START in kinds or reply_clauses.START in heard and not wanted:
        return Reading(Intent.start)
    more = _says_more(tokens, spans)
    wanted = wanted or bool(place)  # from here on: the model may raise no stop either
    if {"y", "n"} <= set(tokens) <= {"y", "n", *CLAUSE_ENDS}:
        return Reading(Intent.unknown, says_more=True, settled=True)  # "y n", "Y/N?": both letters
    # A lone "y"/"n" leading the reply is an answer; inside a sentence "y" is Spanish "and".
    if tokens[0] in ("y", "n") and (len(tokens) == 1 or tokens[1] in CLAUSE_ENDS + (YES,)):
        kinds.insert(0, YES if tokens[0] == "y" else NO)
    # "a qué número puedo llamar", "what does CHANGE mean": the words asked about answer nothing
    who = reply_words_more.asks_who(tokens)
    outside = [s for s in spans if not who & set(range(s.start, s.end))]
    # Asking for another time is the most specific request: "yes, but can it be later?".
    day = asks_for_a_day(tokens, refused=NO in kinds) and not reply_turns.asks_which_day(tokens)
    day = day or reply_settled.offers_another_day(tokens, spans)  # "ese no, pero el sábado sí"
    if RESCHEDULE in {s.kind for s in outside} or day:
        return Reading(Intent.reschedule, says_more=more)
    answers = [(s.kind, s.start, s.end) for s in spans if s.kind in (YES, NO)]
    if reply_words_more.says_both(tokens, answers):
        return Reading(Intent.unknown, says_more=True, settled=True)  # "sí y no", "yes/no"
    asks = who and _answer([s.kind for s in outside], _asks_after_but(tokens, spans)) is None
    guess = reply_turns.guesses_sender(tokens)  # "is this the court?", a parent asks what it is
    neutral = reply_settled.asks_what_it_is(tokens)  # "r u a bot?", "¿para qué es esta reunión?"
    if asks or guess or (asks_for_help(tokens) or neutral) and not {YES, NO} & set(kinds):
        return Reading(Intent.help, says_more=True)  # "ayuda, no sé qué es esto"
    if UNSURE in kinds:  # "probably yes but let me confirm": hedged, the model takes no answer
        return Reading(Intent.unknown, says_more=True, settled=True, wanted=wanted)
    answer = _answer(_without_leading_ack(tokens, spans, kinds), _doubts_after_but(tokens, spans))
    if answer is Intent.no and _talks_of_texting(tokens, spans):
        return Reading(Intent.maybe_stop, says_more=True)  # a no near texting: never guess
    if answer is Intent.no and reply_turns.asks_by_video(tokens):
        return Reading(Intent.unknown, says_more=True)  # "¿se puede por video? I'm out of town"
    if answer is not None:
        return Reading(answer, says_more=more, wanted=wanted)
    blessed = reply_turns.blesses(tokens)  # "God bless you all": the model takes no answer
    which = reply_turns.asks_which_day(tokens)  # "what date is it, the 5th or the 12th?"
    which = which or reply_settled.asks_about_the_matter(tokens)  # "is this about the court date?"
    return Reading(Intent.unknown, says_more=True, settled=blessed or which, wanted=wanted)


def interpret(text: str, language: str | None = None) -> Intent:
    """Map a free-text SMS reply to an Intent; unclear or contradictory text is unknown."""
    return read(text, language).intent
