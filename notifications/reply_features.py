"""The features the reply model reads: words, word pairs and letter runs of the normalised reply.

One function serves training (`reply_model_train`) and reading (`reply_model`), so the two can
never drift apart. The text is first cleaned as the rules clean it (`reply_normalise`: quotes of
our own texts dropped, case, accents, repeated letters, slang), then cut into features:
- every word and every pair of neighbouring words ("w:stop", "w2:no|more"), a comma or question
  mark kept as a word, since "no, ..." and "no ...?" mean different things;
- every run of 2 to 5 letters inside a word padded with spaces ("c: sto"), which forgives the
  misspellings no word list foresaw ("unsubscrib", "stp", "mensages");
- the number of words, bucketed: a word alone means more than the same word in a long message.
"""

from __future__ import annotations

from collections import Counter

from notifications.reply_normalise import strip_quotes, words
from notifications.reply_spelling import correct

CHAR_SIZES = range(2, 6)


def tokens(text: str) -> list[str]:
    """The reply's words as the rules see them, misspellings of decisive words corrected."""
    return [correct(t) for t in words(strip_quotes(text))]


def features(text: str) -> Counter[str]:
    """Each feature of a reply with how often it occurs."""
    toks = tokens(text)
    found: Counter[str] = Counter()
    bare = [t for t in toks if t not in (",", "?")]
    found[f"n:{min(len(bare), 6)}"] += 1
    for a, b in zip(["<s>", *toks], [*toks, "</s>"], strict=True):
        found[f"w2:{a}|{b}"] += 1
    for token in toks:
        found[f"w:{token}"] += 1
        padded = f" {token} "
        for size in CHAR_SIZES:
            for i in range(len(padded) - size + 1):
                found[f"c:{padded[i : i + size]}"] += 1
    return found
