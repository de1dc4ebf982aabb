"""Schemas for matching runs, proposals, swaps and publishing."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from service.schemas.common import AwareDatetime, Flag, Int, Number, Text


class MatchingRunCreate(BaseModel):
    """Which hearings to match: a horizon, optionally narrowed to some hearings."""

    start: AwareDatetime = Field(alias="from")
    end: AwareDatetime = Field(alias="to")
    hearing_ids: list[Int] | None = None
    time_limit: Number = Field(default=10.0, gt=0, le=120)

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

    role: Text
    volunteer_id: Int
    volunteer_name: Text
    already_invited: Flag
    travel_km: Number
    cost: dict[str, Number]
    continuity: Flag


class EmptySeat(BaseModel):
    """Seats the engine could not fill, and why (counts along the filters)."""

    role: Text
    empty: Int
    reason: Text
    filters: list[dict]


class ProposedHearing(BaseModel):
    """One hearing's proposed panel."""

    hearing_id: Int
    start: Text
    local_start: Text
    seats: list[ProposedSeat]
    empty_seats: list[EmptySeat]


class OptedOut(BaseModel):
    """Volunteers matching left out because they opted out of texts (no invitation reaches them)."""

    volunteer_ids: list[Int] = Field(default_factory=list)
    sentence: Text = Field(default="", description="who was left out and why, in words")


class MatchingRunPublic(BaseModel):
    """A matching run and its proposal."""

    id: Int
    program_id: Int
    status: Text
    horizon_start: Text
    horizon_end: Text
    solver_status: Text = Field(
        description="what the engine proved of its own proposal (optimal or feasible)"
    )
    edited: Flag = Field(
        default=False,
        description="a person changed seats after the engine: the proposal is no longer "
        "the one solver_status speaks of",
    )
    objective: Number
    lower_bound: Number | None
    wall_seconds: Number
    terms: dict[str, Number]
    opted_out: OptedOut = Field(default_factory=OptedOut)
    hearings: list[ProposedHearing]
    created_at: Text
    created_by: Text


class CandidatePublic(BaseModel):
    """A volunteer who could take a seat, and the objective change that would cause."""

    volunteer_id: Int
    volunteer_name: Text
    delta: Number
    replaces: Int | None
    travel_km: Number


class SwapRequest(BaseModel):
    """Put a candidate on a proposed seat, replacing someone or filling an empty place."""

    hearing_id: Int
    role: Text = Field(min_length=1, max_length=32)
    volunteer_id: Int
    replaces: Int | None = Field(
        default=None,
        description="the proposed volunteer whose seat this is; without it the engine's "
        "cheapest one to replace is taken, or an empty place filled",
    )


class SeatLeftEmpty(BaseModel):
    """Places a published proposal leaves empty on one seat of a hearing."""

    hearing_id: Int
    role: Text
    empty: Int


class PublishResult(BaseModel):
    """What publishing created, and the seats that stay empty."""

    run_id: Int
    invited: Int
    seat_ids: list[Int]
    empty_seats: list[SeatLeftEmpty] = []
