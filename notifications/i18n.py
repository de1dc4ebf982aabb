"""The message catalogs of what Convene says to volunteers and participants, one per language.

Every text, email and volunteer page is written in English, the source language: its sentences
are the msgids of `notifications/messages/i18n/messages.pot`, the template. A language is one
`LANG.po` there, read with Babel. A language is **complete** when its catalog translates every
message of the template, none fuzzy, every plural form filled and every placeholder kept
(`gaps`); only a complete language is spoken (`pick`), so a person gets a whole text or page in
their language or a whole one in English, never a mix. `service/messaging/languages.py` asks
the same question (`complete_languages`) before it texts anyone in their language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

# The texts, emails and catalogs ship inside this package (see pyproject package-data).
MESSAGES_DIR = Path(__file__).resolve().with_name("messages")
CATALOG_DIR = MESSAGES_DIR / "i18n"
TEMPLATE_NAME = "messages.pot"
DEFAULT_LANGUAGE = "en"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def N_(message: str) -> str:  # noqa: N802 (gettext's name for a marker)
    """Mark a message for extraction (`convene messages extract`) that is translated by value
    elsewhere, as a role or an obligation's kind is."""
    return message


@dataclass(frozen=True)
class Gap:
    """One message a catalog lacks: its English msgid and why ('untranslated', 'fuzzy', ...)."""

    msgid: str
    reason: str
    where: str = ""  # the first place the message is used, as "file:line"


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A `.po` or `.pot` file as Babel reads it."""
    with path.open("rb") as f:
        return read_po(f, locale=locale)


@lru_cache(maxsize=8)
def _template(catalog_dir: Path) -> Catalog:
    return read_catalog(catalog_dir / TEMPLATE_NAME)


def catalog_languages(catalog_dir: Path = CATALOG_DIR) -> tuple[str, ...]:
    """English and each language with a catalog, complete or not."""
    found = sorted(p.stem for p in catalog_dir.glob("*.po"))
    return (DEFAULT_LANGUAGE, *[code for code in found if code != DEFAULT_LANGUAGE])


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def _broken(message: Message, num_plurals: int) -> str:
    """Why a translation cannot stand in for its msgid ('' if it can): a plural form missing
    would fall back to English for some counts; a placeholder lost or added would drop a fact
    from a text, or fail the text outright."""
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    if len(ids) > 1 and len(forms) < num_plurals:
        return "a plural form is untranslated"
    if not all(forms):
        return "untranslated" if not any(forms) else "a plural form is untranslated"
    for i, form in enumerate(forms):
        wanted = _placeholders(ids[min(i, len(ids) - 1)])
        have = _placeholders(form)
        if len(ids) > 1:
            wanted |= _placeholders(ids[0])
            # A singular may say "one day" rather than "%(num)s day".
            have |= {"num"} & wanted
        if have != wanted:
            lost, extra = sorted(wanted - have), sorted(have - wanted)
            said = [f"lacks %({p})s" for p in lost] + [f"has unknown %({p})s" for p in extra]
            return "placeholders: " + ", ".join(said)
    return ""


def gaps(lang: str, catalog_dir: Path = CATALOG_DIR) -> list[Gap]:
    """What the catalog of `lang` lacks: every message of the template it does not translate,
    leaves fuzzy, or translates with other placeholders. English lacks nothing."""
    if lang == DEFAULT_LANGUAGE:
        return []
    template = _template(catalog_dir)
    path = catalog_dir / f"{lang}.po"
    catalog = read_catalog(path, locale=lang) if path.is_file() else Catalog(locale=lang)
    found: list[Gap] = []
    for wanted in template:
        if not wanted.id:
            continue  # the header
        where = ":".join(str(x) for x in wanted.locations[0]) if wanted.locations else ""
        have = catalog.get(wanted.id, wanted.context)
        if have is None or not have.string:
            found.append(Gap(_msgid(wanted), "untranslated", where))
        elif have.fuzzy:
            found.append(Gap(_msgid(wanted), "fuzzy", where))
        elif reason := _broken(have, catalog.num_plurals):
            found.append(Gap(_msgid(wanted), reason, where))
    return found


def _msgid(message: Message) -> str:
    return message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def is_complete(lang: str, catalog_dir: Path = CATALOG_DIR) -> bool:
    """Whether Convene can speak `lang` wholly: the one definition of a complete catalog."""
    return not gaps(lang, catalog_dir)


@lru_cache(maxsize=4)
def complete_languages(catalog_dir: Path = CATALOG_DIR) -> frozenset[str]:
    """English and every language whose catalog is complete: the ones Convene texts and writes
    pages in."""
    return frozenset(
        lang for lang in catalog_languages(catalog_dir) if is_complete(lang, catalog_dir)
    )


def languages(catalog_dir: Path = CATALOG_DIR) -> tuple[str, ...]:
    """The languages Convene speaks, English first."""
    done = complete_languages(catalog_dir)
    return tuple(code for code in catalog_languages(catalog_dir) if code in done)


def primary(code: str | None) -> str:
    """A language code's primary subtag: 'es-MX' -> 'es', 'ES_us' -> 'es', '' -> ''."""
    return (code or "").strip().lower().replace("_", "-").split("-")[0]


def pick(code: str | None, catalog_dir: Path = CATALOG_DIR) -> str:
    """The language a person is written to in: 'es-MX' -> 'es'; 'ko' -> 'en' while the Korean
    catalog is missing or incomplete."""
    lang = primary(code)
    return lang if lang in complete_languages(catalog_dir) else DEFAULT_LANGUAGE


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
        if primary(tag) in offered:
            return primary(tag)
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=16)
def translations(lang: str, catalog_dir: Path = CATALOG_DIR) -> NullTranslations:
    """The compiled catalog of a language (English: the msgids as they are)."""
    path = catalog_dir / f"{lang}.po"
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    compiled = BytesIO()
    write_mo(compiled, read_catalog(path, locale=lang))
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
    """The singular or plural form for `n`, in `lang`; `%(num)s` is `n`."""
    text = translations(pick(lang)).ngettext(singular, plural, n)
    return text % {"num": n, **values}
