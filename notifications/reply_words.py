"""The words of replies, English and Spanish (Mexican and Central American): what each phrase means.

Phrases are written as the normaliser leaves them: lower case, no accents or apostrophes
("cant", "ahi estare"). Each list is one comma-separated string so that it reads as a list.
"""

from __future__ import annotations

from itertools import product

YES, NO, RESCHEDULE, UNSURE = "yes", "no", "reschedule", "unsure"
STOP, STOP_ES, STOP_SELF = "stop", "stop_es", "stop_self"
MAYBE_STOP, START, HELP = "maybe_stop", "start", "help"
NEGATOR, CONTRAST, NEUTRAL = "negator", "contrast", "neutral"


def _split(phrases: str) -> list[str]:
    return [p.strip() for p in phrases.split(",") if p.strip()]


def _combos(*parts: str) -> list[str]:
    """Every phrase made of one choice from each part ('' in a part makes it optional)."""
    choices = [p.split("|") for p in parts]
    return [" ".join(w for w in combo if w) for combo in product(*choices)]


# Words that add nothing to the meaning of a short reply ("STOP please", "ayuda por favor").
FILLER = frozenset(
    _split(
        "please,thanks,thank,you,now,me,por,favor,gracias,ahora,hi,hello,hey,hola,oh,um,"
        "just,already,ya,again,so,sorry,lo,siento,sir,maam,senor,senora,okay,ok"
    )
)
# Courtesy only: "please ya no" is "ya no" (FILLER also drops "ya", which matters there).
POLITE = frozenset(_split("please,por,favor,porfa,thanks,thank,you,gracias,hi,hello,hola,hey"))
# Words that say nothing beyond the answer: what is left after them is more than an answer.
PLAIN = FILLER | frozenset(
    _split(
        "i,ill,will,be,there,the,a,an,to,it,and,y,e,o,or,is,am,are,we,see,then,that,this,"
        "too,also,lol,haha,jaja,jajaja,mr,ms,miss,bro,de,la,el,lo,que,en,te,le,un,una,mi,my,"
        "your,su,for,of,do,can,would,really,very,much,muchas,mucho,so,good,great,day,time,"
        "reminder,message,meeting,reunion,cita,aviso,avisar,tuesday,martes,yes,si,no,n,of,"
        "all,totally,super,muy,bien,tu,usted,ustedes,us,our,nos,nosotros"
    )
)

NEGATORS_EN = frozenset(_split("not,never,dont,didnt,doesnt,isnt,wont,cant,cannot"))
NEGATORS_ES = frozenset(_split("no,nunca,ni,tampoco"))

_TEXTS = "texts|text|messages|message|text messages|reminders|reminder|notifications|sms|mensajes|textos|recordatorios"
_TEXTS_OBJ = _TEXTS + "|this|these|that|it|them"
_WANT_WHAT = "any more|anymore|these|the|your|to get|to receive|"
_CONTACT_EN = (
    "text|texting|message|messaging|contact|contacting|send|sending|call|calling|bother|remind"
)
# Keywords that opt out when they are the whole message (carriers act on them only then too).
STOP_ALONE = frozenset(
    _split(
        "stop,stopall,stop all,unsubscribe,revoke,optout,opt out,para,parar,paren,pare,alto,"
        "baja,remove,block,unsubscribe me,remove me,stop it,cancel,end,quit,cancelar,"
        # "déjenme" alone is "leave me alone"; with more words it may be "déjenme ver"
        "dejenme,dejeme,dejame,desuscribir,desuscribirme,"
        # autocorrect turns "unsubscribe" into its past
        "unsubscribed,opted out"
    )
)
# Of those, the ones that mean something else as soon as another word comes with them.
ALONE_ONLY = frozenset(_split("cancel,end,quit,cancelar"))
START_ALONE = frozenset(
    _split(
        "start,unstop,optin,opt in,subscribe,resubscribe,comenzar,empezar,alta,reanudar,"
        "iniciar,start again,opt back in,start de nuevo,start otra vez,"
        # Spanish START keywords (BLIND3.md): "Inicio", "darme de alta"
        "inicio,suscribir,suscribirme,darme de alta,dar de alta,activar,reactivar"
    )
)
# Could be a stop when it is the whole reply ("no more", "ya no"): ask once.
MAYBE_ALONE = frozenset(
    # "bye" alone: goodbye to this text, or to all of them? Ask.
    _split(
        "no more,ya no,ya no quiero,no mas,ya no mas,nothing more,dont want,bye,ya bye,adios,"
        # 🛑 dictated: "stop sign" (BLIND14.md), as the emoji alone
        "stop sign"
    )
)
HELP_ALONE = frozenset(
    _split("help,info,ayuda,informacion,mas informacion,ayudenme,help me,need help,ayudame")
)
# Words for help anywhere in a reply that gives no answer ("I need help", "ayuda no entiendo").
HELP_WORDS = frozenset(_split("help,ayuda,ayudenme,ayudame,ayudar,ayudarme,informacion,info"))

