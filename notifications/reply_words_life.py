"""Phrases about the sender's life around the answer (classes the fourth blind set found).

Who holds the number now ("Ana ya no tiene este número"), children to look after ("no tengo con
quién dejar a los niños"), a shift someone else changed ("me cambiaron el turno"), a promise of
one's best ("voy a hacer lo posible"), being over it all, a missed meeting negated ("not gonna
miss it"), staying on the list, answering later. Written as `reply_words` writes them (lower
case, no accents or apostrophes) and joined to its `PHRASES` by `replies`; each class is tried
on new replies in tests/notifications/test_replies_life.py.
"""

from __future__ import annotations

from notifications.reply_words import WEEKDAYS, _combos, _split

_NUMBER_ES = "este numero|este cel|este celular|este telefono|el numero|ese numero"
_NUMBER_EN = "this number|this phone|this cell|that number"
_KIDS = (
    "los ninos|las ninas|mis hijos|mis hijas|mi hijo|mi hija|los nenes|el nene|la nena|"
    "mi nino|mi nina|los chamacos|los cipotes|los bichos|mi bebe|el bebe|mi mama|mi papa"
)

_DAYS = "|".join(
    [*sorted(WEEKDAYS), *(d + "s" for d in sorted(WEEKDAYS) if d.endswith("day"))]
    + _split(
        "weekends,evenings,mornings,afternoons,nights,tardes,mananas,noches,fines de semana,sabados,domingos"
    )
)

