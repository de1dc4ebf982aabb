"""Phrases added from the sets written blind (independent, blind2, blind3), each kind as a class.

Written as `reply_words` writes them (lower case, no accents or apostrophes) and joined to its
`PHRASES` there; each class is tried on new replies in tests/notifications/test_replies_classes.py.
"""

from __future__ import annotations

from notifications import reply_asks, reply_words_edges, reply_words_turns
from notifications.reply_words import WEEKDAYS, _combos, _split

_WEEKDAYS = "|".join(sorted(WEEKDAYS))
_TEXTS = "los mensajes|los textos|los recordatorios|mensajes|textos|the texts|texts|messages"
_LATE = "a little late|a bit late|un poco tarde|un poquito tarde|late|tarde|5 10 min late"
_ME_VERBS = (
    "contactarme|escribirme|mandarme|textearme|llamarme|enviarme|molestarme|mensajearme|"
    "mandar mensajes|escribir|contactar|mandar"
)

MORE: dict[str, list[str]] = {
    # Mexican "cut it out with the texts": "ya párenle con los mensajes"
    "stop_es": _combos("ya|", "parenle|parale|parele|parenla", "con|de", _TEXTS)
    # "no pares de mandarme": the tú form, so that a "no" before it takes it back
    + _combos("pares", "de", "mandarme|enviarme|escribirme|textearme|mandar")
    + _combos("detener|detengan|detenga", "los|sus|", "mensajes|textos|recordatorios|envios")
    # A wrong number in the third person: "aquí no vive", "ya no vive aquí" (blind3: wrong
    # numbers are stop, with or without a request)
    + _combos("ya no|no", "vive|viven", "aqui|aca|en esta casa|con nosotros|con nosotras")
    + _combos("aqui|aca", "no vive|ya no vive|no viven")
    + _split("nadie con ese nombre,no hay nadie con ese nombre,nadie se llama asi")
    + _combos("aqui|aca", "no hay ningun|no hay ninguna|no hay nadie que se llame"),
    "stop": _combos(
        "he|she|they|", "doesnt|does not|dont|no longer|doesnt even|dont even", "live|lives", "here"
    )
    # the wrong one, in other words: "you got the wrong guy", "nobody by that name"
    + _combos("wrong", "guy|girl|lady|man|phone|cell|contact|family|house")
    + _combos("nobody|no one", "by that name|here by that name|lives here by that name"),
    # "no vuelvan a contactarme", "nunca vuelvas a escribirme": the object on the verb
    "stop_self": _combos("no|nunca|ya no", "vuelvan a|vuelva a|vuelvas a|vuelvan|vuelva", _ME_VERBS)
    + _combos(
        "never|dont ever|do not ever|dont", "contact|text|message", "me|this number", "again"
    ),
    # Asking for fewer texts, not none, beside a yes: "ya no me manden tantos mensajes"
    "maybe_stop": _combos("ya no|no", "me|nos", "manden|envien|escriban|mandes", "tantos|tanto")
    + _combos(
        "please dont|dont|do not", "send|text", "me|us", "so many|as many|that many|every day"
    )
    # Weary of being reminded: "you don't have to remind me every single day"
    + _combos("dont have to|dont need to|no tienen que|no tiene que", "remind me|recordarme")
    # Would rather be called: the texts, perhaps not wanted at all (INDEPENDENT.md)
    # Still getting them: "why am I still getting these??"
    + _split("why am i still getting,why do i still get,still getting these,still getting texts")
    + _split("just call me,mejor llameme,mejor llamame,mejor marqueme,solo llamame,solo llameme")
    # ... in every person: "mejor llámenme", "nomás márquenme" (blind3)
    + _combos(
        "mejor|solo|nomas|nada mas", "llamenme|marquenme|marcame|marcame|hablenme|por telefono"
    )
    # Hostile confusion: "I never signed up for this", "yo no me inscribí" (BLIND3.md)
    + _combos(
        "i didnt|i did not|i never|didnt|never|yo no me|no me|nunca me|yo nunca me",
        "sign up|signed up|registered|inscribi|registre|apunte",
    )
    # Hostile "who gave you my number" (BLIND2.md): not a neutral "who is this"
    + _combos("who gave you|who gave|where did you get", "my|this", "number|phone number")
    + _combos("quien les dio|quien te dio|quien le dio|de donde sacaron", "mi|este", "numero"),
    "yes": _combos("might|may|could|tal vez|quizas|quiza", "be|llegue|get there", _LATE)
    + _combos("might|may", "have to|need to", "leave", "a little|a bit|", "early")
    + _split("even better,works even better,actually works better,works better for me actually")
    + _split(
        # Acknowledgement slang to a reminder that asks for Y (BLIND2.md)
        "say less,fasho,fa sho,for sho,bet bet,uh huh,uh hu,uhuh,mhm,mm hmm,aja,aha,"
        "on my way,omw,im on my way,ahi estaremos,alli estaremos,ahi estamos,"
        "no me lo pierdo,no me la pierdo,no chance im missing,no way im missing this,"
        "not missing it,wont miss this,ci,sip,sipi,simon,"
        # Acknowledgements (blind3): "I got it", "copy that", "entendido"
        "got it,i got it,gotcha,copy that,noted,entendido,enterado,enterada,anotado"
    )
    # Spanglish "no problem": "yeah no problema", "sure, no problemo"
    + _combos("yeah|yea|yes|ok|si|sure|", "no problema|no problemo|no biggie")
    # Fine for a day or a time: "I'm good for Thursday", "we're fine with that"
    + _combos(
        "im good|i am good|im fine|were good|we are good|im ok|estoy bien|estamos bien",
        "for|with|para|con",
        "it|that|this|then|the date|the time|that day|the new time|tomorrow|today|tonight|"
        "eso|esa fecha|ese dia|el|la|manana|hoy|" + _WEEKDAYS,
    )
    # "¡Cómo no!" (of course), "¿por qué no?" (why not): only as a whole clause (`replies`
    # drops them before a verb)
    + _split("como no,por que no,porque no")
    # A no-word that says yes (round 4): "no question about it", "no cap", "ni lo dudes"
    + _split(
        "i cant wait,i cannot wait,no question,no question about it,without a doubt,no excuses,"
        "no cap,sin duda,sin duda alguna,ni lo dudes,no lo dudes,nunca fallo,no fallo,"
        "dont see a problem,dont see any problem,see no problem"
    )
    # On the way, on the day: "ya mero llego", "almost there"
    + _split("ya mero llego,ya mero,ya casi llego,casi llego,voy llegando,almost there,pulling up"),
    "no": (
        # Cancelling one's own seat or meeting is about attending: "cancel my spot"
        _combos(
            "cancel|cancelar|cancelo|cancela|need to cancel|gotta cancel|have to cancel",
            "my|mi|the|la|el",
            "spot|seat|meeting|appointment|cita|reunion|lugar|panel",
        )
        + _split("gotta cancel,have to cancel,need to cancel,tengo que cancelar,necesito cancelar")
        + _combos("im good|ill pass|i pass|paso", "on this one|this time|on that one|esta vez")
        + _split("have court,i have court,got court,tengo corte,tengo audiencia,nones,nop")
        + _split("locked up,in custody,in jail,en la carcel,detenido,hospitalizado,in the hospital")
        + _split("estoy enfermo,estoy enferma,me enferme,ando enfermo,ando enferma")
        # out of this one only, not of the texts: "count me out this time"
        + _combos(
            "count me out|im out|leave me out|i am out",
            "this time|this one|for this one|for this|that day|on this one|for that day",
        )
    ),
    "reschedule": _split(
        # Yes on a condition of another hour: "yes if it can start at 6:30", "solo si es a las 7"
        "if it can start,if it starts,if you can start,if it could start,if its at,if it was at,"
        "if it were at,if we can do,if it can be,if we start,only if,solo si,si es a las,"
        "si fuera a las,si puede ser a las,siempre y cuando sea,"
        # Back to the old time, or any other: "switch it back", "what else u got"
        "switch it back,change it back,move it back,the old time,old time,la hora de antes,"
        "la hora anterior,el horario anterior,what else,what other,que otro,que otra,"
        "be moved,moved to,cualquier otro,cualquier otra,diffrent day,diferent day,"
        "podria ser en,could it be in,can it be in,puede ser en,"
        # Back to the original time (blind3): "the original time on the 12th was perfect"
        "the original time,original time,the original date,original date,the original day,"
        "la hora original,la fecha original,el horario original,el dia original,"
        "cambiemos,cambiemosla,cambiemoslo,cambiamos,cambiamosla,"
        # times of day in the plural: "solo puedo en las tardes", "por las mañanas"
        "en las tardes,en las mananas,en las noches,por las tardes,por las mananas,por la tarde,"
        "por la manana,los fines de semana,fines de semana"
    ),
    "unsure": _split("voy a tratar,gonna try,going to try,tratare,voy a intentarlo"),
    # A barrier, not an answer: "no tengo quién me lleve", "no tengo carro" (BLIND2.md)
    "neutral": _combos(
        "no tengo|i dont have|dont have", "quien|con quien|carro|ride|a ride|a car|como"
    )
    + _split("dont change it,do not change it,no lo cambien,no la cambien,dont change")
    + _combos("by|on|over|via|", "video|zoom|phone", "instead")
    + _split(
        # "that weekend" names when a person is away, not another time asked for
        "that weekend,the weekend im,the weekend i,this weekend,ese fin de semana,este fin de semana,"
        "another panel,on another,"
        # "stop" as an errand: "I have to stop at my PO's office"
        "stop at,to stop at,stop at my,stop at the,"
        # Another way there, or by video: not another time (INDEPENDENT.md)
        "another way,otra manera,otra forma,video instead,zoom instead,by video,on zoom,por video,"
        "por zoom,call you guys later,call you later,te llamo luego,les llamo luego,"
        # Not knowing a place or a program: a question, no refusal (blind3)
        "no conozco,no conocemos,dont know where,do not know where,no se donde,no se como llegar,"
        "hay otra manera,hay otra forma,no se como llego,no me acuerdo,no recuerdo,i dont remember,dont remember,"
        # "paso a / por" is dropping by, not "I pass": "al rato paso a la oficina"
        "paso a,paso por,al rato paso,luego paso,ahorita paso,"
        # Money for the trip: a barrier, no answer ("I want to come but I can't pay")
        "cant pay,cannot pay,can not pay,cant afford,cannot afford,no puedo pagar,no tengo dinero,"
        "i cant pay,i cannot pay,i cant afford,i cannot afford,bus pass,my pass,metro pass,tap card,"
        "no tengo para el pasaje,no tengo pasaje,no tengo para el bus,no me alcanza para,"
        # The person moved house, the meeting was not moved: "I moved to Riverside"
        "i moved,we moved,i just moved,just moved,moved away,me mude,nos mudamos,me cambie de casa,"
        # "down" in a breakdown is no "I'm down": "my car broke down"
        "broke down,broken down,break down,breaks down,shut down,went down,calm down,slow down"
    ),
}
# Regional words that answer only as the whole reply (BLIND3.md): "cheque" is also a bank
# cheque, "Nelson" a name.
ANSWER_ALONE = {"cheque": "yes", "chequele": "yes", "nelson": "no", "nelson pastel": "no",
                # radio and office acknowledgements (a "copy" of a paper is no yes)
                "copy": "yes", "roger": "yes", "roger that": "yes", "10 4": "yes",
                # a slip of one key that is also a word ("yrs": years) answers only alone
                "yrs": "yes"}  # fmt: skip
