"""The FastAPI application: JSON API, health check, and the web pages."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import text

from service import __version__, idempotency, jobs, metrics, outbox, web, webhooks
from service import audit as audit_trail
from service.api import (
    admin,
    attention,
    audit,
    auth,
    cases,
    hearings,
    integrations,
    matching,
    notes,
    outcomes,
    programs,
    reports,
    totp,
    volunteers,
)
from service.api import docs as api_docs
from service.api import errors as api_errors
from service.api import openapi as api_openapi
from service.api.common import check_parameters
from service.db import get_engine
from service.freshness import ChangeMark
from service.head import HeadAsGet
from service.requestid import RequestIdMiddleware
from service.schemas.common import JsonTypesMiddleware
from service.web import errors as web_errors

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
    job_runner = jobs.start_in_server()  # None when CONVENE_RUN_JOBS_IN_SERVER=false
    # The app's own objects (routes, models, schemas: most of the heap) live as long as the
    # process; frozen, a full garbage collection no longer walks them in the middle of a request.
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        if dispatcher is not None:
            dispatcher.stop()
        if job_runner is not None:
            job_runner.stop()


def create_app() -> FastAPI:
    """Build the application."""
    app = FastAPI(
        title="Convene",
        version=__version__,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # service.api.docs serves /docs and /redoc from local assets
        redoc_url=None,
        generate_unique_id_function=api_openapi.operation_id,
    )
    api_errors.install(app, page_for=web_errors.page_for)
    app.add_middleware(JsonTypesMiddleware)  # JSON bodies take the documented types exactly
    idempotency.install(app)
    app.add_middleware(HeadAsGet)  # HEAD runs as GET through everything below
    app.add_middleware(ChangeMark)  # a browser's change marks it, so its Today shows the change
    app.add_middleware(audit_trail.RefusalTrail)  # refused accesses, on the audit trail
    # Twilio's webhooks first: routes are tried in order, and these are the busiest by far; with
    # the ~150 API and page routes ahead of them, matching took a quarter of a webhook's time.
    app.include_router(webhooks.router)
    api = APIRouter(prefix="/api/v1", dependencies=[Depends(check_parameters)])
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
        integrations,
    ):
        api.include_router(module.router)
    app.include_router(api)
    web.install(app)
    api_docs.install(app)
    api_openapi.install(app)
    metrics.install(app)
    app.add_middleware(RequestIdMiddleware)  # outermost: every log line of a request has its id

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
