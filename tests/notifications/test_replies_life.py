"""Classes of phrasing the fourth blind set found, each tried on replies that are in no corpus."""

import pytest

from notifications.replies import Intent, interpret, read, read_by_rules


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # a wrong number in the third person: the number changed hands, the name unknown here
        ("Rosa ya no usa este número", Intent.stop),
        ("he doesn't have this number anymore", Intent.stop),
        ("Jorge changed his number a while ago", Intent.stop),
        ("no conozco a ningún Ernesto, perdón", Intent.stop),
        ("sorry, I don't know any Tamika", Intent.stop),
        # a negated miss is a yes
        ("not going to miss it!", Intent.yes),
        ("no me lo voy a perder", Intent.yes),
        ("no pienso faltar", Intent.yes),
        # a yes that only acknowledges our text, beside a can't, is a no
        ("ok got the message but I can't go that day", Intent.no),
        ("I can't be there on Friday", Intent.no),
        # a wish before a "but" is no yes; the words after the "but" decide, and with none of
        # them there is no answer (never a no)
        ("I would love to but my car is in the shop", Intent.unknown),
        ("I would love to but I can't that day", Intent.no),
        ("I'd love to but I'm having surgery that week", Intent.no),
        ("I'd love to, but yes I can make it", Intent.yes),
        ("love to! but I may be 15 min late", Intent.yes),
        ("me encantaría, pero llego tarde", Intent.yes),
        ("love to but I need a ride", Intent.unknown),
        # children to look after, a shift changed by others: reasons, no request, no stop hint
        ("No puedo, no tengo con quién dejar a mis hijos", Intent.no),
        ("¿Puedo llevar a mi hijo? No tengo niñera", Intent.unknown),
        ("I don't have a sitter that night", Intent.unknown),
        ("me cambiaron el horario y ya no puedo", Intent.no),
        ("they changed my shift, I can't make it", Intent.no),
        # what our text is, from whom, not understanding it: what the help reply answers
        ("I don't understand the text", Intent.help),
        ("what was that about?", Intent.help),
        ("¿de parte de quién es?", Intent.help),
        # hedged answers and a best effort are no answer yet
        ("probably, let me confirm tomorrow", Intent.unknown),
        ("I'll do my best to be there", Intent.unknown),
        ("haré lo posible por ir", Intent.unknown),
        ("I'll see what I can do", Intent.unknown),
        ("puede que sí", Intent.unknown),
        ("déjame ver si me dan el día", Intent.unknown),
        # a conditional question about stopping is asked about once
        ("can the texts stop once my case is closed?", Intent.maybe_stop),
        ("if I reply stop will my PO know?", Intent.maybe_stop),
        # over it all: the program or the texts? ask
        ("I'm so over this program", Intent.maybe_stop),
        ("ya me harté de todo esto", Intent.maybe_stop),
        # a day the sender can only do asks for another time
        ("I can only make it on weekends now", Intent.reschedule),
        ("solo puedo los sábados", Intent.reschedule),
        ("could I switch to a morning session", Intent.reschedule),
        ("is there a weekend option?", Intent.reschedule),
        ("no puedo el lunes pero entre semana sí", Intent.reschedule),
        # answering later and staying on the list are no restart
        ("at work rn, will text you back", Intent.unknown),
        ("can't this time, keep me on your list", Intent.no),
        # being there already; a Caribbean "cool"
        ("I'm at the door, where do I go?", Intent.yes),
        ("chévere, nos vemos", Intent.yes),
        ("heading there now", Intent.yes),
        ("sign me up for the reminders again", Intent.start),
    ],
)
def test_a_class_of_phrasing_from_the_fourth_blind_set(text, intent):
    assert interpret(text) is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # the same kinds in other words: a number now another's, its new holder, a lawyer
        ("este cel era de mi hermano", Intent.stop),
        ("nadie aquí se llama Brenda", Intent.stop),
        ("I just got this number, please update your records", Intent.stop),
        ("I'm his lawyer, do not text my client", Intent.stop),
        ("there's no Marisol here", Intent.stop),
        ("Roberto passed away in May", Intent.stop),
        ("she is deceased", Intent.stop),
        ("that's not my name", Intent.stop),
        ("I don't know who that is", Intent.stop),
        # fewer texts, whether they are needed, leaving the program: ask once
        ("is there a way to get fewer texts?", Intent.maybe_stop),
        ("do I really need all these reminders", Intent.maybe_stop),
        ("ya no quiero estar en el programa", Intent.maybe_stop),
        ("I already completed the program", Intent.maybe_stop),
        ("ya no estoy en ese programa", Intent.maybe_stop),
        ("I'm done for the day, can't make it tonight", Intent.no),
        # negated misses and stops that say yes; there already
        ("nothing's stopping me", Intent.yes),
        ("Not missing this one", Intent.yes),
        ("I'm here, where do I go?", Intent.yes),
        # an hour one can only do; what the message is about; answers promised for later
        ("I can only come after 6pm", Intent.reschedule),
        ("no sé de qué se trata este mensaje", Intent.help),
        ("i'll text you back later im at work", Intent.unknown),
        ("Creo que sí pero le confirmo mañana", Intent.unknown),
        # who wrote, how to answer, which meeting: what the help reply answers
        ("who messaged me?", Intent.help),
        ("¿Cómo confirmo?", Intent.help),
        ("what do I text back?", Intent.help),
        ("which meeting is this", Intent.help),
        ("whose number is this?", Intent.help),
        ("¿y ustedes quiénes son?", Intent.help),
        ("qué programa?", Intent.help),
        ("how does this work", Intent.help),
        # fewer, not none: ask once
        ("can you text me less often", Intent.maybe_stop),
        # an "ok" or "yes" that opens a refusal only acknowledges our text
        ("Ok, I won't be able to go", Intent.no),
        ("sí, no voy a poder llegar", Intent.no),
        ("yes, no problem", Intent.yes),
        ("I'll be there, no matter what", Intent.yes),
        # greetings answer nothing; "stop" of a feeling is no stop; "not sure what this is"
        ("Good morning, sadly I will not be able to serve this Saturday", Intent.no),
        ("yes, stop worrying, I'll be there", Intent.yes),
        ("got your text, not sure what it's about", Intent.help),
        # acknowledgements of the radio and the street; a "copy" of a paper is no yes
        ("roger that", Intent.yes),
        ("10-4", Intent.yes),
        ("ok ahí nos vidrios", Intent.yes),
        # Spanish progressive and "párenle a"; no longer at this number; all communication
        ("no me estén llamando ni texteando", Intent.stop),
        ("ya no nos busquen por favor", Intent.stop),
        ("bájeme de su lista", Intent.stop),
        ("párenle a sus mensajes", Intent.stop),
        ("she's no longer at this number", Intent.stop),
        ("please end all contact", Intent.stop),
        # another engagement, a soft decline, out for a day: a no
        ("I have class that evening, sorry", Intent.no),
        ("tengo una cita con el doctor ese día", Intent.no),
        ("can't this time, maybe next time", Intent.no),
        ("gonna have to skip this one, sorry", Intent.no),
        ("I won't be attending, sorry", Intent.no),
        ("negativo", Intent.no),
        # a question of how to be there after "but" keeps the yes; one that doubts it does not
        ("yes but where do I park?", Intent.yes),
        ("sí, pero ¿dónde queda?", Intent.yes),
        ("ok but what meeting?", Intent.unknown),
        ("yes, I don't know where it is but I'll find it", Intent.yes),
        ("no se va a poder esta vez", Intent.no),
        # whether the texts end, whether still needed, no need to keep on: ask once
        ("is the texting ever going to stop?", Intent.maybe_stop),
        ("case closed, do I still need to get these?", Intent.maybe_stop),
        ("you don't need to keep reminding me, I know", Intent.maybe_stop),
        # how often: "chill with the texts", "every day", "tantos"; "the first time"
        ("relax with the reminders lol", Intent.maybe_stop),
        ("y'all message me all the time", Intent.maybe_stop),
        ("no me estén mandando tantos porfa", Intent.maybe_stop),
        ("ok ok I heard you the first time", Intent.maybe_stop),
        ("erase this number", Intent.stop),
    ],
)
def test_the_fourth_blind_sets_classes_in_other_words(text, intent):
    assert interpret(text) is intent


