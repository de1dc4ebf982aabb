"""Turn a raw SMS reply into the words that carry its answer: reactions, quotes, emoji, spelling."""

from __future__ import annotations

import re
import unicodedata

from notifications.reply_words import _split

# Fragments of our own texts: a passage holding one is our message quoted back, not a reply.
PROMPT_MARKS = _split(
    "reply y to,reply y or n,reply y for yes,if you need another time,invites you to serve,"
    "questions call,need another time reply change,responda si,responda cambiar,"
    "si necesita otra fecha,le invita a participar,preguntas llame,puede asistir responda,"
    "do you want us to stop texting you,reply stop to stop,quiere que dejemos de enviarle,"
    "responda stop para no recibir,"
    # Our prompts as other phones and translators render them (blind3): "Responda Y para
    # confirmar o CHANGE si necesita otra hora"
    "responda y para confirmar,responda y o n,si necesita otra hora,para confirmar o change,"
    "para confirmar o cambiar,reply y to confirm,reply y to accept"
)

# Abbreviations, slang spellings and common typos of the short words that matter.
SLANG = {
    "pls": "please", "plz": "please", "plez": "please", "pleas": "please", "porfa": "por favor",
    "porfavor": "por favor", "xfa": "por favor", "xfavor": "por favor", "msg": "message",
    "msgs": "messages", "msging": "messaging", "msj": "mensaje", "msjs": "mensajes",
    "mjs": "mensajes", "txt": "text", "txts": "texts", "txting": "texting", "u": "you",
    "ur": "your", "r": "are", "b": "be", "c": "see", "cu": "see you", "k": "ok", "kk": "ok",
    "okk": "ok", "okey": "ok", "oky": "ok", "oki": "ok", "okie": "ok", "okay": "ok",
    "yse": "yes", "ues": "yes", "tes": "yes", "yez": "yes", "yess": "yes", "yeas": "yes",
    "yas": "yes", "ye": "yes", "yeh": "yeah", "yah": "yeah", "yea": "yeah", "yeap": "yep",
    "stp": "stop", "sto": "stop", "stopp": "stop", "sstop": "stop", "unsub": "unsubscribe",
    "estop": "stop", "eztop": "stop", "estopp": "stop", "mor": "more",
    "kiero": "quiero", "q": "que", "xq": "porque", "pq": "porque", "diff": "different",
    "resched": "reschedule", "thx": "thanks", "ty": "thanks", "tmrw": "tomorrow",
    "dnt": "dont", "cnt": "cant", "im": "im", "ima": "im going to", "gonna": "going to",
    "wanna": "want to", "sii": "si", "sip": "si", "noo": "no", "nah": "nah", "nahh": "nah",
    "naw": "nah", "nop": "nope", "nopee": "nope", "aight": "alright", "ight": "alright",
    "fosho": "for sure", "def": "definitely", "ofc": "of course", "number": "number",
    "stahp": "stop", "stawp": "stop", "problemo": "problem", "yuh": "yes", "yus": "yes",
    "sipi": "si", "sipo": "si", "simon": "simon", "reagenda": "reagendar", "nomore": "no more",
    "d": "de",
    # a letter doubled or a key next to it (blind3): "yy", "yed", "nn"
    "okok": "ok", "vidrios": "vemos",  # "ahí nos vidrios": slang for "nos vemos"
    "yano": "ya no", "yy": "yes", "yed": "yes", "yws": "yes", "yss": "yes", "nn": "no",
    "ys": "yes",  # a letter dropped (blind5)
}  # fmt: skip

# Tokens that end a clause: a negation or a "but" does not reach past them.
COMMA, QUESTION = ",", "?"