LIFE: dict[str, list[str]] = {
    # Signing up again for the texts (not for a seat: "sign me up" alone answers an invite)
    "start": _combos(
        "sign me up|sign me up again|sign me back up|add me|add me back",
        "for|to",
        "the|",
        "texts|reminders|messages|text reminders",
    ),
    # Spanish progressive: "ya no me estén molestando con sus mensajes"
    "stop_self": _combos(
        "ya no|no",
        "me|nos",
        "esten|este|estes",
        "mandando|enviando|escribiendo|molestando|texteando|llamando|contactando",
    )
    # "ya no me busquen": don't look for me any more
    + _combos("ya no|no", "me|nos", "busquen|busque|busques|anden buscando|esten buscando"),
    # The number changed hands, said in the third person: a wrong number, a stop (BLIND4.md)
    "stop_es": _combos("ya no tiene|no tiene|ya no usa|ya no ocupa", _NUMBER_ES)
    # "bájenme de la lista"
    + _combos(
        "bajenme|bajeme|bajame|bajenos", "de la lista|de su lista|de esta lista|de los mensajes"
    )
    # Mexican "cut it out" with an object: "párenle a los mensajes"
    + _combos(
        "ya|",
        "parenle|parale|parele",
        "a",
        "los mensajes|los textos|los recordatorios|sus mensajes",
    )
    + _combos("cambio de numero|cambio su numero|ya cambio de numero|ya no es su numero"),
    "stop": _combos(
        "doesnt have|does not have|no longer has|doesnt use|does not use|no longer uses|"
        "dont have|no longer have",
        _NUMBER_EN,
        "anymore|any more|",
    )
    + _combos("changed|switched", "his|her|their", "number|numbers|phone")
    + _split(
        "changed numbers,got a new number,has a new number,tiene otro numero,tiene nuevo numero"
    )
    # The sender is the number's new holder: "I'm the new owner of this number"
    + _combos(
        "new owner of|im the new owner of|i just got|just got|i recently got|recently got",
        "this number|this phone number",
    )
    + _split("acabo de sacar este numero,este numero ahora es mio,este numero es nuevo")
    + _split(
        "erase my number,erase this number,take my number out,take this number out,"
        "out of your system,saquen mi numero de su sistema"
    )
    # The wrong one, in more words: "that's not my name", "not who you're looking for"
    + _split(
        "not my name,no es mi nombre,not who youre looking for,not the person youre looking for,"
        "isnt the right person,not the right person,not the right number,isnt the right number,"
        "no es la persona,dont know who that is,do not know who that is,dont know that person,"
        "i dont know who that is,i do not know who that is,i dont know that person,"
        "dont know this person,no se quien es esa persona,no conozco a esa persona"
    )
    # The person we write to has died (BLIND3.md: a relative asking to stop is a stop)
    + _combos(
        "he|she|hes|shes|he has|she has|he is|she is|el|ella|el ya|ella ya",
        "passed away|is deceased|deceased|died|fallecio|murio",
    )
    # No longer at this number; all communication ended
    + _split(
        "no longer at this number,not at this number anymore,no longer reachable at this number,"
        "ya no esta en este numero,ya no esta en este telefono"
    )
    + _combos(
        "cease|stop|end|halt|discontinue",
        "all|any|",
        "communication|communications|contact|correspondence|outreach",
    )
    # A lawyer: "do not text my client" (BLIND4.md: a request for no contact at this number)
    + _combos(
        "dont|do not|please dont|please do not|no",
        "text|contact|message|call|contacten|llamen|escriban a|le escriban a",
        "my client|my clients|mi cliente|mis clientes",
    ),
    # Over it all: the program, or the texts? Ask once.
    "maybe_stop": _combos(
        "do i need|do i really need|do i have to get|do i have to receive|are these required|"
        "do i gotta get|tengo que recibir",
        "these|all these|these texts|the texts|the reminders|all these reminders|all these texts|"
        "estos mensajes|todos estos mensajes",
    )
    # Not wanting to stay in the program: the program, or the texts? (BLIND2.md)
    + _combos(
        "ya no quiero|no quiero|i dont want to|dont want to|i dont wanna",
        "estar en|seguir en|be in|stay in",
        "este|el|this|the|",
        "programa|program",
    )
    # Still needing them after the program, no need to keep texting: ask once
    + _combos(
        "do i still need|do i still have to get|do i still get|do i need to keep getting|"
        "do i have to keep getting|still need to get",
        "these|them|the texts|the reminders|texts|reminders|these texts|estos mensajes",
    )
    + _combos(
        "you dont need to|you dont have to|dont need to|dont have to|no need to|no tienen que|"
        "no necesitan",
        "keep|",
        "texting me|text me|texting|reminding me|remind me|send me|sending me|mandarme|"
        "escribirme|recordarme|seguir mandandome|seguir escribiendome",
    )
    # Complaints about how often: "chill with the texts", "you text me every day", "ya no me
    # estén mandando tantos" (fewer, or none? ask once; "stop texting me so much" stays a stop)
    + _combos(
        "chill|relax|calm down|ease up|slow down|tranquilos|tranquilo|bajenle|bajale",
        "with|on|con|a",
        "the|these|your|los|sus|tantos|",
        "texts|messages|reminders|mensajes|textos|recordatorios",
    )
    + _combos(
        "text me|texting me|message me|messaging me|text|me mandan|me escriben|me textean",
        "every day|everyday|all day|todos los dias|diario|a cada rato|all the time|nonstop",
    )
    + _combos(
        "ya no|no",
        "me|nos",
        "esten|este|estes",
        "mandando|enviando|escribiendo",
        "tantos|tanto|tan seguido",
    )
    + _split("heard you the first time,got it the first time,hasta la madre")
    # Done with the program: the texts too? Ask once ("ya terminé el programa")
    + _combos(
        "i already finished|i finished|i completed|i already completed|ya termine|ya acabe|"
        "i dont do|im not in|im no longer in|no longer in|ya no estoy en|ya no voy a",
        "the|this|that|my|el|este|ese|mi|",
        "program|programa|probation|probatoria",
    )
    # Asking for fewer texts, not none (BLIND2.md): "is there a way to get fewer texts?"
    + _split(
        "fewer texts,fewer messages,fewer reminders,less texts,less messages,menos mensajes,"
        "menos recordatorios,not so many texts,no tantos mensajes,text me less,text less,"
        "less often,less frequently,not so often,menos seguido"
    )
    + _split(
        "im over this,im over it,im so over,so over this,over this whole,im through with,"
        "done with this whole,done with all this,ya me harte,me harte,estoy hasta la madre,"
        "hasta el gorro,hasta la coronilla,ya me tienen hasta"
    ),
    # A missed meeting negated is a yes: "not gonna miss it", "no me lo voy a perder"
    "yes": _combos(
        "not|never|im not|i am not|not ever",
        "going to|gonna",
        "miss it|miss this|miss that|miss this one|miss it for anything|miss out",
    )
    + _combos(
        "not missing|im not missing|no way im missing|not gonna miss", "this one|it|this|that"
    )
    + _combos("nothing|nothings|nothing is|no one|nobody|nobodys", "stopping me|can stop me")
    # A refusal's word negated is a yes: "not busy that day", "no conflicts", "won't be late"
    + _combos(
        "not|im not|i am not|ill not|no estoy|no ando",
        "busy|working|booked|ocupado|ocupada|trabajando",
    )
    + _split(
        "no conflicts,no conflict,no tengo nada,no tengo nada ese dia,no tengo compromisos,"
        "nothing planned,nothing going on,im free,i am free,free that day,estoy libre,"
        "cant say no,can not say no,couldnt say no,no way id say no,how could i say no,"
        "no puedo decir que no,wont be late,will not be late,no voy a llegar tarde,no llego tarde,"
        "nada me lo impide,nada me va a detener,nada me detiene"
    )
    + _combos("nothing|nothings|nothing is|nothing will|nothing can|nothing could", "keep me away")
    + _combos(
        "no me lo|no me la|ni loco me lo|ni loca me lo",
        "voy a perder|pienso perder|perderia|pierdo",
    )
    + _combos("no voy a|no pienso|no vamos a", "faltar|fallar|perdermelo|perdermela")
    # Being there already on the day ("I'm here at the front"), extending "on my way"
    + _combos("im here|im", "at the|in the|", "front|door|lobby|building|parking lot|entrance")
    + _split(
        "im outside,im out front,im here now,ya estoy aqui,ya llegue,ya estoy afuera,im here,"
        "i am here,im already here,already here"
    )
    # Late or leaving early is still a yes: "10 min late", "I need to leave early"
    + _combos(
        "i need to|need to|i have to|have to|gotta|i gotta", "leave", "a little|a bit|", "early"
    )
    + _split("min late,mins late,minutes late,minutos tarde,minutes behind")
    + _combos(
        "might be|may be|could be|i might be|i may be|i could be",
        "a few|5|10|15|20|like 5|like 10|like 15|",
        "min late|mins late|minutes late|minute late",
    )
    + _split(
        "llego un poco tarde,llego tarde,voy a llegar tarde,llegare tarde,llego un poquito tarde"
    )
    # On the way, in other words: "heading there now", "ya voy saliendo"
    + _split("heading there,heading over,headed there,headed over,leaving now,ya voy saliendo")
    # Caribbean and Venezuelan "chévere" (cool), "allá llego" (I'll get there)
    + _split("chevere,alla llego,ahi llego,alli llego,ya casi estoy,thumbs up")
    # Arriving, in person or online: "pulling into the lot", "in the zoom waiting room"
    + _split("pulling into,pulling in,in the lot,parking now,waiting room,sala de espera"),
    # Another engagement, a soft decline: "I have class that night", "maybe next time"
    "no": _split(
        "have a funeral,a funeral,have class,i have class,have school,have an interview,"
        "tengo una cita,cita medica,cita con el doctor,doctors appointment,doctor appointment,"
        "dentist appointment,tengo que ir a la corte,skip this one,sit this one out,"
        "sit out this one,not this week,esta semana no,maybe next time,maybe another time,"
        "surgery,having surgery,cirugia,me van a operar,me operan,wont be attending,"
        "will not be attending,wont attend,will not attend,not attending,im not attending,negativo,"
        "tal vez la proxima,quizas la proxima,a la proxima,next time maybe,no se va a poder,"
        "no va a poder ser,"
        # A decline softened: "probably not", "I'm good, thanks though"; "para nada puedo"
        "probably not,prolly not,probs not,likely not,im good thanks though,im good but thanks,"
        "im good thank you though,im good but thank you,para nada puedo,para nada voy,"
        "para nada podre,hard no"
    )
    + _combos(
        "count me out|im out|leave me out|im gonna pass|ill pass",
        "for|on|",
        _DAYS + "|tomorrow|today|this week|that week|this weekend|saturday|sunday",
    ),
    # A day or an hour the sender can only do: another time asked for (BLIND4.md)
    "reschedule": _combos(
        "can only do|can only make|can only come|can only make it|only available|only free|"
        "i can only do|i can only make|i can only come|i can only make it|"
        "im only free|im only available|solo puedo|nomas puedo|solamente puedo|nada mas puedo",
        "on|los|el|en|after|before|despues de|antes de|",
        _DAYS,
    )
    + _split(
        "weekdays,weeknights,entre semana,any weekday,on weekdays,switch to,switch it to,"
        "switch me to,evening session,morning session,afternoon session,pasarme a,cambiarme a"
    )
    # Another slot asked about: "is there a Saturday option?", "any evening slots?"
    + _combos(
        _DAYS + "|evening|morning|afternoon|weekend|later|earlier|other|another|different",
        "option|options|slot|slots|session|sessions",
    )
    # ... or an hour: "I can only come after 6pm", "solo puedo después de las 5"
    + _combos(
        "can only come|can only do it|can only make it|i can only come|i can only make it|"
        "solo puedo|nomas puedo|solamente puedo|solo puedo ir",
        "after|before|despues de las|antes de las|despues de|antes de",
    ),
    # A best effort, a permission to ask for: no answer yet (BLIND4.md: hedged is unknown)
    "unsure": _split(
        "voy a hacer lo posible,hare lo posible,hago lo posible,hare lo que pueda,"
        "voy a hacer lo que pueda,hago lo que pueda,ill do my best,i will do my best,"
        "will do my best,ill do what i can,i will do what i can,ill see if i can,ill try my best,"
        "lo intentare,voy a ver si,a ver si,ver si,dejeme ver,dejenme ver,dejame checar,"
        "dejeme checar,dejeme preguntar,dejame preguntar,si me dan,"
        "let me confirm,need to confirm,have to confirm,gotta confirm,see what i can do,"
        "ill see what i can do,vere que puedo hacer,a ver que puedo hacer,puede que,puede que si,"
        "let me see,lemme see,i have to see,tengo que ver"
    )
    # A confirmation promised for later: "le confirmo mañana", "I'll confirm tonight"
    + _combos(
        "le confirmo|te confirmo|les confirmo|confirmo|ill confirm|i will confirm|will confirm",
        "manana|luego|despues|mas tarde|al rato|tomorrow|later|tonight|en la noche",
    ),
    "neutral": (
        # Children to look after: a barrier, no answer ("no tengo con quién dejar a los niños")
        _combos(
            "no tengo|i dont have|dont have|i have no|no|sin",
            "babysitter|a babysitter|sitter|a sitter|ninera|childcare|child care|"
            "quien me cuide|quien me los cuide|quien me la cuide|quien me lo cuide|quien cuide|"
            "con quien dejar|con quien dejarlos|con quien dejarlas|con quien dejarla|"
            "con quien dejarlo",
        )
        + _combos("dejar a|dejarle a|dejar con alguien a", _KIDS)
        # A shift or a schedule someone else changed is a reason, no request for another time
        + _combos(
            "me cambiaron|cambiaron|me movieron|they changed|changed|they moved",
            "el|mi|my|the|de",
            "turno|horario|shift|schedule|hours|horas",
        )
        + _combos("my", "shift|schedule|work schedule", "changed|got changed|was changed")
        # Staying on the list beside a decline is no restart ("keep me on the list")
        + _combos("keep me|keep us", "on|in", "the|your|", "list|roster|loop|rotation")
        + _combos("sigan tomandome|tomenme|me tomen", "en cuenta")
        # Answering later is no restart: "I'll text back"
        + _combos(
            "ill|i will|will|i can|ill just",
            "text|message|write|hit",
            "back|you back|u back",
            "later|soon|in a bit|",
        )
        + _split("text back,text you back,text u back,al rato le contesto,luego le contesto")
        # Greetings and goodbyes: "good" and "buenas" there answer nothing
        + _split(
            "good morning,good afternoon,good evening,good night,buenos dias,buenas tardes,"
            "buenas noches,have a good day,have a good one,have a great day,have a blessed day,"
            "que tenga buen dia,que tenga un buen dia,que tenga linda tarde"
        )
        # "stop" of a feeling is no stop: "yes, stop worrying, I'll be there"
        + _split("stop worrying,stop stressing,stop tripping,stop trippin,deja de preocuparte")
        + _split("no need to call,no need to call me,no hace falta llamar")
        # Not knowing the way is no hedge: "yes, I don't know where it is but I'll find it"
        + _split(
            "i dont know where,i do not know where,i dont know how to get,i dont know the address"
        )
        + _split("im done for the day,done for the day,done for today,done for tonight")
        # "no matter what" says nothing against a yes: "I'll be there, no matter what"
        + _split("no matter what,no matter,pase lo que pase,sin importar")
        # Our text acknowledged, not answered: "yes I got your text but I can't"
        + _combos(
            "got|received|saw|recibi|ya recibi|vi|ya vi",
            "your|the|this|su|tu|el|este",
            "text|message|msg|texts|messages|mensaje|texto|mensajes",
        )
    ),
}
