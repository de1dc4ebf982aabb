"""Every text and email, rendered in every shipped language, byte for byte as it was written.

`tests/data/texts/golden.json` was taken from the per-language template files before the texts
moved into gettext catalogs; a change to a message shows here as the text it changes. The plain
text emails' paragraphs are one line each since the move (mail clients wrap them; a translator
no longer re-wraps them by hand), so those are compared with their line breaks folded.
"""

import json
from pathlib import Path

import pytest

from notifications.templates import EMAIL_VARIABLES, SMS_VARIABLES, render_email, render_sms

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "texts" / "golden.json"
SHORT = {
    "person_name": "Ana López",
    "volunteer_name": "Jin Park",
    "program_name": "NJP",
    "venue_name": "Library",
    "venue_address": "12 Main St",
    "program_phone": "(213) 555-0100",
    "ics_url": "https://c.example/h/1.ics",
    "url": "https://c.example/v/abc",
    "text": "See you Tuesday.",
}
LONG = {
    "person_name": "María Guadalupe Hernández-Villanueva",
    "volunteer_name": "María Guadalupe Hernández-Villanueva",
    "program_name": "Neighborhood Justice Program of Greater Los Angeles County",
    "venue_name": "Southeast Community Center Multipurpose Room",
    "venue_address": "1550 Evans Ave, Suite 2, San Francisco, CA 94124",
    "program_phone": "(415) 555-0142",
    "ics_url": "https://convene.example.org/h/Ab3dE6gH9jK2mN5pQ8.ics",
    "url": "https://convene.example.org/v/Ab3dE6gH9jK2mN5pQ8xZ",
    "text": "x" * 300,
}
BY_LANG = {
    "en": {
        "role": "facilitator",
        "when": "Wed, Dec 16, 6:30 PM",
        "options": ["Tue, Dec 15, 6:30 PM", "Thu, Dec 17, 6:30 PM"],
        "items": ["NJP meeting Tue, Dec 8, 6:30 PM", "NJP meeting Sat, Dec 12, 10:00 AM"],
        "obligation_label": "community service",
        "due_date_text": "Fri, Jan 15",
        "question": "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)",
    },
    "es": {
        "role": "facilitador/a",
        "when": "mié, 16 dic, 18:30",
        "options": ["mar, 15 dic, 18:30", "jue, 17 dic, 18:30"],
        "items": ["reunión de NJP, mar, 8 dic, 18:30", "reunión de NJP, sáb, 12 dic, 10:00"],
        "obligation_label": "servicio comunitario",
        "due_date_text": "vie, 15 ene",
        "question": "¿La reunión fue justa para usted? Responda de 1 (nada) a 5 (mucho)",
    },
}
LINK = "https://meet.jit.si/convene-kkkkkkkkkkkkkkkkkkkkkkkk"


def _variants(name: str):
    """(label, values) for each way a text can come out: sizes, in person or online, options."""
    for size, names in (("short", SHORT), ("long", LONG)):
        links = ("", LINK) if "meeting_url" in SMS_VARIABLES.get(name, ("meeting_url",)) else ("",)
        for link in links:
            extra = [{}]
            if name == "participant_reminder":
                extra = [{"days_before": d, "confirmed": c} for d in (0, 1, 2, 5) for c in (0, 1)]
            if name == "obligation_reminder":
                extra = [{"progress_text": ""}, {"progress_text": "12 of 20 hours done"}]
            for more in extra:
                label = "/".join([size, "online" if link else "in person"])
                label += "".join(f"/{k}={v}" for k, v in more.items())
                yield label, {**names, "meeting_url": link, **more}


def renders() -> dict[str, str]:
    """Every text and email of the contract in English and Spanish, keyed by what it is."""
    out = {}
    for lang in ("en", "es"):
        for name, wanted in SMS_VARIABLES.items():
            for label, values in _variants(name):
                ctx = {**values, **BY_LANG[lang]}
                out[f"sms/{name}/{lang}/{label}"] = render_sms(
                    name, lang, **{k: ctx[k] for k in wanted}
                )
        for name, wanted in EMAIL_VARIABLES.items():
            for size, names in (("short", SHORT), ("long", LONG)):
                ctx = {**names, **BY_LANG[lang]}
                mail = render_email(name, lang, **{k: ctx[k] for k in wanted})
                key = f"email/{name}/{lang}/{size}"
                out[f"{key}/subject"] = mail.subject
                out[f"{key}/text"] = mail.text
                out[f"{key}/html"] = mail.html
    return out


def _unwrapped(text: str) -> str:
    """A plain-text email with each paragraph on one line."""
    return "\n\n".join(" ".join(p.split("\n")) for p in text.split("\n\n"))


CASES = json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.is_file() else {}
NOW = renders()


@pytest.mark.parametrize("key", sorted(CASES))
def test_text_is_as_written(key):
    if key.startswith("email/") and key.endswith("/text"):
        assert _unwrapped(NOW[key]) == _unwrapped(CASES[key])
    else:
        assert NOW[key] == CASES[key]


def test_every_text_is_in_the_golden_file():
    assert len(CASES) > 200 and set(NOW) == set(CASES)
