"""Schemas for matching runs, proposals, swaps and publishing."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from service.schemas.common import AwareDatetime


class MatchingRunCreate(BaseModel):
    """Which hearings to match: a horizon, optionally narrowed to some hearings."""

    start: AwareDatetime = Field(alias="from")
    end: AwareDatetime = Field(alias="to")
    hearing_ids: list[int] | None = None
    time_limit: float = Field(default=10.0, gt=0, le=120)

    model_config = {
        "populate_by_name": True,
        "json_schema_extra": {
            "examples": [{"from": "2026-12-01T00:00:00-08:00", "to": "2026-12-29T00:00:00-08:00"}]
        },
    }

    @model_validator(mode="after")
    def _order(self):
        if self.end <= self.start:
            raise ValueError("'to' must be after 'from'")
        return self


class ProposedSeat(BaseModel):
    """A volunteer the engine proposes for a seat, with the reason and cost."""

    role: str
    volunteer_id: int
    volunteer_name: str
    already_invited: bool
    travel_km: float
    cost: dict[str, float]
    continuity: bool


class EmptySeat(BaseModel):
    """Seats the engine could not fill, and why (counts along the filters)."""

    role: str
    empty: int
    reason: str
    filters: list[dict]


class ProposedHearing(BaseModel):
    """One hearing's proposed panel."""

    hearing_id: int
    start: str
    local_start: str
    seats: list[ProposedSeat]
    empty_seats: list[EmptySeat]


class MatchingRunPublic(BaseModel):
    """A matching run and its proposal."""

    id: int
    program_id: int
    status: str
    horizon_start: str
    horizon_end: str
    solver_status: str
    objective: float
    lower_bound: float | None
    wall_seconds: float
    terms: dict[str, float]
    hearings: list[ProposedHearing]
    created_at: str
    created_by: str


class CandidatePublic(BaseModel):
    """A volunteer who could take a seat, and the objective change that would cause."""

    volunteer_id: int
    volunteer_name: str
    delta: float
    replaces: int | None
    travel_km: float


class SwapRequest(BaseModel):
    """Put a candidate on a proposed seat, replacing someone or filling an empty place."""

    hearing_id: int
    role: str = Field(min_length=1, max_length=32)
    volunteer_id: int
    replaces: int | None = None


class PublishResult(BaseModel):
    """What publishing created."""

    run_id: int
    invited: int
    seat_ids: list[int]