PHRASES: dict[str, list[str]] = {
    # A clear request to stop texting, unless a negation comes just before it.
    STOP: _split(
        "stop,stopall,unsubscribe,opt out,optout,opt me out,revoke,remove me,remove my number,"
        "remove this number,take me off,take my number off,take this number off,"
        "delete my number,delete this number,lose my number,lose this number,wrong number,"
        "wrong person,leave me alone,block,blocking,harassing,cut it out,"
        "quit texting,quit sending,quit messaging,quit contacting,stop all,"
        "no longer want,no longer volunteering,no texts,enough with the texts,"
        "cancel the texts,cancel texts,cancel these texts,cancel the messages,"
        "cancel my subscription,cease and desist,not my number,be removed,already unsubscribed,"
        "you dont have the right number,u dont have the right number,yall dont have the right number,"
        "you do not have the right number,you dont have the right person,"
        "nobody by that name,no one by that name,gtfo of my phone,just end them,please end them,"
        "end them please,never want to hear from this number,dont want to hear from this number,"
        "leave me be,let me be,leave us alone,un subscribe,un suscribe,"
        # "of" for "off", and slang for a number: "take me of the list", "lose my digits"
        "take me of the list,take me of your list,lose my digits,delete my digits,"
        "leave me the hell alone,leave me the fuck alone,leave me tf alone,leave me the heck alone"
    )
    # Declining every future text or invitation: "I'll pass on all future texts", "freeze my
    # invites until fall" (a pause is a stop they take back with START)
    + _combos("pass on", "all|any|all the|", "future", _TEXTS + "|invites|invitations")
    + _combos("freeze|pause|hold", "my|all|all my|the", "invites|invitations")
    # "hold all texts until March", "put my texts on hold"
    + _combos("hold", "all|all my|all the|my|the", _TEXTS)
    + _combos("put|place", "my|the|all my|all the|all", _TEXTS, "on hold")
    + _combos("dont|do not|please dont|please do not", "invite me", "anymore|any more|again")
    # "end all texts", "halt the messages"
    + _combos("end|halt", "all|the|these|my|all the|", _TEXTS)
    # Deleting what we hold of them: "delete my info", "borren mis datos"
    + _combos(
        "delete|remove|erase|borren|borre|borra|eliminen|elimine",
        "my|mi|mis",
        "info|information|data|details|contact|datos|informacion|contacto",
    )
    # Not wanting to be on the list: "I don't want to be on your list", "ya no quiero estar en"
    + _combos("dont|do not|no longer", "want to|wish to", "be on", "your|the|this|", "list")
    # "enough with the texts", "ya basta de mensajes", "ya estuvo bueno con los mensajes"
    + _combos(
        "enough|ya basta|basta|basta ya|ya estuvo|ya estuvo bueno",
        "with|of|de|con",
        "the|these|your|los|tus|sus|tanto|tantos|",
        _TEXTS,
    )
    + _combos("no more", _TEXTS)
    + _combos(
        "dont|do not|no longer|never",
        "want",
        "any more|anymore|these|the|your|to get|to receive|",
        _TEXTS,
    ),  # fmt: skip
    # A stop request that carries its own negation ("don't text me", "no me manden").
    STOP_SELF: _combos(
        "dont|do not|never|please dont|please do not", _CONTACT_EN, "me|this number|us"
    )
    + _combos("ya no|no", "quiero", "these|", "texts|messages"),
    # Could be a stop, could be something else: ask once.
    MAYBE_STOP: _split(
        "not interested,no me interesa,too many texts,too many messages,so many texts,"
        "so many messages,demasiados mensajes,muchos mensajes,why do you keep texting me,"
        "why are you texting me,why do you text me,why are you messaging me,por que me escriben,"
        "por que me siguen,i dont want this,no quiero esto,quit bugging me,quit it,"
        "enough already,ya basta,basta,enough,cancela,cancelen,im done,no quiero saber nada,"
        "why do i keep getting,keep getting these,why do i keep,annoying,getting annoying,ya estuvo,"
        "dont want to be part,dont want to be involved,no quiero ser parte,why am i getting,"
        "why do i get,por que me mandan,por que me envian,por que me llegan,dont want to do this,"
        "ya no quiero nada,no quiero nada de esto,"
        # Asking to be left out of it: of the texts, or only of this hearing? Ask.
        "leave me out,count me out,keep me out,no cuenten conmigo,no me incluyan,dejenme fuera,"
        "no me metan,"
        # Fed up, annoyed, harassed: with the texts, or with everything? Ask.
        "getting old,harassment,tired of,sick of,fed up,me tienen harto,me tienen harta,"
        "estoy harto,estoy harta,que fastidio,fastidio,ya chole,que hueva,me tienen cansado,"
        "me tienen cansada,ya me canse,"
        # Not wanting to go on: with the program, or the texts? Ask.
        "do this anymore,doing this anymore,want to do this,no quiero hacer esto,"
        "no quiero seguir,ya no quiero seguir,no tengo interes,ya no me interesa,no me interesan,"
        # Mexican "cut it out" on its own: the texts, or something else? Ask.
        "parenle,parale,parele,"
        "dont want to participate,i want out,want out,i quit,im quitting,"
        # Weary of us: "ugh not again", "otra vez ustedes", "I get it already"
        "not again,you again,you guys again,otra vez ustedes,ustedes otra vez,i get it already,"
        "we get it already,ya entendi,ya entendimos,"
        "not part of this,no longer part of,ya termine con eso,ya termine con esto,"
        "ya no soy parte,"
        # A plea, politeness before a bare no: "please no"
        "please no"
    )
    + _combos("ya no|no", "quiero|deseo|voy a", "participar|seguir|continuar|ser parte")
    + _combos(
        "not doing|no longer doing|done with|quitting|leaving|dropping out of|out of",
        "this|the|your",
        "program|programa",
    )
    + _split("me salgo del programa,ya me sali del programa,ya no voy a seguir en el programa")
    # No longer needing "these": the texts, or the program? Ask.
    + _combos(
        "dont need|do not need|no longer need|ya no necesito|no necesito",
        "these|this|them|it|esto|eso|that|these texts|the texts|the reminders",
        "anymore|any more|mas|",
    )
    # "not interested" in every Spanish form: never an answer "no" to a meeting
    + _combos("no estoy|no estamos|ya no estoy", "interesado|interesada|interesados")
    # Declining the texts themselves ("I'm good on these texts")
    + _combos("im good|ill pass|no thanks|pass", "on|with", "the|these|your|", _TEXTS)
    # A "no texts" held to a time ("no texts on weekends", "no mensajes en la noche"):
    # fewer texts, or none? Matched before the plain "no texts" stop, which is longer-lived.
    + _combos("no", "texts|messages|mensajes|textos", "on|after|before|at|los|en|despues|antes"),
    START: _split(
        "add me back,put me back,add me again,agreguenme de nuevo,vuelvan a agregarme,"
        "activenme,reactivenme,activame,reactivame,activeme,reactiveme,"
        "start texting,start sending,text me again,texts again,messages again,send me texts again,"
        "resume texts,resume the texts,resume texting,sign me back up,opt me back in,opt back in,"
        "can text me again,quiero recibir mensajes,volver a recibir,volver a mandarme,"
        "mensajes otra vez,mensajes de nuevo,recibir mensajes otra vez"
    ),
    YES: _split(
        "yes,yeah,yep,yup,yessir,yes sir,yes maam,ok,sure,sure thing,for sure,definitely,"
        "absolutely,certainly,of course,bet,deal,alright,all right,all good,perfect,cool,"
        "awesome,sounds good,sounds great,works,works for me,that works,it works,new time works,"
        "still good,still coming,still on,still in,i can,i can do it,i can make it,i can come,"
        "i can be there,ill be there,i will be there,will be there,be there,im there,ill come,"
        "i will attend,will attend,attending,see you there,see you then,see you,count me in,"
        "im in,im down,down,sign me up,accept,accepted,confirm,confirmed,confirming,happy to,"
        "happy to help,glad to help,happy to help out,id love to,love to,no problem,no prob,"
        "not a problem,no worries,no doubt,why not,cant wait,wouldnt miss it,would not miss it,"
        "no way id miss it,no way im missing,never miss,affirmative,correct,will do,"
        "si,simon,simon que si,claro,claro que si,por supuesto,desde luego,de acuerdo,vale,dale,"
        "sale,sale pues,sale y vale,va,va pues,orale,orale pues,andale,andale pues,cabal,vaya,"
        "vaya pues,de una,fijo,con gusto,con mucho gusto,con todo gusto,con gusto ayudo,"
        "con mucho gusto ayudo,listo,perfecto,esta bien,esta bueno,ya quedo,acepto,aceptado,"
        "confirmo,confirmado,confirmada,ahi estare,alli estare,estare ahi,estare alli,"
        "ahi nos vemos,alli nos vemos,nos vemos,ahi voy a estar,alli voy a estar,voy,voy a ir,"
        "asisto,asistire,puedo,puedo ir,cuenten conmigo,cuente conmigo,no hay problema,"
        "sin problema,no hay bronca,no hay pedo,no hay inconveniente,ningun problema,sin falta,"
        "no falto,no faltare,no se me olvida,a huevo,ahuevo,fijese que si,sigo,me queda bien,"
        "ahi estoy,great,good,fine,is fine,im coming,coming,ill go,i will go,sounds like a plan,"
        "cuenta conmigo,cuentas conmigo,im available,glad to,be glad to,id be glad to,"
        # Mexican and Central American: "de ley" (for sure), "ahí le caigo" (I'll drop by),
        # Salvadoran "chivo", Costa Rican "pura vida"
        "de ley,ahi le caigo,alli le caigo,ai le caigo,le caigo,chivo,pura vida,"
        # Central American "a la orden" (at your service); "no hesitation"
        "a la orden,a sus ordenes,a tus ordenes,no hesitation,without hesitation,"
        # Double negations that say yes
        "no reason not to,dont see why not,cant see why not,wont forget,will not forget,"
        "not going to forget,wont miss it"
    )
    + _combos("no se me", "olvida|va a olvidar|olvidara|va a pasar|pasa")
    # Longer than the "yeah I can't" refusal below, so matched first: "yeah I can't wait!"
    + _combos("yeah|yea|ok|oh|yes", "i cant wait|cant wait|i cannot wait")
    # ... and "yeah no problem" before the refusal "yeah no"
    + _combos("yeah|yea|yes|ok|si|sure", "no problem|no prob|no worries|no hay problema")
    + _split("make it work,ill make it work,i can make it work,ill make it")
    # "nothing would stop me": a yes with a stop-word in it
    + _combos(
        "nothing|nothings|no one|nobody|nobodys",
        "would|will|can|could|is going to|going to",
        "stop me",
    )
    + _split("ahi voy,alli voy,ai voy,ahi vamos")
    # "no problem" in its regional words: "no hay clavo", "ningún rollo", "sin pedo"
    + _combos(
        "no hay|no hay ningun|ningun|sin|no|ni un",
        "problema|problem|bronca|pedo|pex|clavo|rollo|inconveniente|drama|falla|issue|issues",
    ),
    NO: _split(
        "no,nope,nah,nay,negative,i can not,i cannot,i cant,wont be there,wont be able,"
        "will not be there,will not be able,not be able,not be there,not make it,not attend,"
        "wont make it,cant make it,decline,declined,cant,cannot,can not,wont,unable,not able,"
        "not available,unavailable,busy,not going,not coming,not this time,not this one,pass,"
        "no can do,no thanks,no thank you,dont think so,no longer works,doesnt work,dont work,"
        "does not work,not going to work,wont work,out of town,have work,im working,sick,"
        "have to say no,unfortunately not,nel,nel pastel,no puedo,no podre,no voy,no ire,"
        "no asistire,no estare,no voy a poder,no puedo ir,no estoy disponible,no tengo tiempo,"
        "estoy ocupado,estoy ocupada,tengo trabajo,me toca trabajar,tengo que trabajar,"
        "no me es posible,no es posible,no va a ser posible,imposible,no gracias,claro que no,"
        "ni loco,ni loca,ni de chiste,no creo,no llego,no alcanzo,no me da tiempo,esta vez no,"
        "mejor no,paso,rechazo,ya no puedo,not really,yeah no,schedule is full,im booked,booked,"
        "fully booked,otro compromiso,un compromiso,fuera de la ciudad,out of the city,negatory,"
        "have a conflict,conflict,tengo un conflicto,esta vez no puedo,out of the country,"
        "out of state,fuera del pais,de viaje,traveling,have to work,i work that day,"
        "working that day,trabajo ese dia,ese dia trabajo"
    )
    # A leading "yeah" is a filler before a refusal ("yeah I can't that day", "yea no")
    + _combos("yeah|yea", "i cant|cant|i cannot|i wont be able|im not able|i wont make it")
    # Bad news, and another engagement: "unfortunately I have a family thing that day"
    + _split(
        "unfortunately,sadly,lamentablemente,desafortunadamente,family thing,family event,"
        "have plans,got plans,tengo planes,tengo un compromiso,tengo cita"
    )
    # Future and periphrastic forms: "no me va a dar tiempo", "no voy a alcanzar"
    + _combos("no me", "da|va a dar|dara|alcanza|va a alcanzar", "tiempo|el tiempo")
    # "no longer available" (longer than the neutral "no longer", so matched first)
    + _combos("no longer", "available|free|able to come|coming|able to make it")
    + _combos("no voy a", "poder|llegar|alcanzar|estar|ir|asistir|poder ir"),
    UNSURE: _split(
        "maybe,perhaps,possibly,probably,not sure,unsure,idk,i dont know,dont know,dunno,might,"
        "we will see,well see,let me check,ill check,check my schedule,let you know,get back to you,"
        "need to ask,ask my,ill try,i will try,if i can,quizas,quiza,tal vez,talvez,a lo mejor,"
        "no se,no lo se,no estoy seguro,no estoy segura,puede ser,depende,dejame ver,deja ver,"
        "te aviso,le aviso,voy a intentar,no se todavia,"
        # "voy a" before another verb is a future, not "I'm going": "voy a preguntar"
        "voy a preguntar,voy a checar,voy a ver,tengo que preguntar,tengo que checar,"
        "need to check,have to ask,look at my calendar,check my calendar,look at my schedule,"
        "revisar mi calendario,reviso mi agenda,checo mi agenda,fingers crossed,quien sabe,"
        "a ver como me va"
    ),
    RESCHEDULE: _split(
        "change,change it,reschedule,rescheduled,re schedule,postpone,push it back,push back,"
        "move it,can we move,another day,another time,another date,another week,another one,"
        "pick another,different day,different time,different date,other day,other time,"
        "other date,any other,another,do another,later,later date,earlier,instead,next week,following week,"
        "week after,weekend,except,after that,anything after,can it be after,in the evening,"
        "in the morning,a morning,an evening,in the afternoon,cambiar,cambio,cambie,cambien,"
        "cambiarla,cambiarlo,cambio de fecha,reprogramar,reprogramarla,posponer,pospongan,"
        "aplazar,mover,moverla,moverlo,movemos,muevan,otro dia,otra fecha,otra hora,"
        "otro horario,otro momento,otra semana,la otra semana,proxima semana,semana que viene,"
        "hay otro,hay otra,mas tarde,mas temprano,en la tarde,en la manana,en la noche,excepto,"
        "menos el,menos los,en vez de,mejor el,day after,would be better,works better,is better,"
        "seria mejor,me queda mejor,move my,move the,evenings,mornings,weekends,afternoons,"
        # "any day but Thursday", "cualquier día menos el lunes": a day refused, another asked
        "any day but,any day except,anyday but,any time but,anytime but,any time except,"
        "other than,cualquier dia,cualquier otro dia,cualquier otra hora,"
        # Moving it, in any verb: "push it to next month", "reagendar", "recorrerla"
        "push it,bump it,next month,another month,el otro mes,proximo mes,mes que viene,"
        "reagendar,reagendarla,reagenden,reagende,reagendemos,reprogramen,reprogramemos,"
        "recorrerla,recorrerlo,pasarla para,pasarlo para,"
        "need it changed,need it moved,want it changed,want it moved,get it changed,get it moved,"
        "work better,would work better,better for me,mejor para mi"
    )
    # Another meeting asked for: "quisiera otra cita", "is there another slot"
    + _combos("otra|nueva|una nueva", "cita|reunion")
    + _combos("another|a new|a different|new|an", "appointment|meeting|slot|evening slot")
    # "how do I get a new date", "my lawyer is requesting a new date" ("the new date" is ours)
    + _combos("a new|get a new|need a new|want a new|requesting a new", "date|day")
    # "¿cómo le hago para que me den otra?": another one given
    + _split("me den otra,me puedan dar otra,darme otra,me dan otra,me pueden dar otra")
    # the date we moved from, asked back: "put me back on the original date" (no restart)
    + _combos(
        "put me back on|back to|back on|regresarme a|volver a",
        "the original|la original|"
        "el original|la fecha original|la hora original|el dia original|my original",
    )
    + _split("evening slot,morning slot,afternoon slot"),
    NEGATOR: _split("not,never,dont,do not,didnt,doesnt,does not,isnt,nunca"),
    CONTRAST: _split("but,pero,though,however,actually,aunque,sino,nvm,never mind,wait"),
    # Phrases that hold an answer word but say nothing: matched first so that they do not count.
    NEUTRAL: _split(
        "stop by,stop in,stop over,dont worry,no te preocupes,no se preocupe,ni modo,"
        "omw to work,on my way to work,omw to school,on my way to school,"
        # the sender's number unknown to them, not ours wrong: "I don't have this number saved"
        "dont have this number saved,dont have your number saved,dont have this number stored,"
        "no tengo este numero guardado,no tengo guardado este numero,"
        # stopping somewhere on the way: "me voy a parar en la gasolinera"
        "me voy a parar,voy a parar en,pararme en,me paro en,parar en la,parar en el,"
        "text you later,call you later,talk later,gracias por avisar,thanks for the reminder,"
        "thank you for the reminder,keep me in mind,no longer,de nada,i mean,no entiendo,no entendi,"
        "no comprendo,no le entiendo,no te entiendo,dont understand,do not understand,im good,"
        "call me instead,text me instead,confirm later,let you know later,tell you later,reply later,"
        "will reply later,ill reply later,respond later,"
        "answer later,contesto luego,con el cambio,"
        # The change we announced, named to accept it ("está bien el cambio", "the change is
        # fine"): not a request for another time.
        "el cambio,este cambio,ese cambio,the change,this change,that change,the new time,"
        "the new date,the new day,"
        "la nueva fecha,la nueva hora,el nuevo horario,"
        # Nothing changes: "no change for me, still on" asks for no other time
        "no change,no changes,nothing changed,nothing has changed,sin cambios,ningun cambio,"
        # "stop" as a place: "the bus stop is far"
        "bus stop,the stop,a stop,last stop,next stop,first stop,train stop,metro stop,"
        "which stop,what stop,my stop,non stop,nonstop,"
        # Baja California, and "alto" as "tall" or "loud": places and sizes, no keyword
        "baja california,baja cali,baja sur,vengo de baja,regreso de baja,vuelvo de baja,"
        "llego de baja,en baja,a baja,desde baja,from baja,in baja,to baja,edificio alto,"
        "muy alto,mas alto,tan alto,lo alto,volumen alto,"
        # "don't hurry": a courtesy, not a no ("no te apures, ahí voy")
        "no te apures,no se apure,no hay prisa,no rush,"
        # staying in the program is no answer to a meeting ("no me den de baja, sigo en ...")
        "sigo en el programa,sigo en la lista,still in the program,still on the list"
    ),
}

WEEKDAYS = frozenset(
    _split(
        "monday,tuesday,wednesday,thursday,friday,saturday,sunday,mon,tue,tues,wed,thu,thurs,"
        "fri,sat,sun,lunes,martes,miercoles,jueves,viernes,sabado,domingo"
    )
)
# Before a day, these ask for that day instead ("how about Friday", "mejor el jueves").
DAY_ASKS = frozenset(
    _split(
        "how about,what about,can we do,could we do,mejor,prefer,para el,"
        # "can it be Friday", "could it be on the 15th", "puede ser el viernes", "any day but"
        "it be,be on,make it,puede ser,podria ser,but,except,menos,excepto,other than"
    )
)
