"""The FastAPI application: JSON API, health check, and the web pages."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from service import __version__, idempotency, outbox, web, webhooks
from service.api import (
    admin,
    attention,
    audit,
    auth,
    cases,
    hearings,
    matching,
    notes,
    outcomes,
    programs,
    reports,
    totp,
    volunteers,
)
from service.db import get_engine
from service.errors import install_error_handlers

API_DESCRIPTION = """
Convene schedules community-justice hearings: referrals, volunteer panels, texts and invites,
agreements and obligations. Every route needs a bearer token: a session token from
`POST /api/v1/auth/login`, or an API token issued by an administrator. Errors always have the
shape `{"error": {"code", "message", "details": [{"field", "reason"}]}}`.
"""


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Start and stop background work that lives with the server."""
    dispatcher = outbox.start_in_server()  # None when CONVENE_RUN_DISPATCHER_IN_SERVER=false
    try:
        yield
    finally:
        if dispatcher is not None:
            dispatcher.stop()


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(
        title="Convene", version=__version__, description=API_DESCRIPTION, lifespan=lifespan
    )
    install_error_handlers(app)
    idempotency.install(app)
    api = APIRouter(prefix="/api/v1")
    for module in (
        auth,
        totp,
        admin,
        audit,
        attention,
        programs,
        volunteers,
        cases,
        notes,
        hearings,
        matching,
        outcomes,
        reports,
    ):
        api.include_router(module.router)
    app.include_router(api)
    web.install(app)
    app.include_router(outcomes.page_router)
    app.include_router(webhooks.router)

    @app.get("/healthz", tags=["health"])
    def healthz() -> JSONResponse:
        """Whether the service can reach its database."""
        try:
            with get_engine().connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means unhealthy, and says why
            return JSONResponse(
                {"status": "error", "database": "unreachable", "detail": type(exc).__name__},
                status_code=503,
            )
        return JSONResponse({"status": "ok", "database": "ok", "version": __version__})

    return app


app = create_app()