@pytest.mark.parametrize(
    "text",
    [
        "I don't know any Spanish, sorry",  # a language, not a person
        "Grandma passed away, I can't come",  # a relative of the sender: a no
        "my phone died yesterday, what time is it?",
        "he passed the test so he's coming",
        "no conozco a nadie allá",
        "stop texting me, when will it end?",  # an angry question, no condition
        "I'm over there by the bus stop",
    ],
)
def test_near_classes_are_no_stop(text):
    assert interpret(text) is not Intent.stop or "texting" in text
    assert read_by_rules(text).intent is not Intent.maybe_stop or "texting" in text


@pytest.mark.parametrize(
    "text", ["no entendí el mensaje", "why is my daughter getting these texts?"]
)
def test_not_understanding_and_a_relative_asking_are_help_to_the_rules(text):
    # Help to the rules; the model beside them may still ask once whether it is a stop (a
    # "no" near "mensaje", "why ... texts"), the safe side.
    assert read_by_rules(text).intent is Intent.help
    assert interpret(text) in (Intent.help, Intent.maybe_stop)


@pytest.mark.parametrize(
    "text",
    [
        "not busy that Saturday, I can do it",
        "no conflicts on my end",
        "I won't be late this time",
        "nothing will keep me away",
        "no tengo nada ese día, sí puedo",
        "how could I say no",
    ],
)
def test_a_refusals_word_negated_is_a_yes_to_the_rules(text):
    # A yes to the rules; the model may read the "no" words and dispute it (then a person
    # reads it): never a no.
    assert read_by_rules(text).intent is Intent.yes
    assert interpret(text) in (Intent.yes, Intent.unknown)


