"""Classes of stop that blind7, blind9 and the train folds missed, tried on replies in no corpus."""

import pytest

from notifications.replies import Intent, interpret, read_by_rules


@pytest.mark.parametrize(
    "text",
    [
        # a pause we cannot schedule is a stop they can take back with START
        "can you pause the reminders til after the holidays",
        "pausen los recordatorios por favor, ando de viaje",
        "Please pause all messages for a few months",
        # someone speaking for the person this phone belongs to
        "I'm her mother. Do not text her again.",
        "Represento a la señora Díaz, no contacte a mi clienta a este número",
        "Please don't message him at this number",
        # the name we wrote to, denied in the first person
        "I'm not Danielle, you have the wrong person",
        "sorry i don't know a Marisol",
        "No idea who Gregory is",
        # spellings and slang
        "estop",
        "take me of your list",
        "lose my digits plz",
        "no mor messages",
    ],
)
def test_a_stop_in_these_words(text):
    assert read_by_rules(text).intent is Intent.stop
    assert interpret(text) is Intent.stop


@pytest.mark.parametrize(
    "text",
    [
        "I won't text him, he already knows",  # the sender's own texting, not ours
        "I'm not sure yet, can I tell you tomorrow",
        "can we pause my case until I'm back",  # no word of our texts
        "don't pause my reminders",  # a negated pause keeps them coming
        "I'm not Available that Tuesday",  # a capitalised word of ours is no name
    ],
)
def test_no_stop_in_these_words(text):
    assert interpret(text) is not Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a stop reported, then the texts asked back: a restart
        ("había mandado STOP pero sí quiero seguir recibiendo los mensajes", Intent.start),
        ("my nephew typed stop on my phone, please turn the reminders back on", Intent.start),
        # a stop reported, with the texts still coming: still a stop, never a restart
        ("I replied STOP days ago and I still get these", Intent.stop),
        ("ya puse stop y sigo recibiendo mensajes", Intent.stop),
        ("texted stop and I keep getting messages", Intent.stop),
    ],
)
def test_a_stop_reported(text, intent):
    assert interpret(text) is intent


def test_a_phone_of_the_family_is_no_wrong_number():
    # the person we wrote to will be shown the text: someone else answering, not a stop
    reading = read_by_rules("este celular es de mi hijo, ahorita que llegue le digo")
    assert reading.intent is not Intent.stop
    assert read_by_rules("this number belongs to somebody else").intent is Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a "can't" before "and please stop" negates no stop
        ("no we can't and please stop messaging me", Intent.stop),
        ("please don't send anything more to this phone", Intent.stop),
        ("I didn't send anything", Intent.unknown),  # the sender's own sending
        ("leave me the heck alone", Intent.stop),
        # a limit on the hours is asked about; "at this number" is no limit
        ("don't text me after 9pm please", Intent.maybe_stop),
        ("do not message me at work", Intent.maybe_stop),
        ("Do not text me at this number anymore.", Intent.stop),
        # STOP asked as a question beside what this is: asked about, never taken
        ("Stop? who is this", Intent.maybe_stop),
    ],
)
def test_stop_words_in_their_place(text, intent):
    assert read_by_rules(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # every future text or invitation declined, or frozen: a stop
        ("gonna pass on any future messages, take care", Intent.stop),
        ("please hold my invitations, I'm moving", Intent.stop),
        ("ya no nos inviten, gracias", Intent.stop),
        ("no, invite me to the next one", Intent.no),  # a no, then more invitations wanted
        # a "no" of another verb before "y" negates no stop
        ("no voy a poder y denme de baja por favor", Intent.stop),
        # words after a reaction's quote are the reply
        (
            'Reacted 👎 to "Ana, reminder: your meeting is on Tue at 5 PM. Reply Y to confirm" not Ana',
            Intent.stop,
        ),
    ],
)
def test_invitations_and_clauses(text, intent):
    assert read_by_rules(text).intent is intent


def test_some_invitations_declined_are_no_stop():
    assert read_by_rules("no me inviten a las de la mañana").intent is not Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # blind11 and blind12, as classes
        ("ya no quiero seguir recibiendo sus avisos", Intent.stop),
        ("please suspend the reminders for now", Intent.stop),
        ("this is my job's phone, don't text here", Intent.stop),
        ("me arrepentí, envíenme los recordatorios otra vez", Intent.start),
        ("no me vayan a sacar de la lista porfa", Intent.unknown),
        ("nonstop shifts this week, I can't", Intent.no),
        ("maybe I'll just unsubscribe lol", Intent.maybe_stop),
        (
            "if I unsubscribe from these texts will my lawyer find out or will it hurt me?",
            Intent.maybe_stop,
        ),
        ("ahí estaré, nada más no me manden dos recordatorios", Intent.maybe_stop),
        ("STOP jk see you there", Intent.maybe_stop),
        ("Yes... jk STOP texting me", Intent.stop),  # the joke takes back the yes
        ("stop texting me, I'm not kidding", Intent.stop),
    ],
)
def test_blind11_and_blind12_classes(text, intent):
    assert read_by_rules(text).intent is intent
