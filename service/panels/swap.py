"""A proposed seat changed by hand before publishing: the exact seat clicked, remembered."""

from __future__ import annotations

from datetime import UTC

from sqlmodel import Session

import scheduling
from service import audit
from service.accounts.auth import Principal
from service.db import utcnow
from service.errors import Invalid
from service.models import MatchingRun
from service.models.base import RunStatus
from service.panels.problem import db_id, hid, vid


def swap(
    session: Session,
    run: MatchingRun,
    hearing_id: int,
    role: str,
    volunteer_in: int,
    volunteer_out: int | None,
    principal: Principal | None = None,
) -> MatchingRun:
    """Replace one proposed seat (the one `volunteer_out` holds) or fill an empty place.

    Without `volunteer_out` the engine's cheapest occupant to replace is taken (older API
    callers). The run remembers it was changed by hand, so it no longer claims the engine's best.
    """
    if run.status != RunStatus.proposed:
        raise Invalid(f"a {run.status} run cannot be edited", field="run")
    problem = scheduling.load_problem(run.problem)
    assignments = [scheduling.Assignment(**a) for a in run.solution["assignments"]]
    h = hid(hearing_id)
    occupants = [a.volunteer for a in assignments if a.hearing == h and a.role == role]
    if volunteer_out is not None and vid(volunteer_out) not in occupants:
        raise Invalid(
            f"volunteer {volunteer_out} is not proposed as {role} for hearing {hearing_id} "
            "in this run; reload the proposal and choose again",
            field="replaces",
        )
    try:
        found = scheduling.candidates(problem, assignments, h, role, k=50)
    except scheduling.ProblemError as exc:
        raise Invalid(str(exc), field="hearing_id") from exc
    pick = next((c for c in found if c.volunteer == vid(volunteer_in)), None)
    if pick is None:
        raise Invalid(f"volunteer {volunteer_in} cannot take this seat", field="volunteer_id")
    out = vid(volunteer_out) if volunteer_out is not None else pick.replaces
    kept = [
        a for a in assignments if not (a.hearing == h and a.role == role and a.volunteer == out)
    ]
    kept.append(scheduling.Assignment(hearing=h, volunteer=vid(volunteer_in), role=role))
    check = scheduling.check_solution(problem, kept)
    if not check.valid:
        raise Invalid(
            "that swap would break a rule: " + "; ".join(check.violations[:3]), field="volunteer_id"
        )
    new = scheduling.Solution(
        assignments=sorted(kept),
        objective=check.objective,
        lower_bound=run.lower_bound,
        status="feasible",
        stats={"edited": True},
    )
    edited = run.explanation.get("edited") or {
        "engine_status": run.solver_status,
        "engine_objective": run.objective,
        "swaps": [],
    }
    change = {
        "hearing_id": hearing_id,
        "role": role,
        "volunteer_in": volunteer_in,
        "volunteer_out": db_id(out) if out else None,
        "by": principal.actor if principal else "system",
        "at": utcnow().astimezone(UTC).isoformat(),
    }
    edited = edited | {"swaps": [*edited.get("swaps", []), change]}
    run.solution = scheduling.solution_to_dict(new)
    run.objective = check.objective
    run.explanation = scheduling.explain(problem, new).to_dict() | {"edited": edited}
    session.add(run)
    if principal is not None:
        audit.by(
            session,
            principal,
            "swap",
            "matching_run",
            run.id,
            detail=f"hearing {hearing_id} {role}: volunteer {volunteer_in} in, "
            f"{change['volunteer_out'] or 'nobody'} out",
        )
    session.flush()
    return run


def edited_by_hand(run: MatchingRun) -> dict | None:
    """What the engine proposed and the seats changed by hand since, or None if untouched."""
    return run.explanation.get("edited")