# Whole replies: Spanish carrier keywords, "who is this" as help (INDEPENDENT.md, BLIND2.md).
MORE_STOP_ALONE = frozenset(
    _split(
        "detener,detengan,detenga,detente,no enviar,stop stop,halt,"
        # the keywords misspelt as a whole reply (train24, train26): "Qiut", "Cancle", "Al to"
        "estoop,qiut,cancle,kancelar,cansela,al to,gtfo,"
        # "do not contact" alone (with an object it may be someone else: "don't contact my mom")
        "do not contact,dont contact,no contactar,do not text,dont text,no text"
    )
)
HELP_ASKS = frozenset(
    _split(
        "who is this,who dis,who is sending,who sends,who is texting,who is writing,"
        "who this,whos this,who is it,who are you,quien es,quien habla,"
        "quien eres,quien es usted,quien is this,who is sending this,who sent this,hepl,halp,"
        "what number can i call,a que numero puedo llamar,number for the coordinator,"
        "which program is this,which program,what program is this,que programa es,"
        # What our text is (blind2, blind3): "what is this about?", "¿de qué se trata esto?"
        "what is this,whats this,what this is,what is it about,what is this regarding,"
        "que es esto,de que se trata esto,de que se trata $,para que es esto,explicar que es,"
        "who signed me up,who put me,quien me inscribio,quien me apunto,quien me registro,"
        # Whom to call, what to answer: "what number do I call?", "¿qué tengo que contestar?"
        "what number do i call,number do i call,who do i call,who can i call,who can i talk to,"
        "a quien llamo,a quien le llamo,"
        "a que numero llamo,que numero llamo,what do i reply,what am i supposed to reply,"
        "what do i answer,what should i reply,que tengo que contestar,que tengo que responder,"
        "que contesto,que respondo,que significa,que quiere decir,what to reply,what to answer,"
        "what to respond,how do i reply,how do i answer,how to reply,how to answer,que contestar,"
        "que responder,como contesto,como respondo,how do i respond,how should i respond,"
        # who writes, in other words: "who's texting me", "¿de dónde me escriben?"
        "whos texting,whos messaging,whos sending,quien me escribe,quien me esta escribiendo,"
        "quien me manda,quien me envia,de donde me escriben,de donde me mandan,de donde me envian,"
        # what it was about, from whom (blind4): "what was this about again?", "¿de parte de quién?"
        "what was this about,what was this,what was that about,whats this about,what is this for,"
        "what was the text about,what was this regarding,de que era esto,de que se trataba,"
        "que era esto,para que era esto,de parte de quien,quien me busca,who is this from,"
        "what does this mean,que significa esto,im confused,estoy confundido,estoy confundida,"
        "de que se trata este mensaje,de que se trata el mensaje,que es este mensaje,"
        "no se de que se trata,no se que es esto,no se que es este mensaje,"
        # who wrote, how to answer, in other words: "who texted me?", "how do I confirm?"
        "who texted me,who messaged me,who sent me,quien me mando,quien me envio,quien me escribio,"
        "quien me esta mandando,quien me esta enviando,what do i need to reply,what do i text back,"
        "what do i need to text,what should i text,how do i confirm,how can i confirm,how to confirm,"
        "como confirmo,como le confirmo,que tengo que poner,what do i put,which meeting is this,"
        "what meeting is this,que reunion es esta,what is it $,not sure what this is,"
        "not sure what its about,not sure what this is about,dont know what this is about,"
        "can someone explain,can you explain,me pueden explicar,me puede explicar,what is esto,"
        "que es this,whose number is this,de quien es este numero,quienes son,quienes son ustedes,"
        "ustedes quienes son,what program $,que programa $,how does this work,como funciona esto"
    )
    # Not understanding our text (blind4): "I don't understand this message"
    + _combos(
        "i dont understand|dont understand|i do not understand|no entiendo|no entendi|"
        "no comprendo|i dont get",
        "this|the|your|that|el|este|su|tu|ese",
        "message|text|texts|messages|mensaje|texto|mensajes",
    )
    # A relative asks why someone is texted (BLIND3.md: a worried parent asks what this is)
    + _combos(
        "why is|why does|why are|por que|por que a",
        "my son|my daughter|my kid|my child|my husband|my wife|my grandson|my granddaughter|"
        "mi hijo|mi hija|mi esposo|mi esposa|mi nieto|mi nieta",
        "getting|get|receiving|recibe|esta recibiendo|le llegan|le estan llegando",
    )
)
HELP_ASKS |= reply_words_turns.HELP_TURNS  # how to answer, what the program is (blind5)
HELP_ASKS |= reply_words_edges.HELP_EDGES  # which program or office writes (blind6)
# "$" at a phrase's end: only at the end of a clause ("¿de qué se trata?", not "... la reunión")
_ASKS = frozenset(tuple(p.split()) for p in HELP_ASKS if not p.endswith("$"))
_ASKS_AT_END = frozenset(tuple(p.split()[:-1]) for p in HELP_ASKS if p.endswith("$"))
_ASK_LENGTHS = sorted({len(p) for p in _ASKS | _ASKS_AT_END})


