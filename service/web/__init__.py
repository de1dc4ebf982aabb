"""Server-rendered pages for coordinators and volunteers, their static assets and security headers."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from service.config import get_settings
from service.web.base import LoginRequired

# Page modules, each with a `router`, in the order their routes are matched.
PAGE_MODULES = (
    "auth_pages",
    "pages",
    "calendar",
    "today",
    "import_pages",
    "cases_pages",
    "obligation_pages",
    "hearings_pages",
    "meeting_pages",
    "seat_pages",
    "matching_pages",
    "volunteers_pages",
    "outcome_pages",
    "reports_pages",
    "admin_pages",
    "selfservice",
    "verify_pages",
    "dev_pages",
)

SECURITY_HEADERS = {
    # Everything comes from Convene itself: no CDN, no inline script.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def install(app: FastAPI) -> None:
    """Mount the static files, the page routers, the sign-in redirect and the security headers."""
    app.mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static")
    for name in PAGE_MODULES:
        # Imported here, not at the top: the page modules import service.web.base, whose
        # package is this one.
        app.include_router(import_module(f"service.web.{name}").router)

    @app.get("/favicon.ico", include_in_schema=False)
    async def _favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.exception_handler(LoginRequired)
    async def _login(_: Request, exc: LoginRequired) -> RedirectResponse:
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)

    app.add_middleware(SecurityHeadersMiddleware)


# A year, the figure browsers' preload lists ask for; subdomains too, since a plain-http
# subdomain could otherwise set cookies (a forged session or sign-in token) for Convene's host.
HSTS = "max-age=31536000; includeSubDomains"
# Everything else Convene answers may carry personal data (a signed-in page shows names and
# phones, an error page echoes what was typed): no cache, shared or the browser's, keeps it.
# A route that may be cached says so itself (the calendar feed) and keeps its own header.
_CACHEABLE = ("/static/", "/docs-assets/", "/favicon.ico")


class SecurityHeadersMiddleware:
    """Adds the security headers (and no-store, but on static assets) to every response.

    Plain ASGI rather than @app.middleware: that wrapper copies every request and response
    through an extra task, which costs a webhook about a millisecond.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Pass the request on and add the headers to the response's start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = dict(SECURITY_HEADERS)
        settings = get_settings()
        if settings.env == "production" and settings.https:
            extra["Strict-Transport-Security"] = HSTS
        if not scope["path"].startswith(_CACHEABLE):
            extra["Cache-Control"] = "no-store"
        extra_raw = [(k.lower().encode(), v.encode()) for k, v in extra.items()]

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in extra_raw if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
