"""Classes of phrasing the sixth blind set found, each tried on replies that are in no corpus."""

import pytest

from notifications.replies import Intent, interpret, read_by_rules


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # exasperation that names the texts is a stop; without the texts it is asked about once
        ("ok enough w/ the reminders", Intent.stop),
        ("enough with all these msgs smh", Intent.stop),
        ("knock it off with the texts already", Intent.stop),
        ("give it a rest w the messages", Intent.stop),
        ("ya basta con los mensajes", Intent.stop),
        ("ya estuvo con los textos, neta", Intent.stop),
        ("ya estuvo con tanto mensaje, neta", Intent.maybe_stop),  # how many: ask
        ("suficiente con los recordatorios", Intent.stop),
        ("enough already", Intent.maybe_stop),
        ("im so done w these texts", Intent.stop),
        ("I'm done with this program", Intent.maybe_stop),
        # a carrier keyword as a clause of its own, beside a who-ask
        ("new phone. who dis? pls remove", Intent.stop),
        ("¿quién es?, baja", Intent.stop),
        # a number to forget is a stop; forgetting the person is asked about once
        ("lose this number and forget you ever had it", Intent.stop),
        ("pls forget my number", Intent.stop),
        ("pretend you never had this number", Intent.stop),
        ("olviden este número por favor", Intent.stop),
        ("olvídense de mi número", Intent.stop),
        ("just forget about me", Intent.maybe_stop),
        ("I always forget the meeting without the reminders", Intent.unknown),
        # a stop for after, as "the last time", beside a yes or alone
        ("ahí estaré, pero que sea la última vez que me mandan mensajes", Intent.stop),
        ("ok voy, que este sea el último mensaje", Intent.stop),
        ("fine I'll go but make this the last text", Intent.stop),
        ("yes. this better be the last message I get from you", Intent.stop),
        ("this is the last time you text me", Intent.stop),
        ("sí voy pero que sea la última vez que me escriben", Intent.stop),
        ("is this the last reminder before my hearing?", Intent.unknown),
        # a name denied in lower case where the sender asks who; "who dis" alone stays help
        ("new phone who dis? not marisol", Intent.stop),
        ("who is this. i'm not kevin", Intent.stop),
        ("quién es? no soy jesús", Intent.stop),
        ("new number who this", Intent.help),
        ("who dis? not sure what this is", Intent.help),
        # a yes with a START keyword restarts
        ("yes START", Intent.start),
        ("Sí, alta por favor", Intent.start),
        ("ok resubscribe", Intent.start),
        ("yes what time does it start?", Intent.yes),
        # what replying a keyword does, and which program writes: help
        ("what happens if I reply N", Intent.help),
        ("si mando CAMBIO qué pasa?", Intent.help),
        ("what does Y do", Intent.help),
        ("what happens if I'm late?", Intent.unknown),
        ("¿de qué programa es esto?", Intent.help),
        ("what org is this?", Intent.help),
        # a who-ask about one's own matter or the other party: a person reads it
        ("who do I call about my probation paperwork?", Intent.unknown),
        ("¿quién es el señor que va a estar en la reunión?", Intent.unknown),
        ("who is the other person coming?", Intent.unknown),
        ("who do I call?", Intent.help),
        # a limit on staying keeps the yes
        ("sí voy, nomás que no me puedo quedar mucho", Intent.yes),
        ("I can't stay late", Intent.unknown),
        # the announced move named, "can do", an acceptance with the day named
        ("sure, I don't mind that it moved to the library", Intent.yes),
        ("ok no me importa que la cambiaron, ahí estaré", Intent.yes),
        ("can do!", Intent.yes),
        ("yep can do that", Intent.yes),
        ("no can do", Intent.no),
        ("cuenten conmigo para el viernes", Intent.yes),
        ("I'm in for Saturday", Intent.yes),
        ("mejor para el viernes", Intent.reschedule),
        # an ack of our text before a short refusal is a no; "tho" at the end turns nothing
        ("yep saw the text, can't go tho", Intent.no),
        # another hour better, the old time wanted back
        ("yes but 6 would work so much better", Intent.reschedule),
        ("the 3pm would be way better for me", Intent.reschedule),
        ("a las 5 me queda mucho mejor", Intent.reschedule),
        ("el horario de antes me quedaba mejor, ¿se puede regresar?", Intent.reschedule),
        ("can we go back to the time it was before?", Intent.reschedule),
        # keep them coming: the texts wanted, no yes and no no
        ("keep em coming, I need the reminders", Intent.unknown),
        ("no, keep them coming please", Intent.unknown),
        # busy in the past is no refusal; busy now is
        ("don't take me off, I've been really busy", Intent.unknown),
        ("he estado ocupada pero sigo en el programa", Intent.unknown),
        ("busy that day sorry", Intent.no),
        # a ride lacking is a barrier, no answer; with a refusal it is a no
        ("no tengo raite", Intent.unknown),
        ("I don't have a ride", Intent.unknown),
        ("no tengo raite, no voy a poder ir", Intent.no),
        # a hedge: "hacer la lucha", "give it a shot"
        ("le voy a hacer la lucha", Intent.unknown),
        ("ill give it a shot", Intent.unknown),
        # not seeing why one has to come, after an ok, answers nothing
        ("ok but I don't understand why I have to go", Intent.unknown),
        ("sí pero no sé para qué tengo que ir", Intent.unknown),
        # a tag makes a question; the "no" in it answers nothing
        ("is this still happening or nah", Intent.unknown),
        ("does this count for my hours or no", Intent.unknown),
        ("nah", Intent.no),
        # a time confirmed is no other time asked for; another time asked is
        ("does it begin at 5?", Intent.unknown),
        ("¿empieza a las 6?", Intent.unknown),
        ("can it be at 6?", Intent.reschedule),
        # the phone's service cut off is no stop
        ("my phone was shut off last week, what did I miss?", Intent.unknown),
        ("my service got disconnected, is my meeting still on?", Intent.unknown),
        ("cut off the texts", Intent.stop),
    ],
)
def test_a_class_of_phrasing_from_the_sixth_blind_set(text: str, intent: Intent) -> None:
    assert interpret(text) is intent


def test_the_rules_read_a_denied_name_only_beside_a_who_ask() -> None:
    assert read_by_rules("not yet").intent is not Intent.stop
    assert read_by_rules("not brandon").intent is not Intent.stop  # no who-ask: a person reads it
    assert read_by_rules("new phone who dis. not brandon").intent is Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("I'm in! can't stay past 7 tho", Intent.yes),
        ("ok recibí el mensaje, no puedo ir", Intent.no),
    ],
)
def test_the_rules_read_a_limit_and_an_acknowledgement_and_the_model_may_ask(
    text: str, intent: Intent
) -> None:
    """The rules read them; the model may send the limit to a person or ask once (safe side)."""
    assert read_by_rules(text).intent is intent
    assert interpret(text) in (intent, Intent.unknown, Intent.maybe_stop)