def asks_who(tokens: list[str]) -> set[int]:
    """Where a reply asks what the help reply answers ('who is this', 'qué es esto'): those words.

    Also "what does CHANGE mean": a word of ours asked about. Empty when it asks none of it.
    """
    said: set[int] = set()
    for i in range(len(tokens)):
        for n in _ASK_LENGTHS:
            phrase = tuple(tokens[i : i + n])
            follows = tokens[i + n : i + n + 1]
            asked = phrase in _ASKS or (phrase in _ASKS_AT_END and follows in ([], [","], ["?"]))
            if asked and not reply_asks.asks_about_another_matter(tokens, i + n):
                said |= set(range(i, i + n))  # not "who do I call about my hours"
    for i, token in enumerate(tokens):
        means = next((k for k, t in enumerate(tokens[i:], i) if t in (",", "?")), len(tokens))
        asked = tokens[i:means]
        spanish = asked[:2] == ["que", "significa"] or asked[:3] == ["que", "quiere", "decir"]
        if token == "what" and {"mean", "means", "stand", "stands"} & set(asked) or spanish:
            said |= set(range(i, means))  # "what does CHANGE mean exactly", "qué significa Y"
            said |= _guessed(tokens, means)  # "what does Y mean, like yes?"
    return said | reply_asks.asks_what_a_keyword_does(tokens)  # "if I text CHANGE what happens"


