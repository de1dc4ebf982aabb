"""Questions about something else than our question: what replying a keyword does, and a who-ask
about one's own matter or the other party. Words only, so the word lists can use them.
"""

from __future__ import annotations

from notifications.reply_words import _split


def has_phrase(tokens: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether the words hold this phrase, in order and together."""
    n = len(phrase)
    return any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1))


# What replying a keyword does: "if I text CHANGE what happens", "si mando CAMBIO ¿qué pasa?"
_KEYWORDS = frozenset(_split("change,cambio,cambiar,y,n,c,start,help,ayuda,yes,si,no"))
_REPLYING = frozenset(
    _split("text,reply,send,put,type,respond,answer,mando,pongo,contesto,respondo,escribo,envio")
)
_HAPPENS = (("what", "happens"), ("what", "will", "happen"), ("que", "pasa"), ("que", "pasaria"))


def asks_what_a_keyword_does(tokens: list[str]) -> set[int]:
    """Where a reply asks what replying one of our keywords does: those words, else none."""
    said = {
        i + 1 for i, w in enumerate(tokens[:-1]) if w in _REPLYING and tokens[i + 1] in _KEYWORDS
    }
    does = {i + 2 for i in range(len(tokens) - 3) if tokens[i : i + 2] == ["what", "does"]
            and tokens[i + 2] in _KEYWORDS and tokens[i + 3] == "do"}  # fmt: skip
    if does or (said and any(has_phrase(tokens, h) for h in _HAPPENS)):
        return set(range(len(tokens)))
    return set()


# Asked who or whom to call, about one's own matter or the other party: a person reads it
_ABOUT_MINE = (("about", "my"), ("regarding", "my"), ("sobre", "mi"), ("sobre", "mis"),
               ("about", "the", "other"), ("de", "mis"))  # fmt: skip
_OTHER_PARTY = frozenset(
    _split(
        "persona,person,victim,victima,senor,senora,guy,lady,mediator,mediador,mediadora,otro,"
        "otra,other,muchacho,muchacha,judge,juez,jueza"
    )
)


def asks_about_another_matter(tokens: list[str], end: int) -> bool:
    """After a who-ask ending at `end`: 'about my hours', 'la persona que va a estar'."""
    after = tokens[end : end + 3]
    mine = any(tuple(after[: len(p)]) == p for p in _ABOUT_MINE)
    return mine or bool(_OTHER_PARTY & set(after))
