"""Readings the sixth blind set asked for that need more than a phrase: names, tags, asks.

A name denied in lower case beside "who dis" ("new phone who dis. not brandon"); a yes with a
START keyword ("Yes start"); what replying a keyword does ("if I text CHANGE what happens",
help); which program writes; a tag question ("... or nah") that answers nothing; a who-ask about
one's own matter or the other party (no help); a time confirmed, not asked for ("does it start
at 6?"); a day named with an acceptance ("count me in para el sábado"). Used by `replies`,
`reply_words_more`, `reply_questions` and `reply_clauses`; tried on new replies in
tests/notifications/test_replies_edges.py.
"""

from __future__ import annotations

import re

from notifications.reply_clauses import clauses
from notifications.reply_words import ALONE_ONLY, POLITE, START_ALONE, STOP_ALONE, _split

# "new phone who dis", "who is this", "wrong #": the sender does not know us
_WHO = re.compile(r"(?i)\b(who ?dis|who ?this|who is this|whos this|who's this|new phone|new number"
                  r"|qui[eé]n (?:es|habla)|n[uú]mero nuevo|cel nuevo)\b")  # fmt: skip
# "not brandon", "this isn't brandon", "no soy brandon": a lower-case name at a clause's end
_DENIED = re.compile(
    r"(?i)(?:^|[.!?,\n]\s*)(?:not|nope,? not|no,? not|this is not|this isn'?t|i'?m not|i am not"
    r"|no soy|aqu[ií] no es)\s+(?P<name>[a-záéíóúñ]{3,})(?:\s+(?:tho|though))?\s*(?:[.!?,\n]|$)"
)
# Lower-case words after "not" that are no names
_NOT_NAMES = frozenset(
    _split(
        "yet,him,her,them,mine,yours,true,funny,legit,fair,kidding,happening,interested,sure,"
        "today,now,really,me,you,here,there,again,anymore,bad,cool,okay,yours,this,that,it,lol,"
        "spam,real,available,home,free,working,coming,going,bro,dude,man,girl,sis,fam,nada,yo"
    )
)


def denies_name_lower(text: str) -> bool:
    """'new phone who dis. not brandon': a name denied in lower case where the sender asks who."""
    from notifications.reply_spelling import KNOWN

    if not _WHO.search(text):
        return False
    names = [m.group("name").casefold() for m in _DENIED.finditer(text.replace("’", "'"))]
    return any(n not in KNOWN and n not in _NOT_NAMES for n in names)


_ACKS = frozenset(_split("yes,yeah,yep,si,ok,okay,sure,claro,please,porfa,pls,plz"))


def yes_start(core: list[str]) -> bool:
    """'Yes start', 'sí, alta', 'ok START': a yes that only goes with the re-subscription."""
    rest = [w for w in core if w not in _ACKS]
    return len(rest) < len(core) and " ".join(rest) in START_ALONE


# A tag that makes a statement a question: "will this count or nah", "¿vas o no?"
_TAGS = (("or", "nah"), ("or", "no"), ("or", "not"), ("or", "nope"), ("o", "no"), ("o", "que"))
_OPENS = frozenset(
    _split("will,is,are,do,does,did,can,could,should,would,am,was,va,van,es,puedo,tengo,hay")
)


def tag_question(tokens: list[str]) -> list[str]:
    """A question mark after a tag ending a clause that opens as a question ('... or nah')."""
    out: list[str] = []
    start = 0
    for i, token in enumerate(tokens):
        out.append(token)
        end = i + 1 == len(tokens) or tokens[i + 1] == ","
        if end and tuple(tokens[i - 1 : i + 1]) in _TAGS and tokens[start] in _OPENS:
            out.append("?")
        if token in (",", "?"):
            start = i + 1
    return out


# "does it start right at 6?", "is it still at 6?", "¿empieza a las 6?": the time confirmed
_STARTS = frozenset(_split("start,starts,begin,begins,empieza,comienza,empiezan,comienzan,inicia"))
_STILL = (["is", "it"], ["is", "it", "still"], ["still"], ["es"], ["sigue"], ["its", "still"])


def confirms_a_time(before: list[str]) -> bool:
    """Whether the words of a clause before 'at 6' confirm the time instead of asking another."""
    words = [w for w in before if w not in ("right", "exactly", "justo", "at", "a", "las")]
    return bool(_STARTS & set(before)) or any(words[-len(s) :] == s for s in _STILL)


# An acceptance just before "para el sábado" names the day of the invite, no other
_ACCEPTS = frozenset(_split("in,conmigo,estare,confirmo,voy,apuntenme,anotenme,apuntame,anotame"))


def accepts_the_day(tokens: list[str], i: int) -> bool:
    """Whether the day at i follows 'para el' or 'for' just after an acceptance."""
    before = [w for w in tokens[max(0, i - 4) : i] if w != ","]
    ask = before[-2:] == ["para", "el"] or before[-1:] == ["for"]
    word = before[-3:-2] if before[-2:] == ["para", "el"] else before[-2:-1]
    return ask and word != [] and word[0] in _ACCEPTS


_GOING_ON = frozenset(_split("coming,sending,texting,them,em,the,those,these,mandando,enviando"))


def keeps_them_coming(clause: list[str]) -> bool:
    """'keep them coming', 'keep sending them': the texts wanted, so a bare "no" before is none."""
    return any(w == "keep" and _GOING_ON & set(clause[i + 1 : i + 3]) for i, w in enumerate(clause))


_TRAILING = frozenset(_split("tho,though"))


def contrast_first(tokens: list[str], spans: list) -> list:
    """The spans with a clause-ending 'tho' moved before the first span of its clause."""
    out = list(spans)
    for span in spans:
        word = tokens[span.start : span.end]
        at_end = span.end == len(tokens) or tokens[span.end] in (",", "?")
        if len(word) != 1 or word[0] not in _TRAILING or not at_end:
            continue
        start = max((i + 1 for i in range(span.start) if tokens[i] in (",", "?")), default=0)
        first = next(k for k, s in enumerate(out) if s.start >= start)
        out.remove(span)
        out.insert(first, span)
    return out


def keyword_clause(tokens: list[str]) -> bool:
    """A clause that is only a carrier keyword and courtesy, beside other clauses ('pls remove')."""
    parts = [" ".join(w for w in c if w not in POLITE) for c in clauses(tokens, (",", "?"))]
    lone = STOP_ALONE - ALONE_ONLY - {"para", "pare", "parar", "paren", "end", "block"}
    return len(parts) > 1 and any(p in lone for p in parts)
