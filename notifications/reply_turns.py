"""Readings the fifth blind set asked for that need more than a phrase: turns and asks.

A stop reported or taken back beside a wish for the texts is a restart ("my nephew sent STOP,
I still want the texts"); a hedge on a detail (how late, what one wears) leaves the yes
standing; asking who writes in the form of a guess ("is this the court?"), or a parent asking
what it is about, is help; a no beside a question about joining by video is for a person;
blessings answer nothing; asking which date we meant asks for no other. Used by `replies`;
tried on new replies in tests/notifications/test_replies_turns.py.
"""

from __future__ import annotations

from notifications.reply_asks import has_phrase as _has
from notifications.reply_clauses import clauses
from notifications.reply_words import WEEKDAYS, _split

_STOP_WORDS = frozenset(_split("stop,stopped,unsubscribe,unsubscribed,alto,baja,parar,cancel"))
# Someone sent the stop, or it was sent and is now reported: "my nephew sent STOP"
_SENT = frozenset(
    _split(
        "sent,texted,replied,typed,put,wrote,hit,pressed,responded,answered,said,puso,mando,escribio,dije,"
        "envio,contesto,respondio,puse,mande,escribi,envie,conteste,respondi,"
        # "ya había puesto STOP", "I had typed in stop"
        "puesto,mandado,enviado,escrito,contestado,respondido"
    )
)
# The sender's mind changed: "ya cambié de opinión", "I changed my mind"
_CHANGED = (
    ("changed", "my", "mind"),
    ("change", "my", "mind"),
    ("cambie", "de", "opinion"),
    ("cambie", "de", "idea"),
    ("cambie", "de", "parecer"),
    ("me", "arrepenti"),
    ("take", "it", "back"),
)
_WANT = frozenset(_split("want,wanna,need,quiero,necesito,ocupo,like"))
# Getting them, said as a fact ("I sent STOP and still get texts") or as a wish ("I want to keep
# getting them"): only the wish is a restart.
_GETTING = (("keep", "getting"), ("keep", "receiving"), ("seguir", "recibiendo"), ("still", "get"))
_ASKING = frozenset(_split("want,wanna,need,quiero,necesito,ocupo,like,please,can,could,pueden"))
_KEEP = (("keep", "sending"), ("send", "them"), ("sigan", "mandando"), ("sigan", "enviando"),
         ("manden", "los"), ("mandenme", "los"), ("want", "them", "back"),
         ("back", "on"), ("resume",), ("reactivate",), ("mandenme",), ("envienme",),
         ("otra", "vez"), ("sigan", "avisando"))  # "turn my texts back on"  # fmt: skip
_THEM = frozenset(
    _split(
        "texts,text,messages,mensajes,reminders,recordatorios,textos,them,these,los,las,it,"
        "notifications,avisos"
    )
)
_NOT = frozenset(_split("no,not,dont,never,nunca,ya,anymore,more,mas,doesnt,didnt,tampoco,neither"))


def _wants_them(clause: list[str]) -> bool:
    """'I still want the texts', 'sí quiero los mensajes', 'keep getting them': no negation."""
    wish = bool(_WANT & set(clause)) and bool(_THEM & set(clause))
    asked = bool(_ASKING & set(clause)) and any(_has(clause, k) for k in _GETTING)
    return (wish or asked or any(_has(clause, k) for k in _KEEP)) and not _NOT & set(clause)


def restarts(tokens: list[str]) -> bool:
    """A stop reported ('sent STOP') or a mind changed, beside a wish for the texts: a restart."""
    parts = clauses(tokens, (",", "?", "but", "pero"))  # "puse STOP pero sí quiero seguir..."
    reported = any(
        _STOP_WORDS & set(c)
        and _SENT & set(c[: next(i for i, w in enumerate(c) if w in _STOP_WORDS)])
        for c in parts
    )
    changed = any(_has(tokens, p) for p in _CHANGED)
    return (reported or changed) and any(_wants_them(c) for c in parts)


# A hedge on a detail of coming leaves the answer standing: "maybe 10 min late", "I might
# still be in my work uniform", "a lo mejor llego tarde".
_DETAILS = frozenset(
    _split(
        "late,tarde,early,temprano,uniform,uniforme,clothes,ropa,wearing,dressed,vestido,"
        "vestida,minutes,min,mins,minutos,leave,salir,irme,bring,traer,parking,estacionar"
    )
)


def hedges_a_detail(tokens: list[str], start: int) -> bool:
    """Whether the hedge at `start` is about a detail of coming (lateness, clothes), not the yes."""
    after: list[str] = []
    for token in tokens[start + 1 :]:
        if token in (",", "?"):
            break
        after.append(token)
    return bool(_DETAILS & set(after[:8]))


# Guessing who writes: "is this the court?", "¿esto es del juzgado?", "are you probation?"
_WHO_GUESS = frozenset(
    _split(
        "court,courts,corte,juzgado,probation,probatoria,parole,lawyer,abogado,abogada,police,"
        "policia,school,escuela,da,fiscal,fiscalia,lawyers,abogados,county,condado,city,public defender,defensor,"
        "judge,juez,jueza"
    )
)
_ABOUT_IT = frozenset(_split("about,sobre,regarding,for,para,acerca,related"))
_IS_THIS = (("is", "this"), ("esto", "es"), ("es", "esto"), ("are", "you"), ("son", "ustedes"),
            ("ustedes", "son"), ("son", "de"),
            ("is", "this", "from"), ("es", "de"), ("are", "u"), ("this", "is"))  # fmt: skip
