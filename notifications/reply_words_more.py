"""Phrases added from the two sets written blind (independent, blind2), each kind as a class.

Written as `reply_words` writes them (lower case, no accents or apostrophes) and joined to its
`PHRASES` there; each class is tried on new replies in tests/notifications/test_replies_classes.py.
"""

from __future__ import annotations

from notifications.reply_words import _combos, _split

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
    + _combos("detener|detengan|detenga", "los|sus|", "mensajes|textos|recordatorios|envios"),
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
    + _split("just call me,mejor llameme,mejor llamame,mejor marqueme,solo llamame,solo llameme")
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
        "not missing it,wont miss this,ci,sip,sipi,simon"
    ),
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
        "podria ser en,could it be in,can it be in,puede ser en"
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
        "por zoom,call you guys later,call you later,te llamo luego,les llamo luego"
    ),
}
# Whole replies: Spanish carrier keywords, "who is this" as help (INDEPENDENT.md, BLIND2.md).
MORE_STOP_ALONE = frozenset(_split("detener,detengan,detenga,detente,no enviar,stop stop"))
HELP_ASKS = frozenset(
    _split(
        "who is this,who dis,who is sending,who sends,who is texting,who is writing,"
        "who this,whos this,who is it,who are you,quien es,quien habla,"
        "quien eres,quien es usted,quien is this,who is sending this,who sent this,hepl,halp,"
        "what number can i call,a que numero puedo llamar,number for the coordinator,"
        "which program is this,which program,what program is this,que programa es"
    )
)
_HELP_ASKS = [tuple(p.split()) for p in HELP_ASKS]


def asks_who(tokens: list[str]) -> bool:
    """'who is this', 'quién habla', 'which program is this': what the help reply answers."""
    return any(tuple(tokens[i : i + len(p)]) == p for p in _HELP_ASKS for i in range(len(tokens)))


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
    said = any(tuple(tokens[i : i + len(p)]) == p for p in _MISTAKE for i in range(len(tokens)))
    return said and bool(_STOP_WORDS & set(tokens))


# Asking what stopping would do, or stopping on a condition: one question back (BLIND2.md)
_WHAT_IF = [
    tuple(p.split())
    for p in _split(
        "what happens if,what happens when,what if i,que pasa si,que pasaria si,get in trouble,"
        "in trouble,en problemas,mess up my,affect my,afecta mi,if i already,si ya"
    )
]


def what_if_stop(tokens: list[str]) -> bool:
    """Whether a reply that names stopping asks what it would do ("what happens if I reply stop?")."""
    return any(tuple(tokens[i : i + len(p)]) == p for p in _WHAT_IF for i in range(len(tokens)))
