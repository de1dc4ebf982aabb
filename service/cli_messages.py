"""`convene messages`: what a language's catalog lacks, and keeping the catalogs up to date."""

from __future__ import annotations

import argparse
import sys

from notifications import i18n
from service.messaging import catalogs
from service.wording import language_name


def _missing_one(lang: str, *, verbose: bool) -> int:
    """Print what one catalog lacks; the number of messages it lacks."""
    lacking = catalogs.missing(lang)
    code = i18n.primary(lang)
    name = language_name(code)
    if not lacking:
        print(f"{name} ({code}): complete; Convene texts and writes pages in {name}")
        return 0
    print(
        f"{name} ({code}): {len(lacking)} message(s) lack a translation; until none do, "
        f"{name} speakers are not texted in {name}"
    )
    if verbose:
        for gap in lacking:
            where = f"  [{gap.where}]" if gap.where else ""
            print(f"  {gap.reason}: {gap.msgid!r}{where}")
    return len(lacking)


def cmd_missing(args: argparse.Namespace) -> int:
    """List the messages a catalog lacks (untranslated, fuzzy, or with other placeholders)."""
    if args.all == bool(args.language):
        print("convene messages missing: name one language (e.g. ko) or --all", file=sys.stderr)
        return 2
    langs = list(i18n.catalog_languages()[1:]) if args.all else [args.language]
    total = sum(_missing_one(lang, verbose=not args.count) for lang in langs)
    return 1 if total else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Write the template (messages.pot) from the sources."""
    path = catalogs.extract()
    print(f"wrote {path} ({sum(1 for m in i18n.read_catalog(path) if m.id)} messages)")
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    """Merge the template into every catalog."""
    for path in catalogs.update():
        lacking = len(i18n.gaps(path.stem))
        print(f"updated {path.name}: {lacking} message(s) lack a translation")
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    """Start a new language's catalog from the template."""
    path = catalogs.start(args.language)
    print(f"wrote {path}: translate its msgstr lines, then `convene messages missing {path.stem}`")
    return 0


def add_to(sub: argparse._SubParsersAction) -> None:
    """The `messages` command and its own subcommands."""
    p = sub.add_parser(
        "messages",
        help="the message catalogs: what a language lacks, extract, update, start one",
        description="Texts, emails and volunteer pages in each language (docs/languages.md).",
    )
    actions = p.add_subparsers(dest="action", required=True)
    m = actions.add_parser(
        "missing", help="list what a language's catalog lacks (exit 1 if anything)"
    )
    m.add_argument("language", nargs="?", help="a language code, e.g. ko")
    m.add_argument("--all", action="store_true", help="every catalog")
    m.add_argument("--count", action="store_true", help="only how many messages each lacks")
    m.set_defaults(func=cmd_missing)
    e = actions.add_parser(
        "extract", help="write messages.pot from the sources (in a checkout of Convene)"
    )
    e.set_defaults(func=cmd_extract)
    u = actions.add_parser("update", help="merge messages.pot into every LANG.po")
    u.set_defaults(func=cmd_update)
    s = actions.add_parser("start", help="start a new language's catalog from messages.pot")
    s.add_argument("language", help="a language code, e.g. ko")
    s.set_defaults(func=cmd_start)
