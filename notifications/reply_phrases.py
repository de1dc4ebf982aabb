"""The phrases found in a reply, and what negation, questions and conditions do to them.

`spans` finds every listed phrase (longest first at each position) in the words of
`reply_words`, `reply_words_more`, `reply_words_es`, `reply_words_life`, `reply_words_turns`
and `reply_words_edges`; `negate` then applies
the reply's own grammar: a negated stop is no stop, a negated yes a no, an answer word inside
the sender's own question answers nothing. Used by `replies`.
"""

from __future__ import annotations

from dataclasses import dataclass

from notifications import (
    reply_asks,
    reply_clauses,
    reply_edges,
    reply_words_edges,
    reply_words_es,
    reply_words_life,
    reply_words_more,
    reply_words_turns,
)
from notifications.reply_normalise import COMMA, QUESTION
from notifications.reply_questions import (
    CLAUSE_ENDS,
    clause_after,
    clause_around,
    clause_before,
    clause_end,
    in_a_question,
)
from notifications.reply_words import (
    CONTRAST,
    MAYBE_STOP,
    NEGATOR,
    NEGATORS_EN,
    NEGATORS_ES,
    NEUTRAL,
    NO,
    PHRASES,
    RESCHEDULE,
    START,
    STOP,
    STOP_ES,
    STOP_SELF,
    UNSURE,
    YES,
    _split,
)

# Every phrase as a word tuple, with its kind; the first list a phrase appears in wins.
_KIND_ORDER = (NEUTRAL, STOP_SELF, STOP, STOP_ES, MAYBE_STOP, START, RESCHEDULE, UNSURE, YES, NO)
_LEXICON: dict[tuple[str, ...], str] = {}
for _kind in (*_KIND_ORDER, NEGATOR, CONTRAST):
    more = [
        w
        for m in (
            reply_words_more.MORE,
            reply_words_es.ES,
            reply_words_life.LIFE,
            reply_words_turns.TURNS,
            reply_words_edges.EDGES,
        )
        for w in m.get(_kind, [])
    ]
    for _phrase in PHRASES.get(_kind, []) + more:
        _LEXICON.setdefault(tuple(_phrase.split()), _kind)
_LONGEST = max(len(p) for p in _LEXICON)


@dataclass
class Span:
    """A phrase found: its kind and where it stands in the words."""

    kind: str
    start: int
    end: int


def spans(tokens: list[str]) -> list[Span]:
    """The phrases found, longest first at each position, left to right."""
    found: list[Span] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            kind = _LEXICON.get(tuple(tokens[i : i + n]))
            if kind is not None:
                found.append(Span(kind, i, i + n))
                i += n
                break
        else:
            i += 1
    return found


def negate(tokens: list[str], spans: list[Span]) -> list[Span]:
    """Apply negations: a negated stop is no stop, a negated yes is a no."""
    out: list[Span] = []
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
            span = Span(MAYBE_STOP, span.start, span.end)  # "Stop what? I didn't sign up"
        no_before = tokens[span.start - 1 : span.start] == ["no"]
        if span.kind == STOP and no_before and reply_words_more.needs_texts(tokens):
            continue  # "no stop my reminders porfa, los necesito": a stop taken back
        if span.kind == STOP and reply_clauses.asks_if_they_end(clause_around(tokens, span.start)):
            span = Span(MAYBE_STOP, span.start, span.end)  # "will the texts stop after ...?"
        if span.kind in (STOP, STOP_ES):
            negators = NEGATORS_EN | (NEGATORS_ES if span.kind == STOP_ES else frozenset())
            before = clause_before(
                tokens, span.start, reach=3 + reply_clauses.asides(tokens, span.start)
            )
            if reply_clauses.WISH & set(before):  # "don't want you to remove me"
                before = clause_before(tokens, span.start, reach=6)
            if "y" in before:  # "no puedo y denme de baja": the "no" is the other verb's
                before = before[: before.index("y")]
            if any(w in negators for w in before):
                for other in out:
                    # a "no" or "can't" before it ("I can't stop thinking"), not a refusal
                    # in words ("I'll have to decline. Please don't take me off the list")
                    bare = tokens[other.end - 1] in negators | _NEGATING
                    if other.kind == NO and bare and span.start - other.end <= 3:
                        used.add(id(other))
                continue  # "do not stop my reminders", "no dejen de escribirme"
        follows = tokens[span.end : span.end + 2]
        if span.kind == YES and follows[:1] == ["not"] and set(follows[1:]) <= set(CLAUSE_ENDS):
            span = Span(NO, span.start, span.end + 1)  # "absolutely not", "sure not"
        if span.kind == YES and out and out[-1].kind in (NEGATOR, NO):
            prev = out[-1]
            if span.start == prev.end and tokens[prev.end - 1] in _NEGATING:
                span = Span(NO, span.start, span.end)  # "not ok", "no confirmo", "I can't be there"
        out.append(span)
    for wish, but in zip(out, out[1:], strict=False):
        # "I'd love to but I'm having surgery": a wish before a "but" is no yes; the words after
        # the "but" decide ("... but I can't": a no; "... but I'll be late": a yes), and with
        # none of them there is no answer (never a no: "love to! but I need a ride").
        near = set(tokens[wish.end : but.start]) <= {COMMA}
        if wish.kind == YES and but.kind == CONTRAST and near and _is_wish(tokens, wish):
            wish.kind = NEUTRAL
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
        if bare and reply_edges.keeps_them_coming(clause_after(tokens, start, reach=6)):
            used.add(id(span))  # "no, keep them coming": our stop question answered, texts wanted
        if span.kind == YES and reply_clauses.wants_texts(clause_around(tokens, span.start)):
            used.add(id(span))  # "sí quiero los recordatorios": about our texts, not the meeting
    return [s for s in out if id(s) not in used]