_GUESSING = frozenset(_split("like,as,as in,o sea,osea,como,or,o"))


def _guessed(tokens: list[str], end: int) -> set[int]:
    """The clause after a "what does X mean", when it guesses the meaning: ", like yes?"."""
    if tokens[end : end + 1] != [","] or tokens[end + 1 : end + 2] == []:
        return set()
    stop = next((k for k, t in enumerate(tokens[end + 1 :], end + 1) if t in (",", "?")), None)
    short = stop is not None and stop - end <= 3  # ", yes?"
    if not (tokens[end + 1] in _GUESSING or short) or stop is None or tokens[stop] != "?":
        return set()
    return set(range(end + 1, stop))


# A stop sent by mistake, then taken back: "I texted STOP by accident", "puse stop sin querer"
_MISTAKE = [
    tuple(p.split())
    for p in _split(
        "by accident,on accident,by mistake,accidentally,didnt mean,did not mean,sin querer,"
        "por error,por equivocacion,me equivoque,was a mistake,fue un error,oops,ooops"
    )
]
_STOP_WORDS = frozenset(_split("stop,stopped,unsubscribe,unsubscribed,alto,baja,parar"))


def stopped_by_mistake(tokens: list[str]) -> bool:
    """Whether a reply says an earlier stop was a mistake (the texts are wanted back)."""
    said = any(reply_asks.has_phrase(tokens, p) for p in _MISTAKE)
    return said and bool(_STOP_WORDS & set(tokens))


