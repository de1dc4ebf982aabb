"""The small reply model shipped beside the rules, and how the two readings are combined.

The weights (`reply_model.npz`, written by `python -m notifications.reply_model_train`) are read
with numpy once; nothing is downloaded. The model reads the same cleaned words as the rules
(`reply_features`) and gives a probability to each intent. The rules keep what must not be
lost (their stop, restart and maybe-stop); the model's answer is taken where it is sure, and it
makes a reading safer (a likely stop asked about, a disputed yes or no shown to a person): see
`combine`.
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


# Thresholds on the model's probabilities, chosen on the sixteen training parts (8,000 replies,
# each read by rules never tuned on it and by a model trained without it), never on a blind set:
# 91.5 % with the rules first (session 8's combination) -> 92.8 %, stop recall 97.9 % both, no
# stop read as no, 4 yeses read as no both, false stops 31 -> 28. Trusting the model further
# (taking its "unknown", or its answers at 0.6) gave up to 93.7 %, but undid classes the issue
# settles ("a yes with a question confirms") and conditional answers ("voy solo si es a las 8").
STOP_SURE = 0.7  # the model's stop is a stop; a lesser stop of its own is asked about
ASK = 0.6  # the model's stop and maybe-stop together: ask once rather than read anything else
ASK_AFTER_NO = 0.2  # lower before a no: a stop read as a no declines and keeps texting
SURE = 0.8  # the model's answer over the rules' maybe-stop, or its no where the rules found none
TAKE = 0.7  # the model's other answers where the rules found none
OVERRULE = 0.8  # the model's answer over the rules' yes, no or reschedule
DISAGREE = 0.6  # the model's yes against the rules' no (or the reverse): a person reads it
# A no declines a seat: unless the rules read it too, it needs the model at least this sure of
# it and no more than this sure of a yes; otherwise a person reads the reply.
NO_SURE = 0.5
YES_DOUBT = 0.2


def combine(
    rules: str, probs: dict[str, float], settled: bool = False, wanted: bool = False
) -> str:
    """The intent to act on, from the rules' reading and the model's probabilities.

    The rules keep what must not be lost: their stop and start stand (a stop the model reads as
    a restart is asked about), their maybe-stop gives way only to a no or another time the model
    is sure of, and their help stands unless the model is sure of a stop. Elsewhere a stop the
    model is sure of is a stop and a likely one is asked about; a yes or no the two dispute goes
    to a person (`unknown`); the model's answer replaces the rules' when it is very sure
    (`OVERRULE`) and answers where they found none when it is sure (`TAKE`); its "unknown"
    never takes an answer away. A no beside any likely stop is asked about, and a no the rules
    did not read needs the model sure of it and not of a yes. Where the rules found both a yes
    and a no (`settled`) or the texts `wanted` (a stop taken back), their reading stands.
    """
    if not any(probs.values()) or wanted:
        return rules  # the model abstained, or the rules read the stop taken back
    best = max(probs, key=probs.__getitem__)
    if rules == "stop":
        # "don't stop, keep them coming": a stop to the rules, a restart to the model; unless
        # the rules read that restart refused ("nunca vuelvan a mandarme": `settled`)
        asked = best == "start" and probs[best] >= SURE and not settled
        return "maybe_stop" if asked else rules
    if rules == "start":
        return rules
    if rules == "maybe_stop":
        # asked about already; a sure no or another time is the answer, not a question
        said = best if best in ("no", "reschedule") and probs[best] >= SURE else rules
    elif rules == "help":
        # "who is texting me from this number?": the help reply answers it, a person reads it
        said = "maybe_stop" if probs["stop"] >= STOP_SURE else rules
    else:
        said = _models_reading(rules, best, probs, settled)
    if said == "no" and probs["stop"] + probs["maybe_stop"] >= ASK_AFTER_NO:
        return "maybe_stop"
    if said == "no" and rules != "no" and (probs["no"] < NO_SURE or probs["yes"] > YES_DOUBT):
        return "unknown"
    return said


def _models_reading(rules: str, best: str, probs: dict[str, float], settled: bool) -> str:
    """The model's answer where the rules read a yes, no, reschedule or nothing, made safe."""
    if best == "stop":
        return "stop" if probs["stop"] >= STOP_SURE else "maybe_stop"
    if probs["stop"] + probs["maybe_stop"] >= ASK:
        return "maybe_stop"
    if settled:
        return rules  # "sí y no", a hedge: the rules found no answer to take
    if {rules, best} == {"yes", "no"}:
        return "unknown" if probs[best] >= DISAGREE else rules  # a person reads a dispute
    if best == "unknown":
        return rules  # the model found no answer; "yes, is there parking?" still confirms
    need = (SURE if best == "no" else TAKE) if rules == "unknown" else OVERRULE
    return best if probs[best] >= need else rules
