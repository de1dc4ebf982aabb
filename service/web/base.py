"""What every page shares: templates, the signed-in coordinator, CSRF, flash messages."""

from __future__ import annotations

import hashlib
import hmac
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, format_time
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from pydantic import ValidationError

from notifications import i18n
from service.accounts import auth
from service.config import get_settings
from service.db import utcnow
from service.deps import SESSION_COOKIE, SessionDep, client_ip
from service.errors import ConveneError, Forbidden
from service.schemas.common import display_phone
from service.wording import (
    certification_words,
    error_words,
    field_sentence,
    language_name,
    role_words,
    text_words,
    words,
)

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().with_name("templates")))
CSRF_FIELD = "csrf_token"
# The language of the page being rendered: `_()` and `{% trans %}` read the catalog through it.
PAGE_LANGUAGE: ContextVar[str] = ContextVar("page_language", default="en")
TEMPLATES.env.add_extension("jinja2.ext.i18n")
TEMPLATES.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: i18n.gettext(PAGE_LANGUAGE.get(), message),
    ngettext=lambda s, p, n: i18n.translations(PAGE_LANGUAGE.get()).ngettext(s, p, n),
    newstyle=True,
)


def _respond(request: Request, template: str, context: dict, status_code: int) -> HTMLResponse:
    """Render in the page's language (`page_lang`, English by default): `<html lang>` and words.

    Not `lang`: some pages already use that name for something else (the text template editor's
    language)."""
    lang = i18n.pick(context.get("page_lang"))
    reset = PAGE_LANGUAGE.set(lang)
    try:
        return TEMPLATES.TemplateResponse(
            request, template, context | {"page_lang": lang}, status_code=status_code
        )
    finally:
        PAGE_LANGUAGE.reset(reset)


class LoginRequired(Exception):
    """Raised by page dependencies when nobody is signed in; the app redirects to /login."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def csrf_token(request: Request) -> str:
    """A token bound to this browser's session: forms and htmx requests must send it back."""
    session_token = request.cookies.get(SESSION_COOKIE, "")
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf|" + session_token.encode(), hashlib.sha256).hexdigest()[:40]


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose CSRF token is missing or wrong."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        sent = str(form.get(CSRF_FIELD, ""))
    if not hmac.compare_digest(sent, csrf_token(request)):
        raise Forbidden(
            "the form expired or did not come from Convene; reload the page and try again"
        )


def page_user(request: Request, session: SessionDep) -> auth.Principal:
    """The signed-in user of a page, or a redirect to the sign-in page."""
    token = request.cookies.get(SESSION_COOKIE)
    try:
        principal = auth.authenticate(session, token, ip=client_ip(request))
        request.state.principal = principal  # its refusals are audited when the answer starts
        return principal
    except ConveneError:
        raise LoginRequired(
            str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
        ) from None


def page_writer(
    request: Request, principal: Annotated[auth.Principal, Depends(page_user)]
) -> auth.Principal:
    """A signed-in user who may change records."""
    if not principal.can_write:
        raise principal.refuse(Forbidden("your role may look but not change records"))
    return principal


PageUser = Annotated[auth.Principal, Depends(page_user)]
PageWriter = Annotated[auth.Principal, Depends(page_writer)]
Csrf = Annotated[None, Depends(check_csrf)]


def render(
    request: Request,
    template: str,
    principal: auth.Principal | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page with what every page needs."""
    zone = ZoneInfo(get_settings().timezone)
    base = {
        "user": principal.user if principal else None,
        "principal": principal,
        "csrf": csrf_token(request),
        "zone": zone,
        "flash": request.query_params.get("flash"),
        "path": request.url.path,
    }
    return _respond(request, template, base | context, status_code)


def redirect(url: str, flash: str | None = None, anchor: str = "") -> RedirectResponse:
    """A 303 to another page (or a section of it), optionally with a one-line notice."""
    if flash:
        url += ("&" if "?" in url else "?") + "flash=" + quote(flash)
    return RedirectResponse(url + (f"#{anchor}" if anchor else ""), status_code=303)


def form_errors(
    exc: ValidationError | ConveneError,
    *,
    full_path: bool = False,
    fields: dict[str, tuple[str, str]] | None = None,
) -> dict[str, str]:
    """A form's errors by field in plain words, from a pydantic error or a use-case error (first
    reason wins).

    A field is named by its first part ("mobile"), or by its whole path ("parties.0.person.mobile")
    for forms whose fields mirror a nested schema. With `fields` (a schema path -> the form's
    field name and its label), errors are keyed by the form's field and say which field they are
    about: "Mobile number of the participant: 12345 is not a phone number: ...".
    """
    fields = fields or {}

    def put(out: dict[str, str], path: str, reason: str) -> None:
        name, label = fields.get(path, (path, ""))
        out.setdefault(name, field_sentence(label, reason) if fields else reason)

    out: dict[str, str] = {}
    if isinstance(exc, ValidationError):
        for e in exc.errors():
            loc = [str(p) for p in e["loc"]]
            key = (".".join(loc) if full_path or fields else loc[0]) if loc else "form"
            put(out, key, error_words(e))
        return out
    if isinstance(exc, ConveneError):
        for d in exc.details:
            put(out, d.get("field") or "form", d["reason"])
        return out or {"form": exc.message}
    raise exc


def _zone_of(context, zone) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    if isinstance(zone, str) and zone:
        return ZoneInfo(zone)
    return context.get("zone") or ZoneInfo(get_settings().timezone)


@pass_context
def local(context, dt, fmt: str = "%a %b %d, %I:%M %p", zone: ZoneInfo | str | None = None) -> str:
    """A UTC instant as local time in the page's zone: the program's, when the page has one.

    A page about one program's records renders with `zone=program_zone(program)`; a page listing
    several programs' records passes each row's zone (`h.start_at|local(zone=row.zone)`). The
    others fall back to CONVENE_TIMEZONE, the service's default.
    """
    if dt is None:
        return ""
    zone = _zone_of(context, zone)
    return dt.astimezone(zone).strftime(fmt).replace(" 0", " ")


@pass_context
def spoken(context, value, form: str = "datetime", zone: ZoneInfo | None = None) -> str:
    """A date or UTC instant in the page's language (Babel): 'martes, 8 de diciembre de 2026,
    18:30'. form: 'datetime' (long), 'date' (long), 'short' ('mié, 9 dic 2026')."""
    if value is None:
        return ""
    lang = i18n.pick(context.get("page_lang"))
    if isinstance(value, datetime):
        value = value.astimezone(zone or context.get("zone") or ZoneInfo(get_settings().timezone))
        day = value.date()
    else:
        day = value
    if form == "short":
        return format_skeleton("yMMMEd", day, locale=lang)
    if form == "date" or not isinstance(value, datetime):
        return format_date(day, "full", locale=lang)
    return f"{format_date(day, 'full', locale=lang)}, {format_time(value, 'short', locale=lang)}"


