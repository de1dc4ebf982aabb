"""The small reply model: its weights file, what it reads, and how it is combined with the rules."""

import numpy as np
import pytest

from notifications import reply_model
from notifications.replies import Intent, read, read_by_rules
from notifications.reply_model import CLASSES, WEIGHTS, combine, probabilities
from notifications.reply_model_train import corpus_hash, corpus_rows, fit


def _probs(**given: float) -> dict[str, float]:
    return {c: given.get(c, 0.0) for c in CLASSES} | {"unknown": given.get("unknown", 0.01)}


def test_the_weights_ship_in_the_package_and_load_with_numpy_alone():
    model = reply_model.model()
    assert WEIGHTS.parent.name == "notifications" and WEIGHTS.stat().st_size < 1_000_000
    assert model.coef.shape == (len(CLASSES), len(model.index)) == (len(CLASSES), model.idf.size)
    assert abs(sum(probabilities("stop").values()) - 1) < 1e-6


def test_the_weights_are_of_the_corpus_as_it_is():
    # A corpus file changed without `python -m notifications.reply_model_train` fails here.
    assert reply_model.model().corpus == corpus_hash()


def test_the_trainer_reproduces_the_shipped_weights():
    arrays = fit(corpus_rows())
    shipped = reply_model.model()
    names = arrays["vocab"].tobytes().decode().split("\n")
    assert names == list(shipped.index)
    assert np.allclose(arrays["coef"], shipped.coef, atol=1e-3)
    assert np.allclose(arrays["intercept"], shipped.intercept, atol=1e-3)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("stop", "stop"),
        ("dejen de mandarme mensajes", "stop"),
        ("yes I'll be there", "yes"),
        ("sí, ahí estaré", "yes"),
        ("no puedo ese día", "no"),
        ("can we do next week instead?", "reschedule"),
        ("help", "help"),
        ("start", "start"),
    ],
)
def test_the_model_alone_reads_plain_replies(text, intent):
    probs = probabilities(text)
    assert max(probs, key=probs.__getitem__) == intent


def test_the_model_abstains_on_words_it_never_saw():
    assert not any(probabilities("menu").values())  # a volunteer's page, not a stop
    assert read("menu").intent is Intent.unknown
    assert read("#2").intent is Intent.unknown  # a choice from a list: the rules' alone


def test_the_rules_stop_always_stands():
    assert combine("stop", _probs(yes=0.99)) == "stop"


def test_a_stop_the_model_is_sure_of_is_a_stop():
    assert combine("unknown", _probs(stop=0.9)) == "stop"
    assert combine("maybe_stop", _probs(stop=0.99)) == "maybe_stop"  # asked already
    assert combine("start", _probs(stop=0.99)) == "start"  # never overrules a restart


def test_the_rules_help_stands_and_a_sure_stop_beside_it_is_asked_about():
    assert combine("help", _probs(stop=0.5, maybe_stop=0.4)) == "help"
    assert combine("help", _probs(stop=0.8)) == "maybe_stop"


def test_where_the_rules_found_the_texts_wanted_the_model_raises_no_stop():
    assert combine("unknown", _probs(stop=0.9), wanted=True) == "unknown"


def test_a_possible_stop_is_asked_about_never_read_as_no():
    assert combine("unknown", _probs(stop=0.4, maybe_stop=0.3)) == "maybe_stop"
    assert combine("no", _probs(no=0.7, maybe_stop=0.25)) == "maybe_stop"
    assert combine("no", _probs(no=0.9, maybe_stop=0.05)) == "no"


def test_a_yes_and_a_no_in_dispute_go_to_a_person():
    assert combine("no", _probs(yes=0.7)) == "unknown"
    assert combine("yes", _probs(no=0.7)) == "unknown"
    assert combine("yes", _probs(yes=0.9)) == "yes"


def test_the_model_answers_only_where_the_rules_found_nothing_and_it_is_sure():
    assert combine("unknown", _probs(yes=0.95)) == "yes"
    assert combine("unknown", _probs(yes=0.6)) == "unknown"
    assert combine("help", _probs(yes=0.95)) == "help"


def test_the_model_abstaining_leaves_the_rules():
    assert combine("no", dict.fromkeys(CLASSES, 0.0)) == "no"


def test_a_plain_no_both_readers_see_is_a_no():
    assert read("please cancel my seat, I got sick").intent is Intent.no


@pytest.mark.parametrize(
    ("text", "rules", "combined"),
    [
        # the price of the second reader, on replies of the rules' own tests
        ("I will not be there", Intent.no, Intent.unknown),
    ],
)
def test_where_the_model_makes_the_rules_reading_safer(text, rules, combined):
    assert read_by_rules(text).intent is rules
    reading = read(text)
    assert reading.intent is combined and reading.says_more  # a person sees it


@pytest.mark.parametrize(
    ("text", "rules", "safe"),
    [
        # the model hears a possible stop beside the rules' no: asked once, never just a no
        ("count me out for Friday", Intent.no, (Intent.no, Intent.maybe_stop)),
        # staying in the program, which the model half reads as leaving it: asked, or a person
        ("quiero seguir participando en el programa", Intent.unknown, (Intent.unknown, Intent.maybe_stop)),
        # what our text is about: the help reply answers it, or a person does
        ("is this court related?", Intent.unknown, (Intent.unknown, Intent.help)),
    ],
)  # fmt: skip
def test_where_the_readers_differ_the_reply_is_asked_about_or_read_by_a_person(text, rules, safe):
    assert read_by_rules(text).intent is rules
    assert read(text).intent in safe and read(text).says_more


def test_a_sure_model_reads_what_the_rules_did_not():
    assert combine("unknown", _probs(yes=0.75)) == "yes"
    assert combine("reschedule", _probs(yes=0.85)) == "yes"  # "yes I can, no change needed"
    assert combine("reschedule", _probs(yes=0.75)) == "reschedule"
    assert combine("yes", _probs(unknown=0.95)) == "yes"  # a yes with a question still confirms
    assert combine("unknown", _probs(no=0.75, unknown=0.25)) == "unknown"  # a no needs more
    assert combine("unknown", _probs(no=0.9, unknown=0.1)) == "no"
    assert combine("reschedule", _probs(no=0.7, yes=0.3)) == "reschedule"  # doubted yes: not a no


def test_a_stop_the_model_reads_as_a_restart_is_asked_about():
    assert combine("stop", _probs(start=0.9)) == "maybe_stop"
    assert combine("stop", _probs(start=0.6, stop=0.4)) == "stop"


def test_the_leave_one_file_out_table_counts_what_issue_17_asks():
    from notifications.reply_model_folds import table

    rows = [
        {"origin": "a", "intent": "stop", "text": "stop"},
        {"origin": "a", "intent": "yes", "text": "si"},
        {"origin": "b", "intent": "maybe_stop", "text": "too many"},
    ]
    out = table(rows, {"rules": ["stop", "no", "stop"]}).splitlines()
    assert out[1].split() == ["a", "rules", "50.0", "%", "100.0", "%", "(1/1)", "0", "1", "0"]
    assert out[2].split()[-3:] == ["0", "0", "1"]  # a maybe-stop read as stop is a false stop
    assert out[3].split()[:4] == ["all", "rules", "33.3", "%"]
