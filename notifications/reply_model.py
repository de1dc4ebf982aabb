"""The small reply model shipped beside the rules, and how the two readings are combined.

The weights (`reply_model.npz`, written by `python -m notifications.reply_model_train`) are read
with numpy once; nothing is downloaded. The model reads the same cleaned words as the rules
(`reply_features`) and gives a probability to each intent. The rules stay first: the model is
a second reader that makes a reading safer (a likely stop asked about, a disputed yes or no
shown to a person) and answers only what the rules left unanswered (see `combine`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np

from notifications.reply_features import features, tokens

WEIGHTS = Path(__file__).resolve().parent / "reply_model.npz"
# A reply with less than half of its words seen in training is left to the rules: on words it
# never saw the model falls back on its prior, which for a short reply leans to "stop".
KNOWN_SHARE = 0.5
CLASSES = ("yes", "no", "reschedule", "stop", "maybe_stop", "start", "help", "unknown")


class Model:
    """The arrays of a weights file (or of the trainer), with the feature index built once."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        names = arrays["vocab"].tobytes().decode().split("\n")
        self.index = {name: i for i, name in enumerate(names)}
        self.idf = arrays["idf"]
        self.coef = arrays["coef"]
        self.intercept = arrays["intercept"]
        self.corpus = arrays["corpus"].tobytes().decode() if "corpus" in arrays else ""

    def probabilities(self, text: str) -> dict[str, float]:
        """Each intent's probability for this reply; all zero when it knows too few of its words."""
        if not knows_enough(text, self.index):
            return dict.fromkeys(CLASSES, 0.0)
        found = [(self.index[f], n) for f, n in features(text).items() if f in self.index]
        scores = self.intercept.astype(np.float64)
        if found:
            cols = np.array([i for i, _ in found])
            values = (1 + np.log([n for _, n in found])) * self.idf[cols]
            scores = scores + self.coef[:, cols] @ (values / np.linalg.norm(values))
        exp = np.exp(scores - scores.max())
        return dict(zip(CLASSES, (exp / exp.sum()).tolist(), strict=True))


def knows_enough(text: str, index: dict[str, int]) -> bool:
    """Whether most of the reply's words were seen in training: "menu" or "#2" are not for it."""
    bare = [t for t in tokens(text) if t not in (",", "?")]
    known = sum(f"w:{t}" in index for t in bare)
    return bool(bare) and known / len(bare) >= KNOWN_SHARE


@lru_cache(maxsize=1)
def model(path: Path = WEIGHTS) -> Model:
    """The shipped model, loaded on first use."""
    with np.load(path, allow_pickle=False) as data:
        return Model({name: data[name] for name in data.files})


def probabilities(text: str) -> dict[str, float]:
    """Each intent's probability for this reply, by the shipped model."""
    return model().probabilities(text)


# Thresholds on the model's probabilities, chosen on the leave-one-file-out figures
# (`python -m notifications.reply_model_folds --then`), never on the training fit.
STOP_SURE = 0.7  # the model alone makes a stop of what the rules read otherwise
ASK = 0.6  # the model's stop and maybe-stop together: ask once rather than read anything else
ASK_AFTER_NO = 0.2  # lower after the rules' "no": a stop read as a no declines and keeps texting
DISAGREE = 0.6  # the model's yes against the rules' no (or the reverse): a person reads it
TAKE = 0.8  # the model's answer where the rules found none
# The model's yes, no or reschedule over the rules' other reading (never over their stop,
# maybe-stop, start or help; a stop only by the lines above). On the eight training parts, each
# read by rules never tuned on it and a model trained without it: 90.8 -> 91.2 %, no stop or yes
# read as no (0.7: 91.6 %, but one stop read as no).
OVERRULE = 0.8


def combine(
    rules: str, probs: dict[str, float], settled: bool = False, wanted: bool = False
) -> str:
    """The intent to act on, from the rules' reading and the model's probabilities.

    The rules' stop, maybe-stop and start stand, and their help too (the help reply goes out
    and a person reads the words) unless the model is sure of a stop: then it is asked about
    once. Elsewhere a stop the model is sure of is a stop; a likely stop or maybe-stop the rules
    did not see is asked about (`maybe_stop`), never guessed. A yes or no the model contradicts
    goes to a person (`unknown`); where the rules found no answer, one the model is sure of is
    taken (and `read` shows it to a person too), unless the rules `settled` that the reply has
    none ("yes and no", a hedge), and a yes, no or reschedule it is very sure of (`OVERRULE`)
    replaces theirs. Where the rules found the texts `wanted` (a stop taken back: "do NOT
    unsubscribe me, I need these"), their reading stands.
    """
    if not any(probs.values()) or wanted:
        return rules  # the model abstained, or the rules read the stop taken back
    stopish = probs["stop"] + probs["maybe_stop"]
    best = max(probs, key=probs.__getitem__)
    if rules in ("stop", "maybe_stop", "start"):
        return rules  # a maybe-stop is asked about already; a restart is not overruled
    if rules == "help":
        # "who is texting me from this number?": the help reply answers it and a person reads
        # it; a stop the model is sure of is asked about once, never taken over a question
        return "maybe_stop" if probs["stop"] >= STOP_SURE else rules
    if probs["stop"] >= STOP_SURE:
        return "stop"
    if stopish >= (ASK_AFTER_NO if rules == "no" else ASK):
        return "maybe_stop"
    if {rules, best} == {"yes", "no"} and probs[best] >= DISAGREE:
        return "unknown"
    if settled:
        return rules  # the rules found both a yes and a no ("sí y no"): no answer to take
    if rules == "unknown" and best in ("yes", "no", "reschedule") and probs[best] >= TAKE:
        return best
    if best in ("yes", "no", "reschedule") and probs[best] >= OVERRULE:
        return best  # trained on 8,000 replies, a sure model reads new phrasings better
    return rules
