"""The message catalogs: every shipped language complete, the template up to date with the
sources, and the completeness test shown to fail on a catalog that lacks one message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notifications import i18n
from notifications.i18n import CATALOG_DIR, TEMPLATE_NAME
from service.messaging import catalogs
from service.messaging.languages import can_text_in, sms_languages

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = i18n.catalog_languages()[1:]


def _ids(catalog) -> set:
    return {(m.id, m.context) for m in catalog if m.id}


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_shipped_catalog_is_complete(lang):
    lacking = i18n.gaps(lang)
    assert lacking == [], f"{lang}.po lacks {len(lacking)}: " + "; ".join(
        f"{g.reason}: {g.msgid!r} [{g.where}]" for g in lacking[:10]
    )
    assert lang in i18n.complete_languages() and can_text_in(lang)


def test_spanish_ships_and_korean_does_not():
    assert "es" in SHIPPED and sms_languages() == i18n.complete_languages() >= {"en", "es"}
    assert not can_text_in("ko") and i18n.pick("ko") == "en" and i18n.pick("es-MX") == "es"


def test_the_template_holds_every_message_the_sources_say():
    """Someone who adds or changes a sentence runs `convene messages extract` and `update`."""
    on_disk = i18n.read_catalog(CATALOG_DIR / TEMPLATE_NAME)
    assert _ids(catalogs.template()) == _ids(on_disk)
    assert len(_ids(on_disk)) > 100


@pytest.mark.parametrize("lang", SHIPPED)
def test_each_catalog_holds_exactly_the_template(lang):
    """No message the sources no longer say lingers as a live entry (obsolete ones are `#~`)."""
    catalog = i18n.read_catalog(CATALOG_DIR / f"{lang}.po", locale=lang)
    assert _ids(catalog) == _ids(i18n.read_catalog(CATALOG_DIR / TEMPLATE_NAME))


def test_a_count_takes_the_languages_plural_form():
    assert i18n.ngettext("es", "in %(num)s day", "in %(num)s days", 1) == "en 1 día"
    assert i18n.ngettext("es", "in %(num)s day", "in %(num)s days", 3) == "en 3 días"
    assert i18n.ngettext("en", "in %(num)s day", "in %(num)s days", 1) == "in 1 day"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    shutil.copytree(CATALOG_DIR, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_the_completeness_test_fails_when_a_message_is_removed(tmp_path):
    folder = _copy(tmp_path)
    assert i18n.is_complete("es", folder)
    # The whole entry of one text's sentence gone from a copy of the Spanish catalog.
    entry = 'msgid "Thank you. %(question)s"\nmsgstr "Gracias. %(question)s"\n'
    _edit(folder / "es.po", entry, "")
    lacking = i18n.gaps("es", folder)
    assert [(g.msgid, g.reason) for g in lacking] == [("Thank you. %(question)s", "untranslated")]
    assert lacking[0].where.startswith("notifications/messages/sms/survey_next.txt:")
    assert not i18n.is_complete("es", folder)
    assert sms_languages(folder) == {"en"}  # and so nobody is texted in Spanish from it


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('msgstr "Gracias. %(question)s"', 'msgstr ""', "untranslated"),
        (
            'msgid "Thank you. %(question)s"',
            '#, fuzzy\nmsgid "Thank you. %(question)s"',
            "fuzzy",
        ),
        ('msgstr "Gracias. %(question)s"', 'msgstr "Gracias."', "placeholders: lacks %(question)s"),
        (
            'msgstr "Gracias. %(question)s"',
            'msgstr "Gracias. %(pregunta)s"',
            "placeholders: lacks %(question)s, has unknown %(pregunta)s",
        ),
        ('msgstr[1] "en %(num)s días"', 'msgstr[1] ""', "a plural form is untranslated"),
        # Russian-style three forms declared, two written: some counts would read English.
        (
            "nplurals=2; plural=(n != 1);",
            "nplurals=3; plural=(n != 1);",
            "a plural form is untranslated",
        ),
    ],
)
def test_a_fuzzy_empty_or_misplaced_translation_is_a_gap(tmp_path, old, new, reason):
    folder = _copy(tmp_path)
    _edit(folder / "es.po", old, new)
    reasons = [g.reason for g in i18n.gaps("es", folder)]
    if new.startswith("nplurals=3"):  # every message with a count lacks its third form
        assert reasons == [reason] * 3
    else:
        assert reasons == [reason]


def test_a_new_catalog_starts_empty_and_lists_every_message(tmp_path):
    folder = _copy(tmp_path)
    path = catalogs.start("ko-KR", folder)
    assert path.name == "ko.po"
    text = path.read_text("utf-8")
    assert "Korean catalog" in text and "Plural-Forms: nplurals=1" in text
    lacking = catalogs.missing("ko", folder)
    template = i18n.read_catalog(folder / TEMPLATE_NAME)
    assert len(lacking) == len(_ids(template)) and {g.reason for g in lacking} == {"untranslated"}
    assert i18n.catalog_languages(folder) == ("en", "es", "ko")
    assert i18n.languages(folder) == ("en", "es")  # listed, but not spoken


def test_update_keeps_every_translation_and_marks_a_changed_sentence_fuzzy(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / TEMPLATE_NAME, 'msgid "Thank you. %(question)s"', 'msgid "Thanks! %(question)s"')
    catalogs.update(folder)
    lacking = i18n.gaps("es", folder)
    assert [(g.msgid, g.reason) for g in lacking] == [("Thanks! %(question)s", "fuzzy")]
    es = i18n.read_catalog(folder / "es.po", locale="es")
    assert es.get("Thanks! %(question)s").string == "Gracias. %(question)s"


def convene(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "messages", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_says_what_each_catalog_lacks():
    r = convene("missing", "--all")
    assert r.returncode == 0, r.stderr
    assert "Spanish (es): complete" in r.stdout
    r = convene("missing", "es-MX")
    assert r.returncode == 0 and "Spanish (es): complete" in r.stdout
    r = convene("missing", "ko")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (
        "convene messages: there is no catalog for 'ko' (there are: en, es); "
        "start one with `convene messages start ko`"
    )
    r = convene("missing")
    assert r.returncode == 2 and "name one language (e.g. ko) or --all" in r.stderr
    r = convene("start", "xx")
    assert r.returncode == 2 and "'xx' is not a language code Babel knows" in r.stderr
