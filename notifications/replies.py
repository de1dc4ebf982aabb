"""Understand free-text SMS replies (English and Spanish): intents and numbered choices."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Intent(StrEnum):
    """What a reply asks for."""

    yes = "yes"
    no = "no"
    reschedule = "reschedule"
    stop = "stop"
    start = "start"
    help = "help"
    unknown = "unknown"


# Emoji that carry a clear answer become words before punctuation is stripped.
_EMOJI_WORDS = {
    "👍": " yes ",
    "👌": " yes ",
    "✅": " yes ",
    "✔": " yes ",
    "☑": " yes ",
    "🆗": " ok ",
    "👎": " no ",
    "❌": " no ",
    "✖": " no ",
    "🚫": " no ",
    "🙅": " no ",
}

# Words that add nothing to the meaning of a short reply ("STOP please", "ayuda por favor").
_FILLER = frozenset(
    [
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "now",
        "me",
        "por",
        "favor",
        "gracias",
        "ahora",
        "hi",
        "hello",
        "hola",
        "ok",
    ]
)

# Carrier opt-out / opt-in / help keywords: Twilio acts on these only as the whole message,
# and so do we, so that "I can't stop by" or "cancel my Tuesday" are not read as an opt-out.
_STOP_WORDS = frozenset(
    ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "parar", "alto"]
)
# Of those, the ones that cannot mean anything else even with a "please" around them.
_STOP_WORDS_WITH_FILLER = frozenset(["stop", "stopall", "unsubscribe", "optout", "parar"])
_START_WORDS = frozenset(["start", "unstop", "comenzar", "optin"])
_HELP_WORDS = frozenset(["help", "info", "ayuda", "informacion"])

# Phrases, as token tuples, that clearly ask for no more texts wherever they appear.
_STOP_PHRASES = [
    tuple(p.split())
    for p in (
        "stop texting",
        "stop sending",
        "stop messaging",
        "stop contacting",
        "stop the texts",
        "stop these texts",
        "stop all texts",
        "stop text",
        "stop texts",
        "stop messages",
        "no more texts",
        "no more text",
        "no more messages",
        "dont text me",
        "do not text me",
        "unsubscribe me",
        "opt out",
        "remove me from",
        "take me off",
        "no mas mensajes",
        "no mas textos",
        "no me envien mas",
        "no me manden mas",
        "no me escriban mas",
        "dejen de enviar",
        "dejen de enviarme",
        "dejen de mandarme",
        "deje de enviarme",
        "deje de mandarme",
        "dejen de escribirme",
        "dejen de mandar",
        "dejen de escribir",
        "deje de enviar",
        "deje de mandar",
        "parar mensajes",
        "darme de baja",
        "dar de baja",
    )
]

_YES, _NO, _RESCHEDULE, _UNSURE, _NEGATOR = "yes", "no", "reschedule", "unsure", "negator"

# Longest phrases are matched first, so "no problem" is a yes and "no puedo" a single no.
_PHRASES: dict[tuple[str, ...], str] = {}


def _add(kind: str, phrases: str) -> None:
    for phrase in phrases.split(","):
        _PHRASES[tuple(phrase.split())] = kind


_add(
    _YES,
    "yes,yeah,yea,yep,yup,yess,yesss,ok,okay,okey,okk,k,kk,sure,confirm,confirmed,accept,"
    "accepted,absolutely,definitely,certainly,of course,ill be there,i will be there,will be there,"
    "see you there,see you then,count me in,sounds good,works for me,that works,will do,i can,"
    "i can make it,i can come,im in,no problem,no worries,alright,all right,affirmative,correct,"
    "si,sii,siii,claro,claro que si,por supuesto,de acuerdo,acepto,aceptado,confirmo,confirmado,"
    "alli estare,ahi estare,estare ahi,estare alli,alli estaremos,ahi estaremos,asistire,"
    "esta bien,vale,dale,perfecto,listo,si puedo,no hay problema,sin problema,cuente conmigo",
)
_add(
    _NO,
    "no,nope,nah,nop,decline,declined,cant,cannot,can not,wont,unable,not available,"
    "not able,cant make it,cant come,cant go,not going,wont be there,wont make it,i decline,"
    "no thanks,no thank you,i can not,i cannot,not be there,not be able,not make it,"
    "not attend,not coming,cant attend,dont think so,i dont think so,not this time,pass,i pass,"
    "busy,im busy,no puedo,no podre,no voy,"
    "no asistire,no estare,no gracias,rechazo,imposible,claro que no,no me es posible,"
    "no estoy disponible,no tengo tiempo",
)
_add(
    _RESCHEDULE,
    "change,change it,reschedule,rescheduled,re schedule,postpone,another day,another time,"
    "another date,different day,different time,different date,other day,other time,new time,"
    "new date,later date,move it,another week,"
    "cambiar,cambio,cambie,cambien,cambiarla,cambiarlo,reprogramar,reprogramarla,posponer,"
    "aplazar,otro dia,otra fecha,otra hora,otro horario,otro momento,otra semana,"
    "la proxima semana,mover",
)
_add(
    _UNSURE,
    "maybe,perhaps,possibly,probably,not sure,unsure,idk,i dont know,dont know,dunno,"
    "might,we will see,well see,quizas,quiza,tal vez,talvez,a lo mejor,no se,no lo se,"
    "no estoy seguro,no estoy segura,puede ser,depende",
)
_add(_NEGATOR, "not,never,dont,nunca,tampoco")

_MAX_PHRASE = max(len(p) for p in _PHRASES)


def normalize(text: str) -> list[str]:
    """Lower-case, drop accents, apostrophes, punctuation and other emoji, split into words."""
    for emoji, word in _EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    # "can't" -> "cant", "I'll" -> "ill": contractions become one word.
    text = re.sub(r"['’`´]", "", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return text.split()


def _strip_filler(words: list[str]) -> list[str]:
    return [w for w in words if w not in _FILLER]


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def _signals(words: list[str]) -> list[str]:
    """Kinds of the phrases found, longest match first, a negated yes counting as no."""
    found: list[str] = []
    negated_until = -1  # word index up to which a "not" / bare "no" still applies
    i = 0
    while i < len(words):
        for n in range(min(_MAX_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + n])
            kind = _PHRASES.get(phrase)
            if kind is None:
                continue
            # "not ok", "no, estaré... no": a yes right after a negation is a no.
            if kind == _YES and i <= negated_until:
                kind = _NO
            if kind == _NEGATOR or phrase == ("no",):
                negated_until = i + n + 1
            found.append(kind)
            i += n
            break
        else:
            i += 1
    return found


def interpret(text: str) -> Intent:
    """Map a free-text SMS reply to an Intent; unclear or contradictory text is unknown."""
    words = normalize(text)
    if not words:
        return Intent.unknown
    core = _strip_filler(words)
    if len(words) == 1 and words[0] in _STOP_WORDS:
        return Intent.stop
    if len(core) == 1 and core[0] in _STOP_WORDS_WITH_FILLER:
        return Intent.stop
    if " ".join(core) in ("opt out", "opt in"):
        return Intent.stop if core[1] == "out" else Intent.start
    if any(_contains(words, p) for p in _STOP_PHRASES):
        return Intent.stop
    if len(core) == 1 and core[0] in _START_WORDS:
        return Intent.start
    if len(core) == 1 and core[0] in _HELP_WORDS:
        return Intent.help
    # A lone "y"/"n" is an answer; inside a sentence "y" is Spanish for "and".
    if words[0] in ("y", "n") and (len(words) == 1 or words[1] not in ("y", "n")):
        first = _YES if words[0] == "y" else _NO
        rest = _signals(words[1:])
        kinds = {first, *rest} - {_NEGATOR}
    else:
        kinds = set(_signals(words)) - {_NEGATOR}
    # Asking for another time is the most specific request: "No, can we do another day?",
    # "maybe another day" and "Sí, pero necesito cambiar la fecha" all want a new time.
    if _RESCHEDULE in kinds:
        return Intent.reschedule
    if _UNSURE in kinds:
        return Intent.unknown
    if kinds == {_YES}:
        return Intent.yes
    if kinds == {_NO}:
        return Intent.no
    return Intent.unknown


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "first": 1, "second": 2, "third": 3, "uno": 1, "una": 1, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "primera": 1,
    "primero": 1, "segunda": 2, "segundo": 2, "tercera": 3, "tercero": 3,
}  # fmt: skip
# Words people put around a choice: "option 2", "la 2", "#2 please", "I'll take 2".
_CHOICE_FILLER = _FILLER | frozenset(
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