# Asking what stopping would do, or stopping on a condition: one question back (BLIND2.md)
_HARM = [
    tuple(p.split())
    for p in _split("get in trouble,in trouble,en problemas,mess up my,affect my,afecta mi")
]
_WHAT_IF = [
    tuple(p.split())
    for p in _split(
        "what happens if,what happens when,what if i,que pasa si,que pasaria si,if i already,si ya,"
        # the keyword supposed sent: "¿si pongo baja me quitan del programa?"
        "si pongo,si le pongo,si les pongo,si mando,si escribo,si contesto,si respondo,"
        # what the word does: "what does STOP do?", "¿qué hace el STOP?"
        "what does stop,what would stop,what does replying stop,que hace stop,que hace el stop,"
        "que significa stop,para que es stop,"
        # a stop only weighed: "maybe I'll just unsubscribe" (BLIND12.md)
        "maybe ill just,i might just,thinking about unsubscribing,thinking of unsubscribing"
    )
]
# A stop taken back as a joke after it: "STOP lol jk I'll be there" (BLIND7.md); "Yes... JK STOP
# TEXTING ME" takes back the yes, not the stop.
_JOKE = [
    tuple(p.split())
    for p in _split("jk,just kidding,im kidding,im just kidding,nah fr,lol nah,lmao nah,jaja nel")
]
_STOPS = frozenset(_split("stop,unsubscribe,quit,cancel,alto,baja"))


