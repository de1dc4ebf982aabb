"""Keywords that are the whole reply: carrier words, Spanish ones, and words that answer alone.

"STOP", "BAJA BAJA BAJA", "stop?" (asked: one question back), "cancel" (alone the carrier's
opt-out, with another word perhaps the meeting), "Strat", "Cheque" (Mexican "OK": alone only,
as it is also a bank cheque). Used by `replies` before it reads the reply's phrases.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from notifications import reply_clauses, reply_edges, reply_words_more, reply_words_turns
from notifications.reply_normalise import QUESTION
from notifications.reply_questions import CLAUSE_ENDS
from notifications.reply_spelling import KNOWN
from notifications.reply_words import (
    ALONE_ONLY,
    HELP_ALONE,
    MAYBE_ALONE,
    POLITE,
    START_ALONE,
    STOP_ALONE,
)


def whole(core: list[str], tokens: list[str]) -> str | None:
    """A keyword that is the whole reply, give or take 'please' ('STOP', 'ayuda por favor')."""
    joined = " ".join(core)
    bare = [t for t in tokens if t not in CLAUSE_ENDS]
    if joined in ALONE_ONLY:
        # CANCEL, END, QUIT alone are the carrier's opt-out; "cancel please" could be the meeting.
        return "stop" if len(bare) == 1 else "maybe_stop"
    if len(core) > 1 and len(set(core)) == 1 and core[0] in STOP_ALONE:
        joined = core[0]  # a keyword said again and again: "BAJA BAJA BAJA"
    if joined in STOP_ALONE or _near_stop(core) or joined in reply_words_more.MORE_STOP_ALONE:
        # "stop?" asks what it does, or whether to: one question back, never a guess
        return "maybe_stop" if tokens[-1] == QUESTION else "stop"
    if " ".join(t for t in bare if t not in POLITE) in MAYBE_ALONE or set(core) == {"stopsign"}:
        return "maybe_stop"
    first = next(iter(reply_clauses.clauses(_without_courtesy(tokens), CLAUSE_ENDS)), [])
    # START opening a reply that says no more of stopping: "Start porfa, quiero los recordatorios"
    opens = " ".join(first) in START_ALONE and not _STOPPING & set(tokens)
    if joined in START_ALONE or opens or _near(core, "start") or reply_edges.yes_start(core):
        return "start"  # "Start porfa, quiero los recordatorios", "Strat", "Yes start"
    if joined in reply_words_turns.RESCHEDULE_ALONE:
        return "reschedule"  # "Chance": voice-to-text of CHANGE (BLIND5.md)
    if joined in reply_words_more.ANSWER_ALONE:
        return reply_words_more.ANSWER_ALONE[joined]  # "Cheque", "Nelson"
    if joined in HELP_ALONE:
        return "help"
    if [w for w in core if w not in ("it", "the", "this", "that", "all", "everything", "todo")] in (
        [w] for w in ALONE_ONLY
    ):
        return "maybe_stop"  # "cancel it", "the end"
    return None


def _near_stop(core: list[str]) -> bool:
    """A whole reply of one unknown word a letter away from STOP ("sop", "stpo", "srop")."""
    return _near(core, "stop")


_STOPPING = reply_clauses.STOPPING | STOP_ALONE | {"no", "not", "dont", "never", "nunca"}


def opens_with_stop(tokens: list[str]) -> bool:
    """Whether the reply's first clause is a stop keyword alone, give or take 'please' ("Stop?"
    asks, and is not one)."""
    plain = _without_courtesy(tokens)
    end = next((i for i, t in enumerate(plain) if t in CLAUSE_ENDS), len(plain))
    return " ".join(plain[:end]) in STOP_ALONE and plain[end : end + 1] != [QUESTION]


def _near(core: list[str], keyword: str) -> bool:
    """A whole reply of one unknown word a letter away from a keyword ("stpo", "strat")."""
    return len(core) == 1 and core[0] not in KNOWN and OSA.distance(core[0], keyword) <= 1


def _without_courtesy(tokens: list[str]) -> list[str]:
    """The words without courtesy ("please", "porfa"), clause marks kept."""
    return [t for t in tokens if t not in POLITE]
