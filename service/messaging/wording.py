"""Dates, times and roles as a volunteer or participant reads them, in their language."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time, match_skeleton

from notifications import i18n

# CLDR puts a narrow or no-break space in times and dates ("6:30\u202fPM", "p.\u00a0m."); neither is
# GSM-7, and one would turn a whole text into UCS-2, which fits less than half as much per
# segment. A plain space reads the same.
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
# A short date a text can carry: the weekday, the month and the day, abbreviated ("Tue, Dec 8",
# "mar, 8 dic"), in the order and with the words of the reader's language (CLDR, via Babel).
SHORT_DATE = "MMMEd"


def lang_of(code: str | None) -> str:
    """The message language for a person's language code (English unless the catalog has it)."""
    return i18n.pick(code)


@lru_cache(maxsize=32)
def _formats(lang: str) -> tuple[str, str, str]:
    """The reader's short-date pattern, short-time pattern and how the two combine."""
    locale = Locale.parse(lang)
    skeletons = locale.datetime_skeletons
    day = skeletons[
        SHORT_DATE if SHORT_DATE in skeletons else match_skeleton(SHORT_DATE, skeletons)
    ]
    return str(day), str(locale.time_formats["short"]), str(locale.datetime_formats["short"])


def short_date(day: date, lang: str | None) -> str:
    """'Tue, Dec 8' or 'mar, 8 dic': the day as the reader's language writes it short."""
    lang = lang_of(lang)
    return format_date(day, _formats(lang)[0], locale=lang).translate(_SPACES)


def when(moment: datetime, lang: str, zone: ZoneInfo) -> str:
    """'Tue, Dec 8, 6:30 PM' or 'mar, 8 dic, 18:30': an instant in the program's time zone, as
    the reader's language writes a short date and time."""
    lang = lang_of(lang)
    local = moment.astimezone(zone)
    _, clock, joined = _formats(lang)
    # Naive local date and time: Babel then converts nothing, so the zone is the program's.
    time_text = format_time(local.time().replace(tzinfo=None), clock, locale=lang)
    text = joined.replace("{1}", short_date(local.date(), lang)).replace("{0}", time_text)
    return text.translate(_SPACES)


def role_label(role: str, lang: str) -> str:
    """A seat's role as a volunteer reads it."""
    return i18n.gettext(lang, role.replace("_", " "))


# A coordinator's words for languages and roles live in service/wording.py (one place).
from service.wording import language_name, role_words  # noqa: E402

__all__ = ["language_name", "role_words"]
