"""What a clause says about our texts, beyond the listed phrases: a stop, a restart, or unclear.

The phrase lists catch the usual ways of asking; people also build their own sentences
("favor de no enviar más mensajes", "do not send any more messages", "turn my texts back on").
A clause (words up to a comma or question mark) is read by the kinds of words it holds:
a verb of stopping or removing, a verb of sending, a word for our texts, and a negation.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from notifications.reply_words import _split

STOP, START, MAYBE = "stop", "start", "maybe_stop"

# Stopping or removing: "stop", "quit", "remove", "dejen", "quiten", "borren", "cancelen".
STOPPING = frozenset(
    _split(
        "stop,stopping,quit,cease,remove,delete,unsubscribe,block,cancel,dejen,deje,deja,dejar,"
        "sacar,quitar,eliminar,retirar,"
        "cancela,cancelame,cancelenme,desuscribir,desuscribanme,desuscribeme,"
        # formal and technical: "please discontinue", "refrain from texting", "desactiven"
        "discontinue,refrain,desist,deactivate,disable,desactiven,desactive,desactivar,apaguen,"
        # removing in every person, voseo too ("borrá mi número", "retírenme", "elimínenme")
        "borra,quita,saca,retiren,retire,retira,retirar,retirenme,eliminen,elimine,elimina,"
        "eliminar,eliminenme,"
        "paren,pare,parar,quiten,quite,quitar,quitenme,saquen,saque,sacar,saquenme,borren,borre,"
        "borrar,borrenme,cancelen,cancele,cancelar,off,pares,dejes,"
        # "cut the texts porfa": cutting them off (only with a word of our texts in the clause)
        "cut,"
        # "pause all texts until January", "pausen los mensajes": a pause we cannot schedule is a
        # stop they can take back with START (blind7, blind9)
        "pause,pauses,pausing,pausen,pausar,pausenme,pausa,"
        "suspend,suspendan,suspenda,suspender,suspende"
    )
)
_WOULD_NOT = frozenset(_split("didnt,wouldnt"))
_PAUSE = frozenset(_split("pause,pausen,pausar,pausa,suspend,suspendan,suspenda"))
_THEM_ALL = frozenset(_split("these,those,them,everything,estos,esos,todo"))
_BIDDING = frozenset(_split("please,pls,plz,just,porfa,favor,ya,now,so"))
# Sending or getting texts: the verbs a "don't" or a "no" turns into a stop request.
SENDING = frozenset(
    _split(
        "send,sending,text,texting,message,messaging,contact,contacting,enviar,envien,envie,"
        "enviarme,mandar,manden,mande,mandarme,escribir,escriban,escriba,escribirme,contactar,"
        "contacten,contacte,contactes,contacta,textear,texteen,escribiendo,mandando,enviando,texteando,contactando"
    )
)
RECEIVING = frozenset(_split("receive,receiving,get,getting,recibir,recibiendo"))
TEXTS = frozenset(
    _split(
        "texts,text,texting,messages,message,reminders,reminder,notifications,sms,mensajes,"
        "mensaje,textos,recordatorios,list,lista,number,numero,alerts,alertas,notificaciones,"
        # the phone itself and the subscription: "quit hitting my phone up", "cancelen mi
        # suscripción"
        "phone,cel,celular,telefono,subscription,suscripcion,contacts,contactos,"
        # "ya no deseo seguir recibiendo avisos": notices
        "avisos,notificacion"
    )
)
NEGATIONS = frozenset(_split("no,not,dont,never,nunca,tampoco"))
MORE = frozenset(_split("more,mas,anymore"))
# Starting again: "resume", "back on", "vuelvan a", "activar".
RESTART = frozenset(
    _split(
        "resume,restart,reactivate,activate,reactivar,activar,reanudar,reanuden,retomar,back,keep,"
        # "volver a" in every person: "pueden volver a enviarme", "vuelve a mandarme"
        "seguir,sigan,volver,vuelvan,vuelva,vuelve,vuelvas"
    )
)


# After a sending verb, these make it about texting us ("don't send me", "no enviar más").
_TO_ME = frozenset(
    _split("me,us,any,more,mas,anymore,this,these,nada,messages,texts,mensajes,textos")
)


# Words between a verb's negation and the verb that do not end its reach: "don't you guys ever
# stop"; a bare "no" before them is an answer ("no you guys stop texting me")
_ASIDE = frozenset(_split("you,u,guys,yall,all,ever,evr"))
_VERB_NOT = frozenset(_split("dont,not,never,wont,doesnt"))


def asides(tokens: list[str], start: int) -> int:
    """How many aside words stand between `start` and a verb's negation right before them."""
    count = 0
    while count < start and tokens[start - count - 1] in _ASIDE:
        count += 1
    negation = start - count - 1
    return count if negation >= 0 and tokens[negation] in _VERB_NOT else 0


