"""The API's documentation pages, served offline under a Content-Security-Policy of their own.

FastAPI's default /docs and /redoc load Swagger UI and ReDoc from a CDN and start them with an
inline script: the app's policy (script-src 'self') blocked both, so the pages were blank, and an
offline deployment could not reach the CDN anyway. The assets come from `fastapi-offline`, a
maintained package that ships them; each page starts its viewer from a static file.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
# The viewers style their own elements from script (React and styled-components insert style
# elements) and ReDoc searches in a blob worker; scripts still come from Convene alone.
DOCS_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'"
)

_SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" data-openapi-url="{openapi_url}"></main>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""

_REDOC = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · API reference</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<redoc spec-url="{openapi_url}"></redoc>
<script src="/docs-assets/redoc.standalone.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """Serve /docs (Swagger UI) and /redoc (ReDoc) from local assets."""
    app.mount("/docs-assets", StaticFiles(directory=ASSETS), name="docs-assets")
    page = {"title": app.title, "openapi_url": app.openapi_url}

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(
            _SWAGGER.format(**page), headers={"Content-Security-Policy": DOCS_POLICY}
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(_REDOC.format(**page), headers={"Content-Security-Policy": DOCS_POLICY})
