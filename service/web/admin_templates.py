"""Message templates: every SMS template with a live preview, its encoding and segment count."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from notifications import i18n
from notifications.segments import count_segments
from notifications.templates import (
    MAX_SEGMENTS,
    SMS_VARIABLES,
    available_languages,
    render_sms_report,
    template_names,
)
from service.web.admin_access import PageAdmin
from service.web.base import render

router = APIRouter(include_in_schema=False)
# Realistic sample values, so the preview's length is close to what people receive.
SAMPLES = {
    "volunteer_name": "Ana Morales",
    "person_name": "Jordan Lee",
    "program_name": "Neighborhood Justice Program",
    "role": "panelist",
    "when": "Tue, Mar 3, 6:30 PM",
    "venue_name": "Hollywood Regional Library",
    "venue_address": "1623 N Ivar Ave, Los Angeles",
    "ics_url": "https://convene.example.org/c/2f.5k1.Zm9vYmFyYmF6",
    "meeting_url": "",  # empty: a hearing in person (an online one says "by video: <link>")
    "program_phone": "(213) 555-0100",
    "days_before": "3",
    "confirmed": "",  # empty: the reminder of someone who has not confirmed yet
    "options": "1) Tue, Mar 10, 6:30 PM 2) Sat, Mar 14, 10:00 AM",
    "items": "1) panelist, Tue, Mar 3 2) panelist, Sat, Mar 7",
    "obligation_label": "community service",
    "due_date_text": "Apr 30",
    "progress_text": "12 of 20 hours",
    "url": "https://convene.example.org/me/2f.5k1.Zm9vYmFyYmF6",
    "question": "Was the meeting fair to you? Reply 1 (not at all) to 5 (very)",
}


# The names a text cuts short to stay within MAX_SEGMENTS, as the admin reads them.
SHORTENED_WORDS = {
    "program_name": "the program's name",
    "venue_name": "the venue's name",
    "venue_address": "the venue's address",
}


def _joined(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def preview(name: str, lang: str, values: dict[str, str]) -> dict:
    """The rendered text with its encoding, length and segment count (or why it failed)."""
    try:
        rendered = render_sms_report(name, lang, **values)
    except Exception as exc:  # a template error is shown to the admin, not a 500
        return {"error": f"{type(exc).__name__}: {exc}"}
    text = rendered.text
    info = count_segments(text)
    return {
        "text": text,
        "encoding": info.encoding,
        "units": info.units,
        "characters": len(text),
        "segments": info.segments,
        "too_long": info.segments > MAX_SEGMENTS,
        # A catalog still being translated: its speakers get the English text, whole.
        "fallback": lang not in available_languages(),
        "lacking": len(i18n.gaps(lang)),
        "shortened": [SHORTENED_WORDS.get(k, k) for k in rendered.shortened],
        "shortened_words": _joined([SHORTENED_WORDS.get(k, k) for k in rendered.shortened]),
        "max_segments": MAX_SEGMENTS,
    }


@router.get("/admin/templates", response_class=HTMLResponse)
def templates_page(
    request: Request, principal: PageAdmin, name: str = "", lang: str = "en", part: str = ""
):
    """All SMS templates; pick one and a language, edit sample values, see what is sent."""
    names = template_names()
    spoken = available_languages()
    languages = list(i18n.catalog_languages())
    name = name if name in names else names[0]
    lang = lang if lang in languages else languages[0]
    variables = SMS_VARIABLES.get(name, ())
    values = {v: request.query_params.get(f"v_{v}", SAMPLES.get(v, "sample")) for v in variables}
    # htmx asks for the part of the page that changes: the preview alone while typing sample
    # values, the fields and preview together when another template or language is chosen.
    template = {"preview": "admin/_preview.html", "workbench": "admin/_workbench.html"}.get(
        part, "admin/templates.html"
    )
    return render(
        request,
        template,
        principal,
        names=names,
        languages=languages,
        catalogue=[
            (n, [lg for lg in languages if lg in spoken], SMS_VARIABLES.get(n, ())) for n in names
        ],
        name=name,
        lang=lang,
        values=values,
        result=preview(name, lang, values),
    )
