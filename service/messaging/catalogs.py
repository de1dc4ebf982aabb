"""The message catalogs kept up to date with what Convene says: extract, update, start, check.

`extract` reads every sentence Convene writes to volunteers and participants out of the
sources (the texts' and emails' templates, the volunteer pages, the Python that says words to
them) into the template `messages.pot`; `update` merges it into each `LANG.po` (a sentence
that changed turns fuzzy, one that went away is kept commented out); `start` copies the
template into a new `LANG.po`; `missing` lists what a catalog lacks (`i18n.gaps`, the same test
that decides whether a language can be texted). Babel does the work (`babel.messages`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import write_po

from notifications import i18n
from notifications.i18n import N_
from service.errors import Invalid

ROOT = Path(__file__).resolve().parents[2]
# Where the sentences are, relative to ROOT, and how to read them.
JINJA = [
    ("notifications/messages/sms/**.txt", "jinja2"),
    ("notifications/messages/email/**.txt", "jinja2"),
    ("notifications/messages/email/**.html", "jinja2"),
    ("service/web/templates/**.html", "jinja2"),
]
# Python that says words to volunteers or participants: the volunteer pages, the obligation
# words of the reminders, and this module's list of words looked up by value.
PYTHON = [
    ("service/web/**.py", "python"),
    ("service/outcomes/wording.py", "python"),
    ("service/messaging/catalogs.py", "python"),
]
# The Python calls that say words to a volunteer: `i18n.gettext(lang, "...")` and the pages'
# helpers `say("...")`, `_say(volunteer, "...")`; `N_("...")` marks words looked up by value.
PYTHON_KEYWORDS = {
    "gettext": (2,),
    "ngettext": (2, 3),
    "say": None,
    "_say": (2,),
    "N_": None,
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "false"}


# Words a volunteer reads that are looked up by value at run time, so no call names them: a
# seat's role (`messaging.wording.role_label`), hearing kinds, the error page's titles and the
# refusals the self-service page translates (`web.selfservice._refusal`).
LOOKED_UP = (
    N_("facilitator"),
    N_("panelist"),
    N_("mediator"),
    N_("case manager"),
    N_("Community panel"),
    N_("Mediation (co-mediated)"),
    N_("Mediation (one mediator)"),
    N_("Not allowed"),
    N_("Not found"),
    N_("Already changed"),
    N_("Please check the form"),
    N_("Something went wrong"),
    N_("page not found"),
    N_("the page expired; open your link again"),
    N_("seat not found"),
    N_("this hearing can no longer be answered"),
    N_("enter the first day, like 2026-12-21"),
    N_("enter the last day, like 2027-01-03"),
    N_("the last day must not be before the first"),
    N_("a blackout may last a year at most"),
)
HEADER = """\
# What Convene says to volunteers and participants: its English sentences, the msgids.
# Written by `convene messages extract` from the sources; do not edit by hand. A language's
# catalog starts as a copy of it (`convene messages start LANG`); see docs/languages.md.
#"""


def template() -> Catalog:
    """Every message in the sources, as the template `messages.pot` holds them."""
    catalog = Catalog(project="Convene", header_comment=HEADER, charset="utf-8", fuzzy=False)
    passes = [(JINJA, DEFAULT_KEYWORDS), (PYTHON, PYTHON_KEYWORDS)]
    for method_map, keywords in passes:
        options = {pattern: JINJA_OPTIONS for pattern, method in method_map if method == "jinja2"}
        found = extract_from_dir(
            str(ROOT), method_map, options, keywords=keywords, comment_tags=("Translators:",)
        )
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                None,
                [(filename, lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    out = BytesIO()
    write_po(out, catalog, width=100, sort_output=False, include_lineno=True)
    path.write_bytes(out.getvalue())


def extract(catalog_dir: Path = i18n.CATALOG_DIR) -> Path:
    """Write the template from the sources; returns its path."""
    path = catalog_dir / i18n.TEMPLATE_NAME
    catalog = template()
    # A fixed date: re-extracting unchanged sources changes no byte of the file.
    catalog.creation_date = datetime(2026, 1, 1, tzinfo=UTC)
    _write(catalog, path)
    return path


def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        raise Invalid(
            f"{lang!r} is not a language code Babel knows; use one like ko, hy or zh",
            field="language",
        ) from None


def update(catalog_dir: Path = i18n.CATALOG_DIR) -> list[Path]:
    """Merge the template into every language's catalog; returns the catalogs written."""
    tmpl = i18n.read_catalog(catalog_dir / i18n.TEMPLATE_NAME)
    written = []
    for lang in i18n.catalog_languages(catalog_dir)[1:]:
        path = catalog_dir / f"{lang}.po"
        catalog = i18n.read_catalog(path, locale=lang)
        catalog.update(tmpl, update_creation_date=False)
        _write(catalog, path)
        written.append(path)
    return written


def start(lang: str, catalog_dir: Path = i18n.CATALOG_DIR) -> Path:
    """A new catalog for `lang` (its primary language: 'ko-KR' starts 'ko'), every message
    untranslated (refused if it exists)."""
    code = i18n.primary(lang)
    locale = _locale(code)
    path = catalog_dir / f"{code}.po"
    if path.exists():
        raise Invalid(f"{path.name} exists already; run `convene messages missing {code}`")
    tmpl = i18n.read_catalog(catalog_dir / i18n.TEMPLATE_NAME)
    header = (
        f"# {locale.english_name} catalog of what Convene says to volunteers and participants.\n"
        "# Translate each msgstr; keep every %(name)s as it is. `convene messages missing "
        f"{code}` lists what\n# is left; docs/languages.md says the rest.\n#"
    )
    catalog = Catalog(
        locale=locale, project="Convene", header_comment=header, charset="utf-8", fuzzy=False
    )
    catalog.update(tmpl, no_fuzzy_matching=True)
    _write(catalog, path)
    return path


def missing(lang: str, catalog_dir: Path = i18n.CATALOG_DIR) -> list[i18n.Gap]:
    """What the catalog of `lang` lacks (Invalid if there is no such catalog)."""
    code = i18n.primary(lang)
    if code != i18n.DEFAULT_LANGUAGE and not (catalog_dir / f"{code}.po").is_file():
        have = ", ".join(i18n.catalog_languages(catalog_dir))
        raise Invalid(
            f"there is no catalog for {lang!r} (there are: {have}); "
            f"start one with `convene messages start {code}`",
            field="language",
        )
    return i18n.gaps(code, catalog_dir)
