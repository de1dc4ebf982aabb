"""Run the engine on a program's horizon, keep the proposal, and publish it as invitations."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

import scheduling
from service.accounts.auth import Principal
from service.cases import referrals as case_uc
from service.db import utcnow
from service.errors import Conflict, Invalid, NotFound
from service.hearings import seats
from service.messaging import hearing_texts
from service.messaging.languages import no_catalog_words, waits_for_choice
from service.messaging.wording import when
from service.models import Case, Hearing, MatchingRun, Program, SeatAssignment, Volunteer
from service.models.base import HOLDING_SEAT, HearingStatus, RunStatus, SeatStatus
from service.panels.problem import build_problem, db_id
from service.programs import program_zone

DEFAULT_TIME_LIMIT = 10.0


def run_matching(
    session: Session,
    program: Program,
    start: datetime,
    end: datetime,
    principal: Principal,
    *,
    hearing_ids: set[int] | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> MatchingRun:
    """Solve the horizon's incomplete panels and store the proposal with its explanation."""
    if end <= start:
        raise Invalid("the horizon must end after it starts", field="to")
    data = build_problem(session, program, start, end, hearing_ids=hearing_ids)
    problem = scheduling.load_problem(data)
    solution = scheduling.solve(problem, time_limit=time_limit, seed=0)
    explanation = scheduling.explain(problem, solution)
    run = MatchingRun(
        program_id=program.id,
        horizon_start=start,
        horizon_end=end,
        solver_status=solution.status,
        objective=solution.objective,
        lower_bound=solution.lower_bound,
        wall_seconds=float(solution.stats.get("wall_seconds", 0.0)),
        hearing_ids=[db_id(h["id"]) for h in data["hearings"]],
        problem=data,
        solution=scheduling.solution_to_dict(solution),
        explanation=explanation.to_dict(),
        created_by=principal.actor,
    )
    session.add(run)
    session.flush()
    return run


def volunteer_names(session: Session, ids: set[int]) -> dict[int, str]:
    """Volunteers' names by id."""
    if not ids:
        return {}
    return dict(
        session.exec(select(Volunteer.id, Volunteer.full_name).where(Volunteer.id.in_(ids))).all()
    )


def silent_volunteers(
    session: Session, run: MatchingRun
) -> tuple[list[Volunteer], list[Volunteer]]:
    """The volunteers matching left out as no invitation can reach them: those who opted out of
    texts, and those waiting for a coordinator's choice of language (languages.py), by name."""
    ids = sorted({db_id(v) for v in run.problem.get("opted_out", [])})
    if not ids:
        return [], []
    rows = session.exec(
        select(Volunteer).where(Volunteer.id.in_(ids)).order_by(Volunteer.full_name)
    ).all()
    waiting = [v for v in rows if waits_for_choice(v)]
    return [v for v in rows if not waits_for_choice(v)], waiting


def opted_out_words(session: Session, run: MatchingRun) -> str:
    """Who matching left out because no invitation can reach them, in words ('' if nobody)."""
    quiet, waiting = silent_volunteers(session, run)
    out = []
    if quiet:
        n = len(quiet)
        out.append(
            f"Not proposed: {n} volunteer{'s' if n != 1 else ''} opted out of texts, so no "
            f"invitation can reach them ({', '.join(v.full_name for v in quiet)})."
        )
    if waiting:
        n = len(waiting)
        said = "; ".join(f"{v.full_name} {no_catalog_words(v)}" for v in waiting)
        out.append(
            f"Not proposed: {n} volunteer{'s' if n != 1 else ''} Convene cannot text or email "
            f"in their language until a coordinator chooses English on Today or their page "
            f"({said})."
        )
    return " ".join(out)


