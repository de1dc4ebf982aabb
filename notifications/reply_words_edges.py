"""Phrases of the classes the sixth blind set found: exasperation, last times, limits, asides.

Exasperation that names the texts ("enough w the texts"), a number to forget ("forget you ever
had this number"), a stop for after ("que sea la última vez que me escriben"), a limit that
keeps a yes ("I can't stay past 8"), the announced move named ("that it moved to Zoom"), "can
do", "tho" and "although", better hours ("7 would work way better"), the old time wanted back
("el horario de antes"), "keep them coming" (no "coming"), busy in the past, a ride lacking,
"hacer la lucha", not seeing why. Written as `reply_words` writes them and joined to its
`PHRASES` by `reply_phrases`; each class is tried on new replies in
tests/notifications/test_replies_edges.py.
"""

from __future__ import annotations

from notifications.reply_words import _combos, _split

_TEXTS = (
    "texts|text|txts|msgs|messages|message|reminders|notifications|mensajes|mensaje|textos|texto|"
    "recordatorios"
)
# not "tanto(s)": "ya basta con tanto mensaje" is about how many (blind4: maybe_stop)
_THE = "the|these|your|ur|all the|all these|all your|all ur|los|tus|sus|estos|todos los|"
_ME_SEND = "escriben|escriban|mandan|manden|textean|texteen|envian|envien|contactan|contacten|molestan|molesten"

EDGES: dict[str, list[str]] = {
    "stop": (
        # Exasperation naming the texts is a request (BLIND6.md): "bro enough w the texts"
        _combos(
            "enough|enough already|ya basta|basta|basta ya|ya estuvo|suficiente|ya chole|"
            "knock it off|give it a rest|cut it out",
            "w|wit|with|of|on|de|con",
            _THE,
            _TEXTS,
        )
        + _combos("enough", _TEXTS)
        # Done with the texts themselves (not the program, which is asked about once)
        + _combos("done with|done w|im done with|so done with|im over|so over", _THE, _TEXTS)
        + _combos("knock off|lay off|cut out", "the|these|your|ur|all the|", _TEXTS)
        # A number to forget: "forget you ever had this number", "olviden este número"
        + _combos(
            "forget|forget you ever had|forget you had|forget you ever got|pretend you never had|"
            "olviden|olvidate de|olvidense de|olvidese de",
            "my|this|the|mi|este|el|ese",
            "number|numero|phone number|cel|celular|contact|contacto",
        )
        # A stop for after, as "the last time" (BLIND6.md): "que sea la última vez que me escriben"
        + _combos("que sea|sea|que esta sea|esta sea", "la ultima vez que me", _ME_SEND)
        + _combos("que sea|que este sea|este sea", "el ultimo", "mensaje|texto|recordatorio")
        + _combos(
            "make this|make that|make it|let this be|let that be|this better be|that better be|"
            "this had better be",
            "the last",
            "text|message|msg|one|time|reminder",
        )
        + _combos("this is the last time you", "text|message|contact|bother", "me")
    ),
    # Forgetting one, not the number: the person, or the program? Ask once.
    "maybe_stop": _split(
        "forget about me,forget i exist,olvidense de mi,olviden que existo,olvidate de mi"
    ),
    "yes": _split("can do,can do that,can do it,i can do that,we can do that,si se puede"),
    "no": _combos(
        "cant|cannot|can not|wont|not able to|unable to|no puedo|no voy a poder",
        "go|come|attend|be there|ir|asistir|llegar|estar",
    )
    # "no me queda" (the hour does not suit me); "no me queda claro" is not understanding
    + _split("no me queda,ya no me queda")
    # Working then: "pero ese día estoy trabajando", "I'll be working" (not "estoy trabajando,
    # luego le contesto": at work now)
    + _combos(
        "ese dia|esa semana|ese fin|ese fin de semana|that day|that week",
        "estoy trabajando|ando trabajando|voy a estar trabajando|im working",
    )
    + _split("voy a estar trabajando,estare trabajando,ill be working,i will be working"),
    "reschedule": _combos(
        "would work|works|would be|is|seria|me queda|me quedaria",
        "way|much|a lot|so much|mucho|muchisimo|bastante",
        "better|mejor",
    )
    # The old time wanted back: "el horario de antes sí me quedaba, ¿se puede regresar?"
    + _split(
        "el horario de antes,la fecha de antes,el horario original,la hora de antes,"
        "se puede regresar,podemos regresar,pueden regresarla,regresarla,regresarlo,"
        "volver al horario,volver a la hora,can we go back,could we go back,"
        "the old day,the previous time,the earlier time,the first time you said,"
        "the time it was before,como estaba antes,how it was before"
    ),
    # Not seeing why one has to come is no answer: "ok pero no entiendo por qué tengo que ir"
    "unsure": _combos(
        "no entiendo|no se|dont understand|i dont understand|i dont get|dont get|dont see",
        "por que|porque|para que|why",
    )
    + _combos("voy a hacer|hago|hare|le hago|le voy a hacer|le hare", "la lucha")
    + _split("ill give it a shot,ill give it a try,ill try to make it,ima try,im gonna try"),
    # A limit on staying keeps the yes (BLIND6.md): "I'm not able to stay past 8 though"
    "neutral": _combos(
        "cant|i cant|cannot|i cannot|can not|wont be able to|not able to|unable to|i wont be able to",
        "stay",
        "past|after|late|long|longer|until|till|til|the whole time|for the whole|more than",
    )
    + _combos(
        "no me puedo quedar|no puedo quedarme|no voy a poder quedarme|no me voy a poder quedar",
        "mucho|tarde|despues|hasta|todo el tiempo|mas de",
    )
    + _split(
        "no me queda claro,leave by,"
        # The announced move named, not asked for: "doesn't matter to me that it moved to Zoom"
        "it moved,that it moved,it got moved,it was moved,they moved it,you moved it,"
        "que la movieron,que la cambiaron,que lo cambiaron,que se cambio,que se movio,"
        "doesnt matter,dont mind,no me importa,da igual,me da igual,"
        # Busy in the past is no refusal: "just been busy lately"
        "been busy,been so busy,been really busy,been super busy,was busy,were busy,"
        "he estado ocupado,he estado ocupada,he andado ocupado,he andado ocupada,estuve ocupado,"
        "estuve ocupada,"
        # No ride is a barrier, no answer (BLIND2.md): "no tengo raite para ir"
        "no ride,dont have a ride,have no ride,no transportation,dont have transportation,"
        "no way to get there,have no way to get there,dont have a way to get there"
    )
    + _combos("no tengo", "raite|rait|raid|transporte|como llegar|en que ir|aventon|carro")
    # "keep them coming" wants the texts; the "coming" is no one coming
    + _combos(
        "keep",
        "the|these|those|your|my|em|them|it|",
        "reminders|texts|messages|updates|recordatorios|mensajes|",
        "coming",
    ),
    "contrast": _split("although,altho,tho,even though"),
}

# Which program or office writes (help): "¿de qué programa me escriben?", "what org is this?"
HELP_EDGES = frozenset(
    _split(
        "de que programa,de que programa es,de que organizacion,de que oficina,de que agencia,"
        "de parte de que programa,de parte de que oficina,what program are you,what program is this from,"
        "what org is this,what organization is this,which org,which organization,what agency is this,"
        "which office is this,what office is this,where are you texting from,where is this from"
    )
)
