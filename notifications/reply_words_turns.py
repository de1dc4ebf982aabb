"""Phrases of the classes the fifth blind set found: words turned, tails, asks and hedges.

Voice-to-text of unsubscribe ("On subscribe"), signing up again in one's own words ("subscribe
me back"), a wish that turns at a "but" ("claro que me gustaría, pero ..."), being away that
week, the only days one is free ("nomás tengo libres los domingos"), fewer texts asked for
("can you only text me the day before?"), a promise withheld ("no prometo nada"), "no se
preocupen" (no "no sé"), who else will be there, how to answer. Written as `reply_words` writes
them (lower case, no accents or apostrophes) and joined to its `PHRASES` by `reply_phrases`;
each class is tried on new replies in tests/notifications/test_replies_turns.py.
"""

from __future__ import annotations

from notifications.reply_words import _combos, _split

_AWAY_WHEN = "esa semana|ese dia|ese fin|ese fin de semana|that week|that day|that weekend"

TURNS: dict[str, list[str]] = {
    # Voice-to-text of "unsubscribe" (BLIND5.md): "On subscribe", "un subscribe me"
    "stop": _combos("on|an|un|in", "subscribe|subscribed|suscribe|subscribe me|subscribe us"),
    # Signing up again in one's own words (BLIND5.md: start): "subscribe me back"
    "start": _combos(
        "subscribe me|subscribe us|resubscribe me|re subscribe me|suscribanme|suscribame",
        "back|again|de nuevo|otra vez",
    )
    + _split("resubscribe,re subscribe,volver a suscribirme,vuelvan a suscribirme"),
    # Fewer texts asked for, not none (BLIND2.md: maybe_stop): "only text me the day before"
    "maybe_stop": _combos(
        "only|just",
        "text me|message me|remind me|send me|text|send",
        "the day before|a day before|the night before|once|one reminder|one text|one message",
    )
    + _combos(
        "solo|nomas|nada mas|solamente",
        "mandenme|envienme|avisenme|recuerdenme|escribanme|me manden|me envien|me avisen",
        "un dia antes|el dia antes|la noche antes|una vez|un recordatorio|un mensaje",
    ),
    # The only days one is free asks for another time: "nomás tengo libres los domingos"
    "reschedule": _combos(
        "nomas|solo|solamente|nada mas|nadamas",
        "tengo libre|tengo libres|estoy libre|ando libre|estoy disponible|descanso",
    )
    + _combos("im only|i am only|only", "free on|free|available on|available|off on")
    + _split(
        "my days off are,my only day off is,mis dias libres son,mi dia libre es,mi descanso es"
    ),
    # Away that week is a no ("esa semana estoy en Guatemala", "that week I'm out of town")
    "no": _combos(
        _AWAY_WHEN,
        "estoy|voy a estar|ando|estare|im|ill be|i will be|i am",
        "en|in|out of town|fuera|de viaje|away|traveling|travelling|out of state|fuera de la ciudad",
    )
    + _combos("im|i am|ill be|i will be", "out of town|out of state|traveling|travelling")
    + _split("estoy fuera de la ciudad,voy a estar fuera,ando de viaje,voy a estar de viaje")
    # Declining in formal words: "I'll have to decline"
    + _combos("ill|i will|i|im going to|going to|gonna", "have to decline|need to decline")
    + _split("must decline,i must decline,respectfully decline,tengo que declinar,debo declinar"),
    # "Of course I'd love to" is one wish (a "but" after it decides), no yes of its own
    "yes": _combos("claro que|of course|por supuesto que|por supuesto", "me gustaria|me encantaria")
    + _split("of course id love to,of course i would love to")
    # A failure negated is a yes: "I won't let you down", "no les voy a fallar"
    + _combos("i wont|wont|i will not|will not", "let you down|let u down|let yall down")
    + _combos("no les voy a|no te voy a|no le voy a|no los voy a", "fallar|quedar mal|defraudar"),
    # A promise withheld is no answer yet: "voy a tratar, pero no prometo nada"
    "unsure": _split(
        "no prometo,no prometo nada,no le prometo,no te prometo,no promises,cant promise,"
        "i cant promise,cannot promise,no guarantees"
    ),
    "neutral": _split(
        # "no se preocupen": don't worry, no "no sé"
        "no se preocupen,no se preocupe,no te preocupes,no se apuren,no se apure,no te apures,"
        "no se molesten,no se moleste,"
        # A wish changed is no change of the meeting: "ya cambié de opinión"
        "cambie de opinion,cambie de idea,cambie de parecer,changed my mind,change my mind,"
        # Blessings and thanks for the work answer nothing: "God bless you all"
        "god bless,god bless you,god bless you all,bless you,dios los bendiga,dios le bendiga,"
        "dios te bendiga,bendiciones,que dios los bendiga,"
    )
    # Wanting to stay in the program answers no meeting: "sí quiero seguir participando"
    + _combos(
        "si quiero|quiero|i want to|i still want to|i wanna|i would like to|i d like to",
        "seguir participando|seguir en el programa|keep participating|stay in the program|"
        "keep volunteering|seguir de voluntario|seguir de voluntaria|stay on as a volunteer",
    )
    # Who else will be there: a question of theirs, no "va a estar" of the sender's
    + _combos(
        "who else|quien mas|quienes|who",
        "will be there|is going to be there|is coming|is going|va a estar|va a ir|van a estar|"
        "van a ir|va a venir|van a venir|will be at",
    )
    + _combos(
        "va a estar|will|is|va a ir|va a venir",
        "la persona|el muchacho|la muchacha|the person|the victim|la victima|the other person|"
        "la otra persona|el otro|la otra|the other side",
    ),
}

# Whole replies: "Chance" (voice-to-text of CHANGE, BLIND5.md) asks for another time.
RESCHEDULE_ALONE = frozenset(_split("chance,chanse,chanje,chenge,chaneg,chance please"))

# How to answer, what our program or sender is (BLIND5.md: help)
HELP_TURNS = frozenset(
    _split(
        "que le contesto,que le respondo,que les contesto,que les respondo,nomas pongo la letra,"
        "solo pongo la letra,pongo la letra,nada mas pongo la letra,nomas pongo,solo pongo,"
        "do i just type,do i just text,do i just reply,do i just put,just type the letter,"
        "just the letter,what letter,que letra,"
        "what is the neighborhood justice program,what is neighborhood justice,"
        "what is this program,whats this program,what program is that,que programa es ese,"
        "que es el programa,que programa es este"
    )
)