def run_public(session: Session, run: MatchingRun) -> dict:
    """The proposal by hearing: each seat's volunteer, reason and cost; each empty seat's reason."""
    program = session.get(Program, run.program_id)
    zone = program_zone(program)
    why = {(a["hearing"], a["volunteer"]): a for a in run.explanation.get("assignments", [])}
    assignments = run.solution.get("assignments", [])
    names = volunteer_names(session, {db_id(a["volunteer"]) for a in assignments})
    current = {
        (h["id"], c["volunteer"])
        for h in run.problem.get("hearings", [])
        for c in h.get("current", [])
    }
    hearings = []
    for h in run.problem.get("hearings", []):
        seats = []
        for a in (a for a in assignments if a["hearing"] == h["id"]):
            w = why.get((a["hearing"], a["volunteer"]), {})
            seats.append(
                {
                    "role": a["role"],
                    "volunteer_id": db_id(a["volunteer"]),
                    "volunteer_name": names.get(db_id(a["volunteer"]), a["volunteer"]),
                    "already_invited": (h["id"], a["volunteer"]) in current,
                    "travel_km": round(w.get("travel_km", 0.0), 2),
                    "cost": {
                        "travel": round(w.get("travel_cost", 0.0), 2),
                        "load": round(w.get("load_cost", 0.0), 2),
                    },
                    "continuity": w.get("continuity", False),
                }
            )
        empty = [
            {
                "role": e["role"],
                "empty": e["empty"],
                "reason": e["sentence"],
                "filters": e["filters"],
            }
            for e in run.explanation.get("empty_seats", [])
            if e["hearing"] == h["id"]
        ]
        start = datetime.fromisoformat(h["start"])
        hearings.append(
            {
                "hearing_id": db_id(h["id"]),
                "start": start.astimezone(UTC).isoformat(),
                "local_start": start.astimezone(zone).isoformat(),
                "seats": seats,
                "empty_seats": empty,
            }
        )
    return {
        "id": run.id,
        "program_id": run.program_id,
        "status": run.status,
        "horizon_start": run.horizon_start.astimezone(UTC).isoformat(),
        "horizon_end": run.horizon_end.astimezone(UTC).isoformat(),
        "solver_status": run.solver_status,
        "edited": bool(run.explanation.get("edited")),
        "objective": run.objective,
        "lower_bound": run.lower_bound,
        "wall_seconds": run.wall_seconds,
        "terms": run.explanation.get("terms", {}),
        "opted_out": {
            "volunteer_ids": [db_id(v) for v in run.problem.get("opted_out", [])],
            "sentence": opted_out_words(session, run),
        },
        "hearings": hearings,
        "created_at": run.created_at.astimezone(UTC).isoformat(),
        "created_by": run.created_by,
    }


def get_run(session: Session, program_id: int, run_id: int) -> MatchingRun:
    """A run of this program, or 404."""
    run = session.get(MatchingRun, run_id)
    if run is None or run.program_id != program_id:
        raise NotFound(f"matching run {run_id} not found")
    return run


def empty_seats(run: MatchingRun) -> list[dict]:
    """The seats the proposal leaves empty: hearing id, role and how many."""
    return [
        {"hearing_id": db_id(e["hearing"]), "role": e["role"], "empty": e["empty"]}
        for e in run.explanation.get("empty_seats", [])
    ]