def joked_stop(tokens: list[str]) -> bool:
    """Whether a joke marker follows the first stop word: a stop taken back, asked about."""
    first = next((i for i, w in enumerate(tokens) if w in _STOPS), None)
    return first is not None and any(reply_asks.has_phrase(tokens[first:], p) for p in _JOKE)


def what_if_stop(tokens: list[str], stop_first: bool = False) -> bool:
    """Whether a reply that names stopping asks what it would do ("what happens if I reply stop?").

    A worry about the case after a stop already said on its own ("Baja por favor. ¿Eso afecta mi
    caso?") asks nothing of the stop: it stands, and the question reaches the coordinator.
    """
    harm = not stop_first and any(reply_asks.has_phrase(tokens, p) for p in _HARM)
    return harm or any(reply_asks.has_phrase(tokens, p) for p in _WHAT_IF)


# Answer words joined only by these say both ("yes and no", "sí y no", "yes/no", "maybe yes
# maybe no"): no answer, whatever the model reads.
_JOINS = frozenset(_split("and,y,or,o,maybe,tal,vez,quizas,quiza,a,lo,mejor,perhaps"))


_BARE = frozenset(_split("yes,yeah,yep,si,ok,sure,claro,no,nope,nah,nel"))


def says_both(tokens: list[str], answers: list[tuple[str, int, int]]) -> bool:
    """Whether a bare yes and a bare no (kind, start, end) stand side by side, joined."""
    for (kind, begin, end), (other, start, stop) in zip(answers, answers[1:], strict=False):
        bare = {tokens[begin], tokens[start]} <= _BARE and end - begin == stop - start == 1
        if {kind, other} == {"yes", "no"} and bare and set(tokens[end:start]) <= _JOINS | {","}:
            return True  # ("nope, no problem" is no pair: "no problem" is a yes of two words)
    return False


# Needing or wanting our texts takes a bare "no stop" back ("no stop my reminders, los necesito")
_NEED = frozenset(_split("need,needs,necesito,ocupo,want,quiero"))
_THEM = frozenset(
    _split("them,it,los,las,lo,they,reminders,recordatorios,texts,mensajes,these,those,estos,esos")
)


def needs_texts(tokens: list[str]) -> bool:
    """Whether a clause says the texts are needed or wanted, without a negation."""
    clause: list[str] = []
    for token in (*tokens, ","):
        if token not in (",", "?"):
            clause.append(token)
            continue
        words = set(clause)
        negated = words & {"no", "not", "dont", "never", "stop", "gone", "parar", "paren"}
        if words & _NEED and words & _THEM and not negated:
            return True
        clause = []
    return False