def _negated(clause: list[str], i: int, reach: int = 3) -> bool:
    """Whether one of the `reach` words before position i (asides aside) negates it."""
    reach += asides(clause, i)
    return any(w in NEGATIONS for w in clause[max(0, i - reach) : i])


_THESE = frozenset(_split("these,them,any,anything,nada,mas,more"))
_WAS = frozenset(_split("was,is,were,been,went,got,estaba,estuvo"))
_PASSIVE = frozenset(_split("cut,off,shut,disconnected,turned"))


def _stopping(clause: list[str], i: int) -> bool:
    """A verb of stopping, or a misspelt "stop" just before texting ("stoop sending msgs")."""
    word, after = clause[i], clause[i + 1 : i + 2]
    if word == "off" and clause[i - 1 : i] and clause[i - 1] in _WAS:
        return False  # "my phone was off": the phone, not our texts
    if word in _PASSIVE and _WAS & set(clause[max(0, i - 2) : i]):
        return False  # "my phone got cut off", "was shut off": the phone's service, no request
    if word in STOPPING or (word.endswith("rme") and word[:-2] in STOPPING):
        return True  # and the infinitive with its "me": "favor de sacarme de la lista"
    near = len(word) >= 3 and OSA.distance(word, "stop") <= 1
    return near and bool(set(after) & (SENDING | TEXTS))


# "no quiero que me quiten", "I don't want you to remove me": the negation reaches past the wish.
WISH = frozenset(
    _split("want,wants,quiero,queremos,quiere,like,wish,deseo,desea,quisiera,consent,prefer,rather")
)


def taken_back(clause: list[str], i: int) -> bool:
    """Whether the stopping word at i is negated, directly or through a wish before it."""
    wish = bool((WISH | _GOING) & set(clause[max(0, i - 5) : i]))  # "no me vayan a quitar"
    return _negated(clause, i) or (wish and _negated(clause, i, reach=6))


_GOING = frozenset(_split("vayan,vaya,vayas"))


# Questions whose subject comes after: "will the texts stop?", "are these texts ever going to
# stop?", "¿van a parar los mensajes?" ("are you going to stop texting me?" puts the stop first)
_WILL = (["will"], ["when"], ["cuando"], ["are"], ["is"], ["do"], ["does"], ["van"])
# "you don't need to keep texting": no obligation, not a wish that they stop (ask once)
_OBLIGED = frozenset(_split("need,needs,have,has,tienen,tiene,necesitan,necesita,hace,falta"))


def _obliged(clause: list[str], i: int) -> bool:
    """Whether a need or obligation stands between a negation and word i ("don't need to keep")."""
    return bool(_OBLIGED & set(clause[max(0, i - 4) : i]))


def asks_if_they_end(clause: list[str]) -> bool:
    """A question with our texts as the subject of stopping: "will the texts stop?"."""
    if clause[:1] not in _WILL or NEGATIONS & set(clause):
        return False  # "do not send texts, stop" is no question
    texts = [i for i, w in enumerate(clause) if w in TEXTS]
    stops = [i for i, w in enumerate(clause) if w in STOPPING or w in ("end", "paran")]
    return bool(texts and stops) and texts[0] < stops[0]


