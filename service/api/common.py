"""Query parameters shared by list routes, and the check every API route's query passes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel

from service.errors import Invalid, NotFound
from service.repo import MAX_ID
from service.schemas.common import InstantWithOffset


def answer(model: BaseModel, status_code: int = 200) -> Response:
    """`model` as the JSON body, serialised once. A sync route that returns the model has
    FastAPI check it again against its response_model, in one more trip to the thread pool:
    the busiest routes answer with this instead (their response_model still documents them)."""
    body = model.model_dump_json(by_alias=True)
    return Response(body, status_code=status_code, media_type="application/json")


class PageParams(BaseModel):
    """Which page of a list to return."""

    limit: int
    offset: int


async def page_params(
    limit: Annotated[int, Query(ge=1, le=200, description="rows per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
) -> PageParams:
    """Validated paging parameters."""
    return PageParams(limit=limit, offset=offset)


PageDep = Annotated[PageParams, Depends(page_params)]


# The query parameters each route takes, by the route's id: read once from its dependencies.
_QUERY_NAMES: dict[int, frozenset[str]] = {}


def _query_names(dependant) -> frozenset[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return frozenset(names)


async def check_parameters(request: Request) -> None:
    """Refuse a query parameter given twice (every one of ours takes one value) or unknown,
    and answer 404 for an id no row can have."""
    # async: no I/O here, so it runs in the event loop instead of costing a worker-thread trip.
    # FastAPI would silently use the last, so `?to=<bad>&to=<good>` would pass as valid.
    for name in request.query_params:
        if len(request.query_params.getlist(name)) > 1:
            raise Invalid(f"give {name} once", field=f"query.{name}")
    for name, value in request.path_params.items():
        # An id beyond the 32-bit columns names no row: "not found", not the database's refusal
        if name.endswith("_id") and value.isdigit() and int(value) > MAX_ID:
            raise NotFound(f"{name.removesuffix('_id').replace('_', ' ')} {value} not found")
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _QUERY_NAMES.get(id(route))
    if known is None:
        known = _QUERY_NAMES[id(route)] = _query_names(dependant)
    for name in request.query_params:
        if name not in known:
            # A misspelt filter (?stauts=open) would otherwise answer everything, unfiltered.
            takes = ", ".join(sorted(known)) or "no query parameters"
            raise Invalid(
                f"unknown query parameter {name[:40]!r}; this endpoint takes {takes}",
                field=f"query.{name[:40]}",
            )


UpdatedSince = Annotated[
    InstantWithOffset | None,
    Query(
        description="only rows changed at or after this instant (ISO 8601 with a UTC offset, "
        "e.g. 2026-12-01T18:30:00Z), ordered by `updated_at` then `id`; keep the last row's "
        "`updated_at` for the next call and drop the ids you already have",
        examples=["2026-12-01T18:30:00Z"],
    ),
]
