"""Matching runs: a problem built from the database, the engine's proposal and its explanation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from service.models.base import utc_field


class MatchingRun(SQLModel, table=True):
    """One run of the matching engine over a program's horizon, and what became of it."""

    __tablename__ = "matching_run"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'published', 'discarded')", name="ck_matching_run_status"
        ),
        CheckConstraint("horizon_start < horizon_end", name="ck_matching_run_horizon"),
        Index("ix_matching_run_program_created", "program_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(foreign_key="program.id", ondelete="CASCADE")
    horizon_start: datetime = utc_field()
    horizon_end: datetime = utc_field()
    status: str = Field(default="proposed", max_length=16)
    solver_status: str = Field(max_length=16)
    objective: float
    lower_bound: float | None = None
    wall_seconds: float = 0
    hearing_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    problem: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    solution: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    explanation: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(default="system", max_length=254)
    created_at: datetime = utc_field(default_now=True)
    published_at: datetime | None = utc_field(nullable=True)