# iPhone and Android send a reaction to our text as a text of their own: `Liked "…"`,
# `Le gustó "…"`, `Reacted 👍 to "…"`. What it means is the reaction, never the quoted words.
_REACTION = re.compile(
    r"""^\s*(?P<verb>liked|loved|disliked|laughed\ at|emphasi[sz]ed|questioned
        |removed\ an?\ \w+\ from|reacted\ (?P<emoji>\S+)\ to
        |le\ (?:ha\ )?gust(?:[oó]|ado)|le\ (?:ha\ )?encant(?:[oó]|ado)
        |no\ le\ (?:ha\ )?gust(?:[oó]|ado)|se\ (?:ha\ )?re[ií]do\ de
        |(?:no\ )?(?:me|le)\ gusta|(?:me|le)\ encanta
        |(?:ha\ )?enfatiz(?:[oó]|ado)|(?:ha\ )?destac(?:[oó]|ado)|(?:ha\ )?pregunt(?:[oó]|ado)
        |(?:ha\ )?reaccion(?:ó|o|ado)\ con\ (?P<emoji_es>\S+)\ a)
        \s*["“”«„'‘]""",
    re.IGNORECASE | re.VERBOSE,
)
# A reaction to a text that is none of our prompts (a coordinator's "Thanks, see you Saturday!",
# the person's own "Yes") answers none of our questions (BLIND2.md, BLIND4.md): our prompts
# always name the meeting, the invitation or the update.
_OUR_WORDS = re.compile(
    r"reminder|recordatorio|meeting|reunion|invite|invita|update|actualizacion|panel|hearing|"
    r"audiencia|program|reply|responda|calendar|calendario"
)
# Our acknowledgements open with thanks and ask nothing; our prompts ask for a reply
_THANKS = re.compile(r"^\W*(thank you|thanks|gracias)\b")
_ASKS = re.compile(r"reply|responda|conteste")
# "Le gustó" and, on some phones, the perfect "Le ha gustado".
_REACTION_YES = ("liked", "loved", "le gust", "le ha gust", "le encant", "le ha encant", "me gusta",
                 "me encanta")  # fmt: skip
_REACTION_NO = ("disliked", "no le gust", "no le ha gust", "no me gusta")

# A quoted passage long enough to be one of our texts ("…", “…”, «…»).
_QUOTED = re.compile(r"[\"“«„]([^\"”»]{25,})[\"”»]?")
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(original message|mensaje original)\s*-{2,}\s*$", re.I)
_ATTRIBUTION = re.compile(r"^\s*(on|el)\b.*\b(wrote|escribi[oó])\s*:?\s*$", re.IGNORECASE)

# Emoji with a clear meaning become words; every other emoji and skin tone is dropped.
EMOJI_WORDS = {
    "👍": "yes", "👌": "yes", "✅": "yes", "✔": "yes", "☑": "yes", "🆗": "ok", "💯": "yes",
    "🙌": "yes", "🤝": "yes", "👎": "no", "❌": "no", "✖": "no", "🙅": "no",
    "🛑": "stopsign", "🚫": "stopsign", "❤": "yes",
    # a salute is "will do", a raised hand "count me in" (BLIND8.md, BLIND11.md)
    "🫡": "yes", "🙋": "yes",
}  # fmt: skip


def reaction(text: str) -> str | None:
    """'yes', 'no', 'maybe_stop' or 'other' for a phone's reaction to our message, else None."""
    match = _REACTION.match(text)
    if match is None or _words_after_quote(text[match.end() :]):
        return None  # 'Liked "…" Actually no, stop texting me': words of their own follow
    emoji = match.group("emoji") or match.group("emoji_es")
    if emoji:
        word = EMOJI_WORDS.get(_drop_modifiers(emoji))
        if emoji.startswith("❤"):
            word = "yes"
        if word == "stopsign":
            return "maybe_stop"  # 🛑 on a reminder: stop these, or stop there? Ask (BLIND14.md)
        return word if word in ("yes", "no") else "other"
    verb = _fold(match.group("verb"))
    quoted = _fold(text[match.end() :])
    if not _OUR_WORDS.search(quoted):
        return "other"  # 'Loved "Thanks Ms. Patel, see you Saturday!"': no prompt of ours
    if _THANKS.match(quoted) and not _ASKS.search(quoted):
        return "other"  # our own thanks ("Thank you, Gabe! You are confirmed ..."): nothing asked
    if verb.startswith(_REACTION_NO):
        return "no"
    return "yes" if verb.startswith(_REACTION_YES) else "other"