def test_a_copy_of_a_paper_is_no_yes():
    assert interpret("Copy") is Intent.yes
    assert read_by_rules("I need a copy of my agreement").intent is not Intent.yes


def test_a_help_question_the_model_reads_as_a_stop_is_asked_about_once():
    # "this number" leads the model to a stop; over a question the rules read as help, the
    # sender is asked once, never opted out on a guess.
    text = "Who is texting me from this number?"
    assert read_by_rules(text).intent is Intent.help
    assert interpret(text) in (Intent.help, Intent.maybe_stop)


def test_an_angry_stop_question_is_still_a_stop():
    assert interpret("stop texting me, when will it end?") is Intent.stop


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ('Liked "Thank you, see you Tuesday!"', Intent.unknown),
        ("Le gustó “Gracias, nos vemos el martes”", Intent.unknown),
        ('Liked "Ok, we\'ll let the coordinator know"', Intent.unknown),
        ('Liked "Hi Ana, your meeting is on Tue. Reply Y to confirm or CHANGE"', Intent.yes),
        ("Le gustó «Recordatorio: su reunión es mañana…»", Intent.yes),
        # the present tense some phones use: "Me gusta «…»", "No me gusta «…»"
        ("Me gusta «Recordatorio: su reunión es mañana. Responda SÍ para confirmar»", Intent.yes),
        ("No me gusta «Recordatorio: su reunión es mañana. Responda SÍ»", Intent.no),
    ],
)
def test_a_reaction_to_a_text_not_ours_answers_nothing(text, intent):
    assert interpret(text) is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # words after the quoted text are the person's own: they decide, not the reaction
        ("Liked “Your panel is Tuesday. Reply Y to confirm”\nwait no, stop texting me", Intent.stop),
        ("Le gustó «Recordatorio de su reunión, responda SÍ»  pero ya no me manden mensajes", Intent.stop),
        ('Liked "Reply Y to confirm your meeting" can it be later tho', Intent.reschedule),
        # an apostrophe inside the quote, a cut quote, an emoji after it: still only a reaction
        ("Liked “Reply Y to confirm your panel, we'll see you Tuesday”", Intent.yes),
        ("Liked “Your meeting reminder: Tuesday at 6…", Intent.yes),
        ("Liked “Reply Y to confirm your panel” 👍", Intent.yes),
    ],
)  # fmt: skip
def test_a_reaction_followed_by_words_is_read_by_its_words(text, intent):
    assert interpret(text) is intent


@pytest.mark.parametrize(
    "text",
    [
        "please don't take me off, I still need these",
        "sigan enviándome los mensajes, no los paren porfa",
        "no quiero que dejen de mandarme los textos",
    ],
)
def test_a_stop_taken_back_stands_against_the_model(text):
    # The texts are wanted: neither a restart nor a stop the model might raise.
    rules = read_by_rules(text)
    assert rules.wanted
    assert read(text).intent is Intent.unknown


def test_a_hedge_is_settled_by_the_rules():
    # "probably yes" holds a yes the model would take: the rules settle that there is none.
    assert read_by_rules("probably yes, need to confirm with work").settled
    assert interpret("probably yes, need to confirm with work") is Intent.unknown