def read_clause(clause: list[str]) -> str | None:
    """STOP, START or MAYBE for one clause about our texts, else None."""
    if any(_stopping(clause, i) and taken_back(clause, i) for i in range(len(clause))):
        return None  # "don't stop texting me", "no me quiten de la lista": keep them coming
    about_texts = any(w in TEXTS for w in clause)
    wants = bool(WISH & set(clause))
    pairs = set(zip(clause, clause[1:], strict=False))
    asks_why = bool(set(clause) & _WHY) or bool(pairs & _WHY_PAIRS)
    if about_texts and asks_if_they_end(clause):
        return MAYBE  # "will the texts stop after my meeting?": perhaps a wish that they would
    # "why me siguen texteando?": why they keep sending, in any words
    keeps = bool(set(clause) & _KEEP) and bool(set(clause) & SENDING)
    if (about_texts or keeps) and asks_why and not set(clause) & _SOMEONE_ELSE:
        return MAYBE  # "why does this number keep texting me": a complaint, never a restart
    for i, word in enumerate(clause):
        before, after = clause[i - 1 : i], clause[i + 1 : i + 2]
        # "pause these until May", asked for ("can I pause these?" asks whether it can be done)
        bidden = i == 0 or clause[i - 1] in _BIDDING
        paused = word in _PAUSE and bool(set(after) & _THEM_ALL) and bidden
        if _stopping(clause, i) and (about_texts or word in _REMOVE_ME or paused):
            return STOP  # "stop sending", "take me off the list", "quiero cancelar los mensajes"
        to_me = bool(set(after) & _TO_ME) or bool({"me", "nos"} & set(clause[max(0, i - 3) : i]))
        # "ya no le escriban": to this phone's person, whom the sender speaks for
        to_me = to_me or clause[max(0, i - 3) : i] in (["ya", "no", "le"], ["ya", "no", "les"])
        # "do not text her at this number", "no contacte a mi cliente", "do not send anything
        # else": this phone's person; not "I did not send anything", "don't send anything yet"
        mine = bool({"i", "we", "yo"} & set(clause[max(0, i - 4) : i])) or bool(_YET & set(clause))
        them = set(clause[i + 1 : i + 4]) & _TO_THEM or after in (["anything"], ["here"], ["aqui"])
        to_me = to_me or (bool(them) and not mine)
        if word in SENDING and to_me and _negated(clause, i, reach=5) and not _too_many(clause):
            return STOP  # "do not send any more messages", "no quiero que me manden"
        # "I no longer wish to receive these", "ya no quiero recibir nada"
        things = about_texts or bool(set(after) & _THESE)
        if word in RECEIVING and things and wants and _negated(clause, i, reach=4):
            return STOP  # "I don't want to receive these messages"
        no_more = word in MORE and before[:1] and before[0] in NEGATIONS
        if no_more and after[:1] and (after[0] in TEXTS or after[0] in SENDING):
            return STOP  # "no more texting please"
    if refuses_restart(clause):
        return STOP if about_texts else None  # "no quiero que me sigan mandando mensajes"
    # "I'd rather you didn't contact me on this number again": a restart refused
    would_not = bool(_WOULD_NOT & set(clause))
    restart = any(w in RESTART and not _stays(clause, i) for i, w in enumerate(clause))
    if about_texts and restart and not would_not:
        return START  # "turn my texts back on", "please resume the reminders"
    if (
        about_texts
        and wants
        and set(clause) & _AGAIN
        and not (would_not or _negated(clause, len(clause)))
    ):
        return START  # "I want the reminders again"
    if set(clause) & _PHONE and _not_theirs(clause):
        return STOP  # "this number doesn't belong to Carlos anymore", "ya no es de María"
    if about_texts and _too_many(clause):
        return MAYBE  # "these texts are too much", "son demasiados mensajes": ask, never guess
    for i, word in enumerate(clause):
        if word in TEXTS and _negated(clause, i, reach=2):
            return MAYBE  # "no texts on Sundays": about our texts, with a "no" we cannot place
    return None


