"""Render texts and emails (Jinja2 templates whose sentences are gettext messages) in the
recipient's language.

Each text is one language-neutral template, `messages/sms/NAME.txt`, each email a pair
`messages/email/NAME.{txt,html}`; their sentences are `_("...")` calls with `%(name)s`
placeholders, translated by the language's catalog (`notifications/i18n.py`). A language whose
catalog is incomplete is not spoken: the text goes out whole in English (`i18n.pick`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from notifications import i18n
from notifications.i18n import MESSAGES_DIR
from notifications.segments import (
    GSM7_BASIC,
    GSM7_EXTENSION,
    MULTI_LIMIT,
    count_segments,
    is_gsm7,
)

DEFAULT_TEMPLATES_DIR = MESSAGES_DIR
# Every rendered SMS should fit here; beyond it we fold accents to stay in GSM-7 (see below).
MAX_SEGMENTS = 2

_VOLUNTEER_HEARING = (
    "volunteer_name",
    "program_name",
    "role",
    "when",
    "venue_name",
    "venue_address",
    "ics_url",
    "meeting_url",
)
_PARTICIPANT_HEARING = (
    "person_name",
    "program_name",
    "when",
    "venue_name",
    "venue_address",
    "program_phone",
    "meeting_url",
)
# The contract with the service: each SMS template and the variables it needs. `meeting_url`
# is an online hearing's video link (empty in person), never shortened, sent only to the
# people on that hearing. `when` and the
# option strings are already formatted in the recipient's language and the program's time zone.
SMS_VARIABLES: dict[str, tuple[str, ...]] = {
    "volunteer_invite": _VOLUNTEER_HEARING,
    "volunteer_invite_reminder": _VOLUNTEER_HEARING,
    "volunteer_cancelled": ("volunteer_name", "program_name", "when"),
    "volunteer_hearing_changed": _VOLUNTEER_HEARING,
    "volunteer_accepted_ack": ("volunteer_name", "program_name", "when"),
    "volunteer_declined_ack": ("volunteer_name", "program_name", "when"),
    "participant_hearing": _PARTICIPANT_HEARING,
    # `confirmed`: the person has already confirmed this time, so the reminder does not ask again.
    "participant_reminder": (*_PARTICIPANT_HEARING, "days_before", "confirmed"),
    "participant_confirmed_ack": ("person_name", "program_name", "when"),
    "participant_reschedule_ack": ("person_name", "program_name", "when"),
    "participant_hearing_moved": (
        "person_name", "program_name", "when", "venue_name", "venue_address", "meeting_url",
    ),
    "participant_hearing_cancelled": ("person_name", "program_name", "program_phone"),
    "reschedule_options": ("person_name", "program_name", "options"),
    "which_request": ("items",),
    "help_reply": ("program_name", "program_phone"),
    "unknown_reply": ("program_name", "program_phone"),
    # Sent when a reply might be a request to stop texting: the one text that names STOP.
    "stop_question": ("program_name",),
    "opted_out_confirmation": ("program_name",),
    "opted_in_confirmation": ("program_name",),
    "obligation_reminder": (
        "person_name", "program_name", "obligation_label", "due_date_text", "progress_text",
    ),
    "case_completed": ("person_name", "program_name"),
    "self_service_link": ("volunteer_name", "url"),
    # A coordinator's own words from the inbox (limited to 300 characters by the form).
    "staff_reply": ("text",),
    # After a hearing: one survey question a text (`question` is the program's own, in the
    # person's language, with how to answer), a reminder, a re-ask, and thanks at the end.
    "survey_first": ("person_name", "program_name", "question"),
    "survey_next": ("question",),
    "survey_reminder": ("program_name", "question"),
    "survey_unclear": ("question",),
    "survey_thanks": ("person_name", "program_name"),
}  # fmt: skip
_EMAIL_HEARING = ("volunteer_name", "program_name", "role", "when", "venue_name", "venue_address")
EMAIL_VARIABLES: dict[str, tuple[str, ...]] = {
    "invite": _EMAIL_HEARING,
    "updated": _EMAIL_HEARING,
    "cancelled": ("volunteer_name", "program_name", "role", "when"),
}

# Typographic characters a template value may carry, and their GSM-7 look-alikes.
_GSM_LOOKALIKES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "Á": "A",
        "Í": "I",
        "Ó": "O",
        "Ú": "U",
        "á": "a",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ç": "c",
    }
)


def _first_name(full_name: str) -> str:
    """First word of a name: texts greet people by first name to leave room for the facts."""
    parts = full_name.split()
    return parts[0] if parts else full_name


@lru_cache(maxsize=16)
def _environment(templates_dir: Path, autoescape: bool, lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,  # a missing variable is a bug, never an empty gap
        autoescape=autoescape,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: `_("...", name=value)` fills the placeholders itself (escaping them in HTML).
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(lang, templates_dir / "i18n"), newstyle=True
    )
    env.filters["first_name"] = _first_name
    return env


def _dir(templates_dir: Path | str | None) -> Path:
    return Path(templates_dir) if templates_dir is not None else DEFAULT_TEMPLATES_DIR


def _names(folder: Path) -> list[str]:
    """The message names in a folder: `NAME.txt` files, not the `_parts` they share."""
    return sorted({p.name.split(".")[0] for p in folder.glob("*.*") if not p.name.startswith("_")})


def template_names(templates_dir: Path | str | None = None) -> list[str]:
    """Names of the SMS templates (the contract the service uses), sorted."""
    return _names(_dir(templates_dir) / "sms")


def available_languages(templates_dir: Path | str | None = None) -> list[str]:
    """The languages every text can be written in: English and each complete catalog, sorted."""
    return sorted(i18n.complete_languages(_dir(templates_dir) / "i18n"))


def fold_to_gsm7(text: str) -> str:
    """Replace characters outside GSM-7 by their closest GSM-7 look-alike where one exists."""
    text = text.translate(_GSM_LOOKALIKES)
    out = []
    for c in text:
        if c in GSM7_BASIC or c in GSM7_EXTENSION:
            out.append(c)
            continue
        # Strip the accent (â -> a) but keep the letter when the bare letter is GSM-7.
        base = "".join(b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b))
        out.append(base if base and is_gsm7(base) else c)
    return "".join(out)


def _language(root: Path, lang: str | None) -> str:
    """The language a message goes out in: `lang`'s own when its catalog is complete ("es-MX"
    is Spanish), else English, for the whole message."""
    return i18n.pick(lang, root / "i18n")


# Names a program chooses, which no template can size for: when a text would need more than
# MAX_SEGMENTS, the longest of these is cut short with an ellipsis (never below SHORTEST_NAME
# characters), and the rest of the text (the date, the question, the phone) stays whole.
SHORTENABLE = ("venue_address", "venue_name", "program_name")
SHORTEST_NAME = 16
ELLIPSIS = "…"


@dataclass(frozen=True)
class RenderedSms:
    """A rendered text and the names shortened to keep it within MAX_SEGMENTS (in order)."""

    text: str
    shortened: tuple[str, ...] = ()


def _fit_encoding(text: str) -> str:
    # One accented letter outside GSM-7 (á, í, ó, ú) switches the whole text to UCS-2 and
    # more than halves what fits in a segment. Keep the accents while the text still fits in
    # MAX_SEGMENTS; past that, a folded "Maria" costs less than a third segment or a cut text.
    if count_segments(text).segments > MAX_SEGMENTS:
        folded = fold_to_gsm7(text)
        if count_segments(folded).segments < count_segments(text).segments:
            return folded
    return text


def _over(text: str) -> int:
    """Roughly how many characters the text has beyond MAX_SEGMENTS segments."""
    info = count_segments(text)
    return info.units - MAX_SEGMENTS * MULTI_LIMIT[info.encoding]


def render_sms_report(
    name: str, lang: str, *, templates_dir: Path | str | None = None, **ctx
) -> RenderedSms:
    """Render SMS template `name` in `lang` (English when its catalog is incomplete), cutting
    long names short so the text stays within MAX_SEGMENTS; says which names were cut."""
    root = _dir(templates_dir)
    template = _environment(root, False, _language(root, lang)).get_template(f"sms/{name}.txt")
    text = _fit_encoding(template.render(**ctx).strip())
    shortened: list[str] = []
    while count_segments(text).segments > MAX_SEGMENTS:
        long_names = [
            k for k in SHORTENABLE if isinstance(ctx.get(k), str) and len(ctx[k]) > SHORTEST_NAME
        ]
        if not long_names:
            break  # nothing left to shorten: the text is as short as its facts allow
        # Cut the longest names to one common length, just short enough: a long venue name
        # loses more than a short address, and no name is cut further than it must be.
        lengths = {k: len(ctx[k]) for k in long_names}
        need = max(_over(text), 1)
        level = max(lengths.values()) - 1
        while level > SHORTEST_NAME and sum(max(0, n - level) for n in lengths.values()) < need:
            level -= 1
        for key, n in lengths.items():
            if n > level:
                value = ctx[key].removesuffix(ELLIPSIS)
                ctx = ctx | {key: value[: level - 1].rstrip(" ,.-") + ELLIPSIS}
                if key not in shortened:
                    shortened.append(key)
        text = _fit_encoding(template.render(**ctx).strip())
    return RenderedSms(text, tuple(shortened))


def render_sms(name: str, lang: str, *, templates_dir: Path | str | None = None, **ctx) -> str:
    """Render SMS template `name` in `lang` (English when its catalog is incomplete), within
    MAX_SEGMENTS whatever the names (see render_sms_report)."""
    return render_sms_report(name, lang, templates_dir=templates_dir, **ctx).text


@dataclass(frozen=True)
class RenderedEmail:
    """Subject line, plain-text body and HTML body of one email."""

    subject: str
    text: str
    html: str


def email_names(templates_dir: Path | str | None = None) -> list[str]:
    """Names of the email templates, sorted."""
    return _names(_dir(templates_dir) / "email")


def render_email(
    name: str, lang: str, *, templates_dir: Path | str | None = None, **ctx
) -> RenderedEmail:
    """Render email `name` (text and HTML; the subject is `{% set subject %}` in the .txt)."""
    root = _dir(templates_dir)
    lang = _language(root, lang)
    ctx = {**ctx, "lang": lang}
    text_module = _environment(root, False, lang).get_template(f"email/{name}.txt").make_module(ctx)
    # HTML bodies are autoescaped: names and venues are user data.
    html = _environment(root, True, lang).get_template(f"email/{name}.html").render(**ctx)
    subject = " ".join(str(getattr(text_module, "subject", "")).split())
    if not subject:
        raise LookupError(f"email template {name}.txt sets no subject")
    return RenderedEmail(subject=subject, text=str(text_module).strip() + "\n", html=html.strip())
