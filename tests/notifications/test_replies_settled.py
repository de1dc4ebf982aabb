"""Classes blind13 missed, tried on replies in no corpus (notifications/reply_settled.py and others)."""

import pytest

from notifications.replies import Intent, read_by_rules


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a stop said on its own first stands; a worry about the case after it reaches a person
        ("Alto por favor. ¿Me va a afectar con el juez?", Intent.stop),
        ("UNSUBSCRIBE. does this mess up my case", Intent.stop),
        # said as a question, or only supposed, it is still asked about
        ("Stop? would that affect my case", Intent.maybe_stop),
        ("if I text stop will I get in trouble", Intent.maybe_stop),
        ("¿Qué pasaría si pongo baja? ¿me meto en problemas?", Intent.maybe_stop),
        # a negation reaches past "you guys ... ever"; a bare "no" before them is an answer
        ("see you then. and don't y'all ever stop the reminders", Intent.yes),
        ("no you all stop texting me", Intent.stop),
        # fillers and settled slang
        ("yeah no for sure I'll be there", Intent.yes),
        ("yea no, I can't make it that day", Intent.no),
        ("ya estuvo, el sábado nos vemos", Intent.yes),
        # places and sizes that spell a keyword
        ("sí voy, nomás regreso de Baja el viernes", Intent.yes),
        ("¿Es en el edificio muy alto de enfrente?", Intent.unknown),
        # emoji that answer
        ("🫡🫡", Intent.yes),
        ("🙋🏾\u200d♀️", Intent.yes),
    ],
)
def test_blind13_stop_and_answer_classes(text, intent):
    assert read_by_rules(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # softened declines
        ("probs not, work is crazy that week", Intent.no),
        ("Para nada voy a poder, tengo turno", Intent.no),
        ("hard no for that Friday, out of town", Intent.no),
        # another date asked for in plain words; the date we sent is accepted, not asked for
        ("can my PO ask you for a new date?", Intent.reschedule),
        ("the new date works for me", Intent.yes),
        # arriving is coming
        ("pulling in now, where do I park", Intent.yes),
        ("estoy en la sala de espera del zoom", Intent.yes),
        # what it is: help
        ("are u a bot or a real person?", Intent.help),
        ("¿Esto es de verdad o es fraude?", Intent.help),
        ("para que es esta reunion? no entiendo", Intent.help),
        ("what number can I call, I have questions", Intent.help),
        # no answer: a supposed no, a trip to work, our own thanks liked, the calendar to check
        ("¿y qué pasa si no llego?", Intent.unknown),
        ("omw to work rn, ttyl", Intent.unknown),
        (
            'Liked "Thank you, Ana! You are confirmed for the Neighborhood Justice Program '
            'meeting on Mon, Jun 1 at 6:00 PM. We will text you if anything changes."',
            Intent.unknown,
        ),
        ("ok got it, let me check my calendar tonight", Intent.unknown),
    ],
)
def test_blind13_other_classes(text, intent):
    assert read_by_rules(text).intent is intent


def test_a_prompt_liked_is_still_a_yes():
    liked = (
        'Liked "Hi Ana, your Neighborhood Justice Program meeting is on Mon, Jun 1 at 6:00 PM. '
        'Reply Y to confirm or CHANGE if you need another time."'
    )
    assert read_by_rules(liked).intent is Intent.yes


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # blind14's stops, as classes: a pause of "these" bidden, someone's child not to be texted
        ("please pause these till after the holidays", Intent.stop),
        ("Es el teléfono de mi nieto. Ya no le escriban por favor", Intent.stop),
        # 🛑 in words or as a reaction, and a stop joked away, are asked about
        ("stop sign", Intent.maybe_stop),
        (
            'Reacted 🛑 to "Ana, reminder: your meeting is tomorrow at 6:00 PM. Reply Y"',
            Intent.maybe_stop,
        ),
        ("STOP lmao nah I'll be there", Intent.maybe_stop),
        ("Yes, see you. one text is plenty tho, got three", Intent.maybe_stop),
        # a stop made and regretted, with the texts asked back
        ("me arrepentí de la baja, quiero que me sigan avisando", Intent.start),
        # "parar" on the way, and another day offered after a no
        ("sí voy, nomás me paro en la farmacia antes", Intent.yes),
        ("no puedo ese sábado, pero el otro viernes sí", Intent.reschedule),
        ("after the 20th I'm free, before that no", Intent.reschedule),
        ("se me olvidó la cita, ¿me pueden dar otra?", Intent.reschedule),
        ("¿y esto de qué es? no sé de ninguna reunión", Intent.help),
        ("quién sabe, ya veremos", Intent.unknown),
    ],
)
def test_blind14_classes(text, intent):
    assert read_by_rules(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # the date we moved from asked back is another time, not a restart of the texts
        ("the new day doesn't work, can you put me back on the original day?", Intent.reschedule),
        ("put me back on the list, I want the reminders", Intent.start),
        # not knowing the sender's number is a who-is-this, not a wrong number
        ("sorry, I don't have this number saved. who's texting?", Intent.help),
        # the sender's number wrong, said of us, is one; said of oneself, it is not
        ("u don't have the right number for him", Intent.stop),
        ("I don't have the right number to call, can you send it?", Intent.help),
    ],
)
def test_classes_noticed_on_the_train_folds(text, intent):
    assert read_by_rules(text).intent is intent


def test_not_missing_it_for_anything_is_a_yes():
    assert read_by_rules("no me la perdería por nada del mundo").intent is Intent.yes


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # stops the tuned-on training parts still missed, as classes (never a restart)
        ("no puedo ir, y tampoco quiero seguir recibiendo recordatorios", Intent.stop),
        (
            "my daughter texted STOP weeks ago and y'all keep texting. she doesn't want them",
            Intent.stop,
        ),
        ("out of the country till June, hold all reminders please", Intent.stop),
        ("ok but after this one I never want to hear from this number again", Intent.stop),
        ("nada de mensajes por favor", Intent.stop),
        ("que me borren de la lista!!", Intent.stop),
        ("es una tienda, aquí no hay nadie con ese nombre", Intent.stop),
        ("who's this? not Keisha tho", Intent.stop),
        ("Cansela", Intent.stop),
        # and the restart they must not undo
        ("I want the reminders again, I deleted them by mistake", Intent.start),
    ],
)
def test_stops_the_training_parts_still_missed(text, intent):
    assert read_by_rules(text).intent is intent


def test_a_restart_refused_is_no_restart():
    assert read_by_rules("I'd rather you didn't message me here again").intent is not Intent.start
