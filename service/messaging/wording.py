"""Dates, roles and program names as people read them, in English and Spanish."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from notifications import i18n

DAYS = {
    "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "es": ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
}
MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "es": ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
}


def lang_of(code: str | None) -> str:
    """The message language for a person's language code (English unless the catalog has it)."""
    return i18n.pick(code)


def short_date(day: date, lang: str | None) -> str:
    """'Tue Dec 8' or 'mar 8 dic' (a catalog language without short words here: English)."""
    lang = lang_of(lang) if lang_of(lang) in DAYS else "en"
    name, month = DAYS[lang][day.weekday()], MONTHS[lang][day.month - 1]
    return f"{name} {day.day} {month}" if lang == "es" else f"{name} {month} {day.day}"


def when(moment: datetime, lang: str, zone: ZoneInfo) -> str:
    """'Tue Dec 8, 6:30 PM' or 'mar 8 dic, 18:30' in the program's time zone."""
    local = moment.astimezone(zone)
    if lang_of(lang) == "es":
        return f"{short_date(local.date(), lang)}, {local:%H:%M}"
    clock = local.strftime("%I:%M %p").lstrip("0")
    return f"{short_date(local.date(), lang)}, {clock}"


def role_label(role: str, lang: str) -> str:
    """A seat's role as a volunteer reads it."""
    return i18n.gettext(lang, role.replace("_", " "))


# A coordinator's words for languages and roles live in service/wording.py (one place).
from service.wording import language_name, role_words  # noqa: E402

__all__ = ["language_name", "role_words"]