def _words_after_quote(quoted: str) -> bool:
    """Whether words follow the closing mark of a reaction's quoted text (a cut quote has none)."""
    end = max(quoted.rfind(mark) for mark in '"”»')
    return end >= 0 and re.search(r"[^\W\d_]{2,}", quoted[end + 1 :]) is not None


def _is_prompt(passage: str) -> bool:
    """Whether a passage is (most of) one of our own texts, quoted back to us."""
    flat = " ".join(words(passage, quoted=True))
    return any(mark in flat for mark in PROMPT_MARKS)


def strip_quotes(text: str) -> str:
    """The reply without our own message quoted above or below it."""
    match = _REACTION.match(text)
    if match is not None and _words_after_quote(text[match.end() :]):
        # 'Reacted 👎 to "…reminder…" not Jose': the words after the quote are the reply
        rest = text[match.end() :]
        text = rest[max(rest.rfind(mark) for mark in '"”»') + 1 :]
    kept = []
    for line in text.splitlines():
        if _ORIGINAL.match(line):
            break  # "-----Original Message-----": what follows is ours, quoted
        if line.lstrip().startswith(">") or _ATTRIBUTION.match(line):
            continue  # e-mail style quoting, and its "On …, X wrote:" line
        kept.append(line)
    text = "\n".join(kept)
    text = _QUOTED.sub(lambda m: " " if _is_prompt(m.group(1)) else m.group(0), text)
    # A pasted prompt without quote marks: drop any line that is one of our texts.
    return "\n".join(line for line in text.splitlines() if not _is_prompt(line))


def _drop_modifiers(text: str) -> str:
    # Skin tones (U+1F3FB..U+1F3FF) and variation selectors only colour an emoji.
    return re.sub("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f]", "", text)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def words(text: str, *, quoted: bool = False) -> list[str]:
    """Lower-case words without accents, apostrophes or emoji; ',' and '?' mark clause ends.

    Letters repeated three times or more become one ("stooop", "siii"); single letters spaced
    out become a word ("S T O P"); a zero between letters is an o ("st0p"); slang and
    abbreviations become their word ("pls", "msgs", "kiero").
    """
    text = _drop_modifiers(text)
    for emoji, word in EMOJI_WORDS.items():
        text = text.replace(emoji, f" {word} ")
    text = _fold(text)
    text = re.sub(r"(?<=[a-z])0(?=[a-z])", "o", text)
    text = re.sub(r"['’`´]", "", text)  # "can't" -> "cant", "I'll" -> "ill"
    text = text.replace("#", " number ")
    text = re.sub(r"\?+", " ? ", text)
    text = re.sub(r"\bw/o\b", " without ", text)  # "w/o", "w/ the texts" before "/" cuts
    text = re.sub(r"\bw/", " with ", text)
    text = re.sub(r"[.,;:!¡¿\n()/]+|\s-+\s", " , ", text)
    text = re.sub(r"[^0-9a-z?,]+", " ", text)
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    tokens = _join_spelt_out(text.split())
    out: list[str] = []
    for token in tokens:
        out.extend(SLANG.get(token, token).split())
    if quoted:
        return [t for t in out if t not in (COMMA, QUESTION)]
    return _tidy(out)


def _join_spelt_out(tokens: list[str]) -> list[str]:
    """'s t o p' -> 'stop': a run of three or more single letters is one spelt-out word."""
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        out.extend(["".join(run)] if len(run) >= 3 else run)
        run = []
        if token:
            out.append(token)
    return out


def _tidy(tokens: list[str]) -> list[str]:
    """No clause mark at the start, none doubled (a '?' wins over a ',')."""
    out: list[str] = []
    for token in tokens:
        if token in (COMMA, QUESTION) and (not out or out[-1] in (COMMA, QUESTION)):
            if out and token == QUESTION:
                out[-1] = QUESTION
            continue
        out.append(token)
    if out and out[-1] == COMMA:
        out.pop()
    return out