TEMPLATES.env.filters["local"] = local
TEMPLATES.env.filters["spoken"] = spoken
TEMPLATES.env.filters["phone"] = display_phone
TEMPLATES.env.globals["development"] = lambda: get_settings().env == "development"


def has_started(hearing) -> bool:
    """Whether a hearing's start has passed (`{% if hearing is started %}`): its outcome can be
    recorded."""
    return hearing.start_at <= utcnow()


TEMPLATES.env.tests["started"] = has_started


@pass_context
def local_date(context, dt, zone: ZoneInfo | str | None = None) -> str:
    """A UTC instant's calendar day in the program's zone, as 'Mon Dec 14, 2026'."""
    if dt is None:
        return ""
    day = dt.astimezone(_zone_of(context, zone))
    return f"{day:%a %b} {day.day}, {day.year}"


def day_words(day) -> str:
    """A calendar date as 'Mon Dec 14, 2026' (dates have no zone: they are already local)."""
    if day is None:
        return ""
    return f"{day:%a %b} {day.day}, {day.year}"


# Words, never codes, on every page (service/wording.py): `{{ case.status|words("case_status") }}`.
TEMPLATES.env.filters["local_date"] = local_date
TEMPLATES.env.filters["day"] = day_words
TEMPLATES.env.filters["words"] = words
TEMPLATES.env.filters["language"] = language_name
TEMPLATES.env.filters["role_words"] = role_words
TEMPLATES.env.filters["certification"] = certification_words
TEMPLATES.env.filters["text_kind"] = text_words


LAST_PROGRAM_COOKIE = "convene_program"


def last_program(request: Request) -> int | None:
    """The program this browser last chose on a form (intake, matching), if any."""
    raw = request.cookies.get(LAST_PROGRAM_COOKIE, "")
    return int(raw) if (raw.isascii() and raw.isdigit()) and len(raw) < 10 else None


def remember_program(response, program_id: int) -> None:
    """Forms start on this program next time (a preference, not a credential)."""
    response.set_cookie(
        LAST_PROGRAM_COOKIE, str(program_id), max_age=365 * 86400, httponly=True, samesite="lax"
    )


TITLES = {
    403: "Not allowed",
    404: "Not found",
    409: "Already changed",
    422: "Please check the form",
}


def wants_html(request: Request) -> bool:
    """A browser asking for a page (not the API, a webhook or a calendar client)."""
    if request.url.path.startswith(
        ("/api/", "/webhooks/", "/calendar/", "/c/", "/healthz", "/static/")
    ):
        return False
    return "text/html" in request.headers.get("accept", "")


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    """The same error, as a page a person can act on: in the volunteer's language on their
    self-service pages (`request.state.lang`), else in English."""
    lang = i18n.pick(getattr(request.state, "lang", None))
    title = TITLES.get(status_code, "Something went wrong")
    return _respond(
        request,
        "error.html",
        {
            "title": i18n.gettext(lang, title),
            "message": i18n.gettext(lang, message) if i18n.has(lang, message) else message,
            "user": None,
            "csrf": csrf_token(request),
            "flash": None,
            "path": request.url.path,
            "page_lang": lang,
            "volunteer_page": request.url.path.startswith("/me/"),
        },
        status_code,
    )


def confirm_page(
    request: Request,
    principal: auth.Principal,
    *,
    title: str,
    question: str,
    action: str,
    fields: dict[str, Any],
    audience: Any,
    yes: str,
    back: str,
    lead: str = "",
) -> HTMLResponse:
    """The step before an act that texts people: who will be told and how, who will not and
    why, and the same form again with confirm=yes (works without JavaScript)."""
    return render(
        request,
        "_confirm.html",
        principal,
        title=title,
        question=question,
        lead=lead,
        action=action,
        fields=fields,
        audience=audience,
        yes=yes,
        back=back,
    )


def confirmed(form: Any) -> bool:
    """Whether a form came from the confirmation step."""
    return form.get("confirm") == "yes"