# A parent or guardian names themself, then asks what it is about
_PARENT = frozenset(
    _split(
        "mama,mamá,papa,mom,dad,mother,father,abuela,abuelo,grandma,grandmother,guardian,tutor,"
        "tutora,tia,tio,aunt,uncle"
    )
)
_ABOUT = (("de", "que", "se", "trata"), ("what", "is", "this", "about"), ("what", "its", "about"),
          ("what", "is", "it", "about"), ("what", "this", "is", "about"), ("de", "que", "es"),
          ("para", "que", "es"), ("what", "is", "this", "for"), ("whats", "this", "about"),
          ("what", "is", "the", "meeting", "about"), ("whats", "it", "about"))  # fmt: skip


def guesses_sender(tokens: list[str]) -> bool:
    """A question that guesses who writes ('is this the court?'), or a parent asking what it is."""
    for clause, ends in _questions(tokens):
        opens = any(tuple(clause[: len(p)]) == p for p in _IS_THIS)
        about = bool(_ABOUT_IT & set(clause))  # "is this about my probation?": the meeting
        if ends and opens and not about and _WHO_GUESS & set(clause) and len(clause) <= 9:
            return True
    if any(ends and _names_program(clause) for clause, ends in _questions(tokens)):
        return True
    parent = bool(_PARENT & set(tokens)) and bool({"soy", "im", "this", "i"} & set(tokens))
    return parent and any(_has(c, a) for c, ends in _questions(tokens) if ends for a in _ABOUT)


_WHAT_IS = (("what", "is"), ("whats",), ("que", "es"), ("what", "exactly", "is"))
_WHERE_WHEN = frozenset(
    _split("address,time,hora,direccion,location,where,donde,when,cuando,date,fecha,room,sala")
)
_PROGRAM = frozenset(_split("program,programa,panel,mediation,mediacion,convene"))


def _names_program(clause: list[str]) -> bool:
    """'What is the Restorative Justice Program?', '¿qué es el Programa de Justicia?'."""
    opener = next((len(p) for p in _WHAT_IS if tuple(clause[: len(p)]) == p), 0)
    named = clause[opener : opener + 6]
    detail = (_ABOUT_IT | _WHERE_WHEN) & set(clause)  # "what's the mediation address?"
    return bool(opener) and bool(_PROGRAM & set(named)) and not detail


def _questions(tokens: list[str]) -> list[tuple[list[str], bool]]:
    """Each clause, and whether it ends in a question mark."""
    out: list[tuple[list[str], bool]] = []
    clause: list[str] = []
    for token in [*tokens, ","]:
        if token in (",", "?"):
            if clause:
                out.append((clause, token == "?"))
            clause = []
        else:
            clause.append(token)
    return out


_VIDEO = frozenset(_split("video,zoom,virtual,virtually,online,linea,remote,remotely,videollamada"))


def asks_by_video(tokens: list[str]) -> bool:
    """A question about joining by video or online ('¿se puede hacer por video?'): a person decides."""
    return any(ends and _VIDEO & set(clause) for clause, ends in _questions(tokens))


_BLESS = (("god", "bless"), ("bless", "you"), ("dios", "los", "bendiga"), ("dios", "le", "bendiga"),
          ("dios", "te", "bendiga"), ("bendiciones",), ("work", "you", "do"),
          ("labor", "que", "hacen"))  # fmt: skip


def blesses(tokens: list[str]) -> bool:
    """Blessings and thanks for the work ('God bless you all'): no answer, none for the model."""
    return any(_has(tokens, b) for b in _BLESS)


_WHICH = frozenset(_split("which,what,cual,que"))
_DAY_WORDS = frozenset(_split("day,date,dia,fecha,week,semana,time,hora"))


def asks_which_day(tokens: list[str]) -> bool:
    """'Which Saturday is this, the 12th or the 19th?': which date we meant, no other asked for."""
    days = WEEKDAYS | _DAY_WORDS
    return any(
        ends
        and any(
            w in _WHICH and clause[k + 1 : k + 2] and clause[k + 1] in days
            for k, w in enumerate(clause)
        )
        for clause, ends in _questions(tokens)
    ) or _which_of_two(tokens)


def _which_of_two(tokens: list[str]) -> bool:
    """'the 12th or the 19th?': two dates offered as a question, asking which one is ours."""
    for clause, ends in _questions(tokens):
        dated = [w for w in clause if w[:1].isdigit()]
        if ends and len(dated) == 2 and {"or", "o"} & set(clause):
            return True
    return False


_AWAY = (("ill", "be", "in"), ("i", "will", "be", "in"), ("voy", "a", "estar", "en"), ("estare", "en"),
         ("ill", "be", "away"), ("im", "in"), ("estoy", "en"), ("ando", "en"))  # fmt: skip
_THEN = (("that", "week"), ("that", "day"), ("that", "weekend"), ("esa", "semana"), ("ese", "dia"),
         ("ese", "fin"))  # fmt: skip


def away_then(tokens: list[str]) -> tuple[int, int] | None:
    """Where a clause says one is elsewhere that week ("I'll be in Texas that week"): a no."""
    start = 0
    for end, token in enumerate([*tokens, ","]):
        if token not in (",", "?"):
            continue
        clause = tokens[start:end]
        if any(_has(clause, a) for a in _AWAY) and any(_has(clause, t) for t in _THEN):
            return start, end
        start = end + 1
    return None
