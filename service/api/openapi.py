"""The OpenAPI document as clients read it: readable operation ids, Idempotency-Key where it
counts, an example for every request body, and JSON Schema's names for numeric bounds."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.routing import APIRoute

from service.idempotency import MAX_KEY
from service.schemas.common import fix_bounds
from service.schemas.examples import EXAMPLES

API = "/api/v1/"
# POSTs that carry no caller's credentials: the middleware ignores a key there (service/idempotency).
NO_IDEMPOTENCY = {"/api/v1/auth/login", "/api/v1/auth/totp/enrol", "/api/v1/auth/totp/confirm"}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID, say) the caller makes up for this request. Sent again with "
        "the same body, the request gets the first answer again instead of making a second "
        "record (safe retries after a timeout); the same key with another body gets 422 "
        "`idempotency_mismatch`. Keys belong to the caller's credentials."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY, "pattern": r"^[!-~][ -~]*$"},
    "example": "5f0c3c1e-8d0a-4b5e-9c61-2f1d8e7a9b42",
}


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word.removesuffix("s")


def operation_id(route: APIRoute) -> str:
    """`cases-create`, `volunteers-add-certification`: the resource the path starts with, then
    the endpoint's name without the resource's own word (unique: a test checks)."""
    literal = [p for p in route.path_format.removeprefix(API).split("/") if p and "{" not in p]
    resource = literal[0] if literal else "root"

    def words_of(segment: str) -> set[str]:
        parts = re.split(r"[-_.]", segment)
        return {*parts, *map(_singular, parts)}

    words = [w for w in route.name.split("_") if w not in words_of(resource)]
    # DELETE /users/{id}/totp is `reset`: the last segment says what is reset.
    if len(literal) > 1 and not words_of(literal[-1]) & {*words, *map(_singular, words)}:
        words.append(literal[-1])
    return "-".join([resource, *words]).lower().replace("_", "-").replace(".", "-")


def document(spec: dict) -> dict:
    """Add the Idempotency-Key header and the request bodies' examples; name the bounds."""
    for path, operations in spec.get("paths", {}).items():
        for method, op in operations.items():
            if method == "post" and path.startswith(API) and path not in NO_IDEMPOTENCY:
                op.setdefault("parameters", []).append(dict(IDEMPOTENCY_KEY))
            for media in op.get("requestBody", {}).get("content", {}).values():
                name = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
                if name in EXAMPLES:
                    media["example"] = EXAMPLES[name]
    return fix_bounds(spec)


def install(app: FastAPI) -> None:
    """Serve the documented OpenAPI (built once, on first request)."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = document(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