def publish(session: Session, run: MatchingRun, principal: Principal) -> list[SeatAssignment]:
    """Turn proposed seats into invitations, refusing with 409 anything published meanwhile."""
    if run.status != RunStatus.proposed:
        raise Conflict(f"this run is already {run.status}", field="run")
    problem_h = {db_id(h["id"]): h for h in run.problem["hearings"]}
    new = [
        a
        for a in run.solution["assignments"]
        if not any(
            c["volunteer"] == a["volunteer"]
            for c in problem_h[db_id(a["hearing"])].get("current", [])
        )
    ]
    # Lock the volunteers in id order (PostgreSQL) so concurrent publishes serialise, not deadlock.
    for v_id in sorted({db_id(a["volunteer"]) for a in new}):
        session.exec(select(Volunteer).where(Volunteer.id == v_id).with_for_update()).first()
    problems: list[dict] = []
    zone = program_zone(session.get(Program, run.program_id))
    names = volunteer_names(session, {db_id(a["volunteer"]) for a in new})

    def on(h_id: int) -> str:  # 'the hearing of Wed Dec 16, 6:30 PM'
        return "the hearing of " + when(
            datetime.fromisoformat(problem_h[h_id]["start"]), "en", zone
        )

    created = _change_roles(session, run, problem_h, problems)
    replaced = _drop_seats_not_kept(session, run, problem_h, problems)
    # A seat the proposal gives to someone else is freed first, so the seat counts below see the
    # place it leaves (a swap, or the engine replacing a current volunteer, is no "change since").
    for seat in replaced:
        seat.status = SeatStatus.replaced.value
        session.add(seat)
    session.flush()
    for a in new:
        h_id, v_id = db_id(a["hearing"]), db_id(a["volunteer"])
        hearing = session.get(Hearing, h_id)
        planned = problem_h[h_id]
        if (
            hearing is None
            or hearing.status != HearingStatus.scheduled
            or hearing.start_at != datetime.fromisoformat(planned["start"]).astimezone(UTC)
        ):
            problems.append(
                {
                    "field": f"hearing {h_id}",
                    "reason": f"{on(h_id)} was moved or cancelled since the run",
                }
            )
            continue
        if session.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == h_id, SeatAssignment.volunteer_id == v_id
            )
        ).first():
            problems.append(
                {
                    "field": f"hearing {h_id}",
                    "reason": f"{names.get(v_id, 'a volunteer')} already has a seat, or said no, "
                    f"on {on(h_id)}",
                }
            )
            continue
        taken = [
            s
            for s in session.exec(
                select(SeatAssignment).where(
                    SeatAssignment.hearing_id == h_id,
                    SeatAssignment.role == a["role"],
                    SeatAssignment.status.in_(HOLDING_SEAT),
                )
            ).all()
        ]
        count = next(s["count"] for s in planned["seats"] if s["role"] == a["role"])
        if len(taken) >= count:
            problems.append(
                {
                    "field": f"hearing {h_id}",
                    "reason": f"the {a['role'].replace('_', ' ')} seats of {on(h_id)} were "
                    "filled meanwhile",
                }
            )
            continue
        if seats.overlapping_seat(session, v_id, hearing.start_at, hearing.end_at, h_id):
            problems.append(
                {
                    "field": f"volunteer {v_id}",
                    "reason": f"{names.get(v_id, 'a volunteer')} now sits on another hearing "
                    f"at the time of {on(h_id)}",
                }
            )
            continue
        seat = SeatAssignment(
            hearing_id=h_id,
            volunteer_id=v_id,
            role=a["role"],
            status=SeatStatus.invited.value,
            invited_at=utcnow(),
        )
        session.add(seat)
        session.flush()  # later rows of this publish must see this seat
        created.append(seat)
    if problems:
        raise Conflict("panels changed since this run; run matching again", details=problems)
    run.status = RunStatus.published.value
    run.published_at = utcnow()
    session.add(run)

    for seat in replaced:
        hearing_texts.volunteer_removed(session, seat)
    for seat in created:
        hearing_texts.invite_volunteer(session, seat)
    for seat in created:
        hearing = session.get(Hearing, seat.hearing_id)
        case_uc.add_event(
            session,
            session.get(Case, hearing.case_id),
            "seat_invited",
            actor=principal.actor,
            detail=f"{seat.role} invited from matching run {run.id}",
        )
    session.flush()
    return created


def _change_roles(
    session: Session, run: MatchingRun, problem_h: dict, problems: list[dict]
) -> list[SeatAssignment]:
    """Seats in force whose volunteer the proposal keeps in another role: asked again in it.

    The engine may move a seated panelist to an empty facilitator seat when nobody else can
    take it. That is a different job, so the seat is invited afresh and the volunteer can say no.
    """
    changed = []
    for a in run.solution["assignments"]:
        h_id = db_id(a["hearing"])
        was = {c["volunteer"]: c["role"] for c in problem_h[h_id].get("current", [])}
        if a["volunteer"] not in was or was[a["volunteer"]] == a["role"]:
            continue
        seat = session.exec(
            select(SeatAssignment).where(
                SeatAssignment.hearing_id == h_id,
                SeatAssignment.volunteer_id == db_id(a["volunteer"]),
                SeatAssignment.role == was[a["volunteer"]],
                SeatAssignment.status.in_(HOLDING_SEAT),
            )
        ).first()
        if seat is None:
            problems.append(
                {"field": f"hearing {h_id}", "reason": "its panel changed since the run"}
            )
            continue
        seat.role = a["role"]
        seat.status = SeatStatus.invited.value
        seat.invited_at, seat.responded_at = utcnow(), None
        session.add(seat)
        changed.append(seat)
    session.flush()  # the capacity checks of new seats must count the moved ones
    return changed


def _drop_seats_not_kept(
    session: Session, run: MatchingRun, problem_h: dict, problems: list[dict]
) -> list:
    """Seats in force that the proposal does not keep (the volunteer no longer fits): to be replaced."""
    kept = {(a["hearing"], a["volunteer"]) for a in run.solution["assignments"]}
    out = []
    for h_id, planned in problem_h.items():
        for cur in planned.get("current", []):
            if (planned["id"], cur["volunteer"]) in kept:
                continue
            seat = session.exec(
                select(SeatAssignment).where(
                    SeatAssignment.hearing_id == h_id,
                    SeatAssignment.volunteer_id == db_id(cur["volunteer"]),
                )
            ).first()
            if seat is None or seat.status not in HOLDING_SEAT:
                problems.append(
                    {"field": f"hearing {h_id}", "reason": "its panel changed since the run"}
                )
                continue
            out.append(seat)
    return out