# The last word of a refusal before a yes-phrase makes it a no: "not ok", "I can't be there".
_NEGATING = frozenset(("not", "no", "cant", "cannot", "wont"))
# A yes that is only a wish, and a refusal when a "but" follows it.
_WISHES = frozenset(
    ("id love to", "love to", "would love to", "i would love to", "me encantaria", "me gustaria",
     "quisiera", "claro que me gustaria", "claro que me encantaria", "of course id love to",
     "por supuesto que me gustaria", "of course i would love to")
)  # fmt: skip


def _is_wish(tokens: list[str], span: Span) -> bool:
    """Whether a yes-phrase is only a wish ("I'd love to", "me encantaría")."""
    return " ".join(tokens[span.start : span.end]) in _WISHES


# Words that make a question about stopping conditional: "can I stop getting these after my
# hearing?" (a time after the stop), "si les pongo alto, ¿ya no me van a mandar nada?" (an "if"
# before it). BLIND2.md: a conditional question about stopping is asked about once.
_AFTER = frozenset(("after", "once", "until", "despues", "hasta"))
_IF = frozenset(("if", "si"))
_WHAT_THIS = (["what", "is"], ["whats", "this"], ["who", "is"], ["que", "es"], ["quien", "es"])


def stop_then_what(tokens: list[str]) -> bool:
    """A stop asked as a question, then what the texts are: "STOP? what is this" (BLIND10.md)."""
    return any(
        w in ("stop", "alto")
        and tokens[i + 1 : i + 2] == [QUESTION]
        and tokens[i + 2 : i + 4] in _WHAT_THIS
        for i, w in enumerate(tokens)
    )


_COUNTS = frozenset(_split("two,three,four,so,dos,tres,cuatro,tantos,tantas,multiple,varios"))
_LIMIT = frozenset(_split("before,after,antes,despues,so,at,on,during,in"))
_HOURS = frozenset(
    _split(
        "am,pm,night,nights,noche,morning,mornings,manana,work,trabajo,weekend,weekends,sunday,"
        "sundays,saturday,saturdays,domingo,domingos,sabado,sabados,early,late,temprano,tarde"
    )
)


def _limits_hours(after: list[str]) -> bool:
    """'before 8am', 'at work', 'so early', 'on Sundays': some hours, not all ('at this number')."""
    hours = any(w in _HOURS or w[:1].isdigit() for w in after[1:])
    return bool(after) and after[0] in _LIMIT and hours


def conditional_stop(tokens: list[str], found: list[Span]) -> bool:
    """Whether a stop stands in a question of the sender's with a condition of time or of if,
    or limits our texts to some hours ("please don't text me before 8am": ask, BLIND10.md)."""
    for span in found:
        after = clause_after(tokens, span.end, 4)
        if span.kind == STOP_SELF and (_limits_hours(after) or after[:1] and after[0] in _COUNTS):
            return True  # "before 8am", "no me manden tres recordatorios": fewer, not none
        if span.kind not in (STOP, STOP_ES) or QUESTION not in tokens[span.end : span.end + 16]:
            continue
        before = clause_before(tokens, span.start, 8)
        after = clause_after(tokens, span.end, 12)
        if _IF & set(before) or _AFTER & set(after):
            return True
    return False


# Yes only as a whole clause: before a verb, "como no" is "since ... not", "por qué no" "why not".
_CLAUSE_ONLY = frozenset(("como no", "por que no", "porque no"))
# After "I'm in", only these keep it a yes ("I'm in for it"); a place makes it where one is.
_IN_FOR = frozenset(("for", "too", "again", "then", "yes", "si"))


def _conditional(tokens: list[str], span: Span) -> bool:
    """A "si" that is "if" ("¿y si llueve?", "¿se dan cuenta si voy?"), or "I'm in" a place."""
    words = tokens[span.start : span.end]
    if words == ["im", "in"]:
        after = tokens[span.end : span.end + 1]
        return after not in ([], [COMMA], [QUESTION]) and after[0] not in _IN_FOR
    opens = clause_before(tokens, span.start, 1) == []
    asked = clause_end(tokens, span.end) == QUESTION
    if (
        asked
        and span.kind in (YES, NO)
        and any(
            reply_asks.has_phrase(clause_before(tokens, span.start, 8)[::-1], p) for p in _SUPPOSED
        )
    ):
        return True  # "¿qué pasa si no voy?": an answer supposed, not given
    return words == ["si"] and not opens and asked


_SUPPOSED = (("pasa", "si"), ("pasaria", "si"), ("what", "if"), ("happens", "if"), ("happen", "if"))


def _negated_stop(tokens: list[str]) -> bool:
    """Whether the clause these tokens begin takes a stop back ("no quiero que dejen de ...")."""
    clause = clause_after(tokens, 0, reach=8)
    return any(
        w in reply_clauses.STOPPING and reply_clauses.taken_back(clause, i)
        for i, w in enumerate(clause)
    )
