"""The one message catalog of what Convene says to volunteers and participants, per language.

Texts are whole templates per language (`notifications/messages/sms/NAME.LANG.txt`); the short phrases they
share with the volunteer's pages (roles, seat states) and every label, notice and error of those
pages are gettext messages in `notifications/messages/i18n/LANG.po`, read with Babel. English is the source
language (the msgids), so it needs no file. A language is offered when its `.po` exists; any
other falls back to English for the whole page or text, never a mix.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from notifications.templates import DEFAULT_LANGUAGE, DEFAULT_TEMPLATES_DIR

CATALOG_DIR = DEFAULT_TEMPLATES_DIR / "i18n"


@lru_cache(maxsize=4)
def languages(catalog_dir: Path = CATALOG_DIR) -> tuple[str, ...]:
    """The languages the pages speak: English and each one with a catalog."""
    found = sorted(p.stem for p in catalog_dir.glob("*.po"))
    return (DEFAULT_LANGUAGE, *[code for code in found if code != DEFAULT_LANGUAGE])


def pick(code: str | None) -> str:
    """The catalog language for a person's language code: 'es-MX' -> 'es', 'ko' -> 'en'."""
    primary = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in languages() else DEFAULT_LANGUAGE


def negotiate(accept_language: str | None) -> str:
    """The best language of a browser's Accept-Language header that we speak; English if none."""
    wanted: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            wanted.append((-quality, i, tag))
    offered = languages()
    for _, _, tag in sorted(wanted):
        primary = tag.lower().split("-")[0]
        if primary in offered:
            return primary
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=8)
def translations(lang: str) -> NullTranslations:
    """The compiled catalog of a language (English: the msgids as they are)."""
    path = CATALOG_DIR / f"{lang}.po"
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as f:
        catalog = read_po(f, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled)


def has(lang: str, message: str) -> bool:
    """Whether the catalog of `lang` translates `message` (English always does)."""
    lang = pick(lang)
    if lang == DEFAULT_LANGUAGE:
        return True
    return message in translations(lang)._catalog  # noqa: SLF001 (gettext's own table)


def gettext(lang: str, message: str, **values: object) -> str:
    """`message` in `lang` (English when untranslated), with %(name)s values filled in."""
    text = translations(pick(lang)).gettext(message)
    return text % values if values else text


def ngettext(lang: str, singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form for `n`, in `lang`."""
    text = translations(pick(lang)).ngettext(singular, plural, n)
    return text % {"num": n, **values}
