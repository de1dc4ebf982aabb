"""The OpenAPI document as a client reads it: readable unique operation ids, Idempotency-Key on
the POSTs that honour it, and an example for every request body that its schema and the API
accept."""

from __future__ import annotations

import importlib
import pkgutil
import re

import jsonschema_rs
import pytest
from pydantic import BaseModel

import service.schemas
from service.api.openapi import NO_IDEMPOTENCY
from service.main import create_app

APP = create_app()
SPEC = APP.openapi()
OPERATIONS = [
    (method, path, op)
    for path, ops in SPEC["paths"].items()
    for method, op in ops.items()
    if method in ("get", "post", "put", "patch", "delete")
]
BODIES = [
    (op["operationId"], media)
    for _, _, op in OPERATIONS
    for media in op.get("requestBody", {}).get("content", {}).values()
]


def test_every_operation_has_a_readable_unique_id():
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    unreadable = [i for i in ids if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) or "api-v1" in i]
    assert unreadable == []
    assert {"cases-create", "cases-list", "hearings-book", "volunteers-add-certification"} <= set(
        ids
    )


def test_idempotency_key_is_documented_on_the_posts_that_honour_it():
    for method, path, op in OPERATIONS:
        names = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        honoured = method == "post" and path.startswith("/api/v1/") and path not in NO_IDEMPOTENCY
        assert ("Idempotency-Key" in names) == honoured, (method, path)
    (key,) = [
        p
        for p in SPEC["paths"]["/api/v1/cases"]["post"]["parameters"]
        if p["name"] == "Idempotency-Key"
    ]
    assert key["required"] is False and "first answer" in key["description"]


def test_there_are_request_bodies_to_check():
    assert len(BODIES) >= 40


@pytest.mark.parametrize(("operation", "media"), BODIES, ids=[b[0] for b in BODIES])
def test_every_request_body_has_an_example_its_schema_accepts(operation, media):
    assert "example" in media, f"{operation}: add an example in service/schemas/examples.py"
    schema = {**media["schema"], "components": SPEC["components"]}
    validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(media["example"])]
    assert errors == [], f"{operation}: {errors}"


def _models() -> dict[str, type]:
    """The request schemas by the name the document gives them."""
    found = {}
    for info in pkgutil.iter_modules(service.schemas.__path__, "service.schemas."):
        for name, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, type) and issubclass(value, BaseModel):
                found.setdefault(name, value)
    return found


MODELS = _models()


@pytest.mark.parametrize(("operation", "media"), BODIES, ids=[b[0] for b in BODIES])
def test_every_example_passes_the_apis_own_validation(operation, media):
    """The schema's pydantic model checks more than JSON Schema can (phone numbers, languages,
    rules across fields): the example passes it as the endpoint would parse it."""
    model = MODELS[media["schema"]["$ref"].rsplit("/", 1)[-1]]
    model.model_validate(media["example"])


def test_the_api_accepts_the_examples(world):
    """The create examples, posted as they are (ids swapped for this database's)."""
    example = lambda path: SPEC["paths"][path]["post"]["requestBody"]["content"][  # noqa: E731
        "application/json"
    ]["example"]
    post = lambda path, body: world.client.post(path, json=body, headers=world.admin)  # noqa: E731
    assert post("/api/v1/programs", example("/api/v1/programs")).status_code == 201
    hood = post("/api/v1/neighborhoods", example("/api/v1/neighborhoods"))
    assert hood.status_code == 201, hood.text
    venue = post("/api/v1/venues", example("/api/v1/venues"))
    assert venue.status_code == 201, venue.text
    volunteer = post("/api/v1/volunteers", example("/api/v1/volunteers"))
    assert volunteer.status_code == 201, volunteer.text
    case = post("/api/v1/cases", {**example("/api/v1/cases"), "program_id": world.njp["id"]})
    assert case.status_code == 201, case.text
    note = world.client.post(  # notes are the program's coordinators', not the admin's
        f"/api/v1/cases/{case.json()['id']}/notes",
        json=example("/api/v1/cases/{case_id}/notes"),
        headers=world.coordinator,
    )
    assert note.status_code == 201, note.text
    blackout = post(
        f"/api/v1/volunteers/{volunteer.json()['id']}/blackouts",
        example("/api/v1/volunteers/{volunteer_id}/blackouts"),
    )
    assert blackout.status_code == 201, blackout.text