# "Why is my son getting texts?": a relative asks what this is (BLIND3.md: help), no complaint
_SOMEONE_ELSE = frozenset(
    _split(
        "son,daughter,kid,child,husband,wife,grandson,granddaughter,he,she,him,her,hijo,hija,"
        "esposo,esposa,nieto,nieta"
    )
)
# Someone the sender speaks for: a parent, a lawyer ("do not contact my client")
_TO_THEM = frozenset(_split("him,her,them,client,cliente,clienta,hijo,hija,son,daughter,kid,child"))
_YET = frozenset(_split("yet,todavia,aun,until,hasta"))
_REPLYING = frozenset(_split("text,message,write,call,hit,get,texting,you,u"))


def _stays(clause: list[str], i: int) -> bool:
    """A restart word that is no restart: "keep me on the list", "I'll text back"."""
    word, after = clause[i], clause[i + 1 : i + 3]
    if word == "keep":
        return after[:1] in (["me"], ["us"]) and after[1:] in (["on"], ["in"], ["posted"])
    return word == "back" and clause[i - 1 : i] != [] and clause[i - 1] in _REPLYING


def stays_on(tokens: list[str]) -> bool:
    """Whether a reply asks to stay on the list ("please keep me on the list"): texts wanted."""
    return any(w == "keep" and _stays(tokens, i) for i, w in enumerate(tokens))


# Complaints about how many texts come: the person may want fewer, or none.
_TOO_MANY = frozenset(
    _split("demasiado,demasiados,demasiadas,tanto,tanta,tantos,tantas,spam,spamming")
)


_WHY = frozenset(_split("why,porque,xq"))
_KEEP = frozenset(_split("keep,keeps,still,siguen,sigue,sigues"))
# "por qué", "hasta cuándo" (until when), "how long", "how many more"
_WHY_PAIRS = frozenset((("por", "que"), ("hasta", "cuando"), ("how", "long"), ("how", "many")))
_TODAY = frozenset(_split("today,hoy,tonight,this week,esta semana"))


def _too_many(clause: list[str]) -> bool:
    """'too much', 'so many', 'demasiados', 'tantos', 'spam', 'the 3rd text today'."""
    counted = any(re.fullmatch(r"\d+(st|nd|rd|th)?", w) for w in clause) and _TODAY & set(clause)
    if counted:
        return True
    pairs = set(zip(clause, clause[1:], strict=False))
    return bool(set(clause) & _TOO_MANY) or bool(
        pairs & {("too", "much"), ("too", "many"), ("so", "many"), ("way", "too"), ("is", "plenty")}
    )  # "one reminder is plenty"


def refuses_restart(clause: list[str]) -> bool:
    """A restart word negated: "nunca vuelvan a mandarme", "no me sigan escribiendo"."""
    return any(
        w in RESTART and _negated(clause, i, reach=4) and not _obliged(clause, i)
        for i, w in enumerate(clause)
    )


# Praise of our texts: "the texts really help", "los recordatorios me sirven mucho"
_PRAISE = frozenset(_split("help,helps,helpful,useful,ayudan,ayuda,sirven,sirve,love,great"))


def praises_texts(clause: list[str]) -> bool:
    """Whether a clause speaks well of our texts, unnegated: they are wanted, no stop."""
    texts = any(w in TEXTS and w not in ("list", "lista", "number", "numero") for w in clause)
    return texts and bool(_PRAISE & set(clause)) and not NEGATIONS & set(clause)


def wants_texts(clause: list[str]) -> bool:
    """'sí quiero los recordatorios', 'yes I want the texts': a wish for our texts, not an answer."""
    wants = bool({"want", "quiero", "quiere", "wants"} & set(clause))
    negated = bool(NEGATIONS & set(clause))
    return wants and not negated and any(w in TEXTS for w in clause)


_PHONE = frozenset(_split("number,numero,phone,telefono,cel,celular"))
_AGAIN = frozenset(_split("again,otra,vez,nuevo"))


def _not_theirs(clause: list[str]) -> bool:
    """With "number": the number is not (any more) the person's: a wrong number."""
    flat = f" {' '.join(clause)} "
    marks = ("isnt", "no es", "era de", "used to be", "wrong")  # "este cel era de mi hermano"
    if any(f" {w} " in flat for w in marks):
        return True
    # "belongs to" and "es de" are a wrong number unless the owner is family, who will pass the
    # text on ("este cel es de mi esposo, cuando llegue le enseño el mensaje": blind9)
    for owner in re.finditer(r" (?:belong|belongs) to (\w+ \w+)| es de (\w+ \w+)", flat):
        said = (owner.group(1) or owner.group(2)).split()
        if not (said[0] in ("my", "mi") and said[1] in _FAMILY):
            return True
    return False


_FAMILY = frozenset(
    _split(
        "son,daughter,kid,husband,wife,mom,mother,dad,father,grandson,granddaughter,brother,"
        "sister,hijo,hija,esposo,esposa,mama,papa,nieto,nieta,hermano,hermana,abuela,abuelo"
    )
)


_REMOVE_ME = frozenset(_split("unsubscribe,quitenme,saquenme,borrenme,eliminenme,retirenme"))


# "This is not Luis", "no soy Marta": a name we wrote to, denied. Only a capitalised word that
# is no word of ours counts as a name ("this is not OK", "this is not Tuesday" do not).
_NOT_THEM = re.compile(
    r"\b(?i:this is not|this isn'?t|this ain'?t|that'?s not|no soy|no es|nobody named|no one named"
    r"|no hay ning[uú]n[oa]?|no vive ning[uú]n[oa]?|no conozco a (?:ning[uú]n[oa]?|nadie llamad[oa])"
    r"|(?:i )?don'?t know (?:any|an?|anyone named|anybody named|no one named)|no idea who"
    r"|i'?m not|i am not"
    r"|nadie (?:aqu[ií] |ac[aá] )?se llama|no one here is named|nobody here is named)\s+"
    r"(?P<name>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)\b"
)


# "There's no Daniel here", "no hay ninguna Karla aquí": a name, then where we wrote; "Daniel
# passed away": a name, then a death (the person we write to is gone).
_NONE_HERE = re.compile(
    r"\b(?i:there'?s no|there is no|no)\s+(?P<name>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)\s+"
    r"(?i:here|at this number|lives here|aqu[ií]|ac[aá]|en este n[uú]mero)\b"
    r"|(?P<gone>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)\s+(?i:passed away|died|is deceased|falleci[oó]|ya falleci[oó])\b"
)


# "Not Tyrone." opening a reply: the name we wrote to, denied in two words (BLIND5.md)
_NOT_NAME = re.compile(
    r"^\W*(?i:not|nope,? not|no,? not|not this)\s+(?P<name>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)\s*(?:[.!,]|$)"
)


def wrong_person(text: str) -> bool:
    """Whether a reply denies being the person we wrote to ("this is not Luis")."""
    from notifications.reply_spelling import KNOWN

    text = text.replace("’", "'")
    named = [m.group("name") for m in _NOT_THEM.finditer(text)]
    named += [m.group("name") or m.group("gone") for m in _NONE_HERE.finditer(text)]
    named += [m.group("name") for m in _NOT_NAME.finditer(text)]
    return any(name.casefold() not in KNOWN | _NOT_NAMES for name in named)


# Capitalised words that are no person: "I don't know any Spanish", "no conozco a ningún Dios"
_NOT_NAMES = frozenset(
    _split(
        "english,spanish,ingles,espanol,january,february,march,april,may,june,july,august,"
        "september,october,november,december,enero,febrero,marzo,abril,mayo,junio,julio,agosto,"
        "septiembre,octubre,noviembre,diciembre,i,dios,god,"
        # our programs' names: "I don't know any Neighborhood Justice Program" asks what this is
        "neighborhood,dispute,public,youth,program,programa,restorative,community,court,convene,"
        # relatives: "Grandma passed away, I can't come" is a no, not a wrong number
        "grandma,grandpa,mom,dad,mother,father,abuela,abuelo,mama,papa,tia,tio,uncle,aunt,"
        "brother,sister,hermano,hermana,cousin,primo,prima,my,mi,he,she"
    )
)


def clauses(tokens: list[str], ends: tuple[str, ...]) -> list[list[str]]:
    """The reply cut at commas and question marks."""
    out: list[list[str]] = [[]]
    for token in tokens:
        if token in ends:
            out.append([])
        else:
            out[-1].append(token)
    return [c for c in out if c]
