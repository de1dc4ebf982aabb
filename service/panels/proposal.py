"""A matching run as a coordinator reads it: each hearing by case, kind, venue and local time;
each seat's reason in words (distance, hearings this month, language, the case before); why
empty seats stay empty; whether a person changed the engine's proposal; what publishing left."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from scheduling.eligibility import BUSY_ELSEWHERE
from service import wording
from service.db import local_today
from service.models import Hearing, MatchingRun, Program
from service.models.base import HearingStatus, RunStatus
from service.panels import queries
from service.panels.problem import db_id, hid, vid
from service.panels.runs import opted_out_words, silent_volunteers, volunteer_names
from service.programs import program_zone
from service.wording import language_name

STATUS_WORDS = {
    RunStatus.proposed.value: "proposed, nothing sent yet",
    RunStatus.published.value: "published, volunteers invited",
    RunStatus.discarded.value: "set aside",
}
# What each step of an empty seat's explanation rules out, said of one and of several people.
DROPPED = {
    "free of blackouts": ("is away (a blackout)", "are away (a blackout)"),
    BUSY_ELSEWHERE: ("is busy on another hearing", "are busy on another hearing"),
    "within reach": ("lives too far away", "live too far away"),
    "without conflict or exclusion": (
        "knows a party, declined or was excused",
        "know a party, declined or were excused",
    ),
    "free of other hearings": (
        "is proposed for another hearing then",
        "are proposed for another hearing then",
    ),
    "under their cap": ("has reached their monthly limit", "have reached their monthly limit"),
}


def role_words(role: str) -> str:
    """A seat's role inside a sentence: 'facilitator', 'case manager'."""
    return wording.role_words(role).lower()


def when_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Wed Dec 16, 6:30 PM' in the program's zone."""
    local = moment.astimezone(zone)
    return f"{local:%a %b} {local.day}, " + local.strftime("%I:%M %p").lstrip("0")


def day_words(moment: datetime, zone: ZoneInfo) -> str:
    """'Wed Dec 16' in the program's zone."""
    local = moment.astimezone(zone)
    return f"{local:%a %b} {local.day}"


def default_horizon(program: Program) -> tuple[str, str]:
    """The matching form's first and last day: the program's today and four weeks on."""
    today = local_today(program_zone(program))
    return today.isoformat(), (today + timedelta(days=28)).isoformat()


def _dropped(name: str, n: int) -> str:
    if name.startswith("speak "):
        lang = language_name(name.removeprefix("speak "))
        return f"{n} {'does' if n == 1 else 'do'} not speak {lang}"
    if name.startswith("available "):
        when = name.removeprefix("available ")
        return f"{n} {'is' if n == 1 else 'are'} not available {when}"
    one, many = DROPPED.get(name, (f"is not {name}", f"are not {name}"))
    return f"{n} {one if n == 1 else many}"


def empty_reason(filters: list[dict]) -> tuple[str, dict[str, int]]:
    """Why a seat stays empty, in words, and how many each step ruled out by step name."""
    if not filters:
        return "No one could be found for this seat.", {}
    steps = [(f["filter"], int(f["count"])) for f in filters]
    trained = steps[0][1]
    if trained == 0:
        return "No volunteer holds the training this seat needs.", {}
    out, counts, before = [], {}, trained
    for name, left in steps[1:]:
        if before - left > 0:
            counts[name] = before - left
            out.append(_dropped(name, before - left))
        before = left
    sentence = f"Of {trained} trained volunteer{'s' if trained != 1 else ''}, " + (
        ", ".join(out) if out else "none is ruled out"
    )
    if before > 0:
        sentence += (
            f"; {before} could sit here but the engine placed "
            f"{'them' if before > 1 else 'this one'} where they are needed more"
        )
    return sentence + ".", counts


class _Context:
    """What the words of a run's seats need: the problem's volunteers and hearings, the load."""

    def __init__(self, run: MatchingRun, zone: ZoneInfo):
        self.volunteers = {v["id"]: v for v in run.problem.get("volunteers", [])}
        self.hearings = {h["id"]: h for h in run.problem.get("hearings", [])}
        self.load = Counter(a["volunteer"] for a in run.solution.get("assignments", []))
        self.month = run.horizon_start.astimezone(zone).replace(day=1)
        self.since = f"{self.month:%b} 1"

    def reasons(self, hearing: str, role: str, volunteer: str, km: float, extra: int) -> list[str]:
        """Distance, hearings this month (this one included), language, the case before."""
        v = self.volunteers.get(volunteer, {})
        h = self.hearings.get(hearing, {})
        n = v.get("prior_assignments", 0) + self.load[volunteer] + extra
        if h.get("online"):
            out = ["joins by video"]
        else:
            out = ["under 1 km from home" if km < 1 else f"{km:.0f} km from home"]
        out.append(
            f"no other hearing since {self.since}"
            if n <= 1
            else f"{n} hearings since {self.since} with this one"
        )
        seat = next((s for s in h.get("seats", []) if s["role"] == role), {})
        if seat.get("language"):
            out.append(f"speaks {language_name(seat['language'])}")
        if volunteer in h.get("preferred", []):
            out.append("sat on an earlier hearing of this case")
        was = {c["volunteer"]: c["role"] for c in h.get("current", [])}
        if volunteer in was and was[volunteer] != role:
            out.append(f"asked again as {role_words(role)} (now {role_words(was[volunteer])})")
        return out


def _changed_since(hearing: Hearing | None, planned: datetime) -> str:
    """Whether the hearing was cancelled or moved since the run, in words ('' if not)."""
    if hearing is None or hearing.status == HearingStatus.cancelled:
        return "cancelled since this run"
    if hearing.status != HearingStatus.scheduled:
        return "no longer scheduled"
    return "moved since this run" if hearing.start_at != planned else ""


def _quality(run: MatchingRun, names: dict[int, str], labels: dict[int, str]) -> dict:
    """What the page says of the proposal's quality, and the seats changed by hand."""
    edited = run.explanation.get("edited")
    status = edited["engine_status"] if edited else run.solver_status
    if status == "optimal":
        engine, alone = "the best possible (proven)", "The best possible proposal (proven)"
    else:
        bound = run.lower_bound if run.lower_bound is not None else run.objective
        objective = edited["engine_objective"] if edited else run.objective
        gap = 100 * (objective - bound) / (objective or 1)
        engine = f"within {gap:.1f}% of the best possible"
        alone = f"A good proposal, {engine}"
    if not edited:
        return {"sentence": alone, "edited": False, "changes": []}
    changes = []
    for s in edited.get("swaps", []):
        name_in = names.get(s["volunteer_in"], "someone")
        where = labels.get(s["hearing_id"], "a hearing")
        if s.get("volunteer_out"):
            text = f"{name_in} in place of {names.get(s['volunteer_out'], 'someone')}"
        else:
            text = f"{name_in} on an empty place"
        changes.append(f"{text}, {role_words(s['role'])}, {where}")
    n = len(changes)
    return {
        "sentence": f"Changed by hand after matching ({n} change{'s' if n != 1 else ''}); "
        f"the engine's own proposal was {engine}",
        "edited": True,
        "changes": changes,
    }


def proposal(session: Session, run: MatchingRun, program: Program) -> dict:
    """The run for its page: header, then each hearing with its seats and empty seats."""
    zone = program_zone(program)
    ctx = _Context(run, zone)
    why = {(a["hearing"], a["volunteer"]): a for a in run.explanation.get("assignments", [])}
    assignments = run.solution.get("assignments", [])
    edited = run.explanation.get("edited") or {}
    swapped_in = {(s["hearing_id"], s["volunteer_in"]) for s in edited.get("swaps", [])}
    ids = {db_id(a["volunteer"]) for a in assignments} | {
        x for s in edited.get("swaps", []) for x in (s["volunteer_in"], s.get("volunteer_out"))
    }
    names = volunteer_names(session, {x for x in ids if x})
    found = queries.proposal_hearings(session, {db_id(h["id"]) for h in ctx.hearings.values()})
    hearings, labels = [], {}
    quiet, waiting = silent_volunteers(session, run)
    for h in run.problem.get("hearings", []):
        h_id = db_id(h["id"])
        hearing, case, kind, venue = found.get(h_id, (None, None, None, None))
        start = datetime.fromisoformat(h["start"])
        label = f"{kind.name if kind else 'Hearing'} {when_words(start, zone)}"
        labels[h_id] = label
        current = {c["volunteer"] for c in h.get("current", [])}
        seats = []
        order = [x["role"] for x in h.get("seats", [])]
        mine = [a for a in assignments if a["hearing"] == h["id"]]
        mine.sort(key=lambda a: order.index(a["role"]) if a["role"] in order else len(order))
        for a in mine:
            v_id = db_id(a["volunteer"])
            w = why.get((a["hearing"], a["volunteer"]), {})
            seats.append(
                {
                    "row": f"seat-{h_id}-{v_id}",
                    "role": a["role"],
                    "role_words": role_words(a["role"]),
                    "volunteer_id": v_id,
                    "name": names.get(v_id, "a volunteer"),
                    "already_invited": a["volunteer"] in current,
                    "by_hand": (h_id, v_id) in swapped_in,
                    "reasons": ctx.reasons(
                        h["id"], a["role"], a["volunteer"], w.get("travel_km", 0.0), 0
                    ),
                }
            )
        empty = []
        for e in run.explanation.get("empty_seats", []):
            if e["hearing"] != h["id"]:
                continue
            sentence, counts = empty_reason(e.get("filters", []))
            if quiet:
                sentence += (
                    f" Not counted: {len(quiet)} volunteer{'s' if len(quiet) != 1 else ''}"
                    " who opted out of texts."
                )
            if waiting:
                sentence += (
                    f" Not counted: {len(waiting)} volunteer{'s' if len(waiting) != 1 else ''}"
                    " waiting for a choice of language."
                )
            empty.append(
                {
                    "row": f"empty-{h_id}-{e['role']}",
                    "role": e["role"],
                    "role_words": role_words(e["role"]),
                    "empty": e["empty"],
                    "reason": sentence,
                    "counts": counts,
                }
            )
        hearings.append(
            {
                "hearing_id": h_id,
                "label": label,
                "when": when_words(start, zone),
                "kind": kind.name if kind else "Hearing",
                "case_id": case.id if case else None,
                "case_ref": case.external_ref if case else "",
                "venue": venue.name if venue else "",
                "changed": _changed_since(hearing, start),
                "seats": seats,
                "empty_seats": empty,
            }
        )
    horizon_last = run.horizon_end - timedelta(microseconds=1)
    kept = {(a["hearing"], a["volunteer"], a["role"]) for a in assignments}
    held = {
        (h["id"], c["volunteer"], c["role"])
        for h in run.problem.get("hearings", [])
        for c in h.get("current", [])
    }
    return {
        "to_invite": len(kept - held),
        "to_release": len({(x[0], x[1]) for x in held} - {(k[0], k[1]) for k in kept}),
        "id": run.id,
        "program_id": run.program_id,
        "status": run.status,
        "status_words": STATUS_WORDS.get(run.status, run.status),
        "horizon": f"{day_words(run.horizon_start, zone)} to {day_words(horizon_last, zone)}",
        "quality": _quality(run, names, labels),
        "opted_out": opted_out_words(session, run),
        "wall_seconds": run.wall_seconds,
        "hearings": hearings,
        "left_empty": left_empty(hearings),
    }


def left_empty(hearings: list[dict]) -> list[dict]:
    """Every empty seat of the proposal with the links to fill it by hand."""
    return [
        {
            "hearing_id": h["hearing_id"],
            "label": h["label"],
            "role_words": e["role_words"],
            "empty": e["empty"],
            "find": f"/hearings/{h['hearing_id']}/seats/find?role={e['role']}",
            "panel": f"/hearings/{h['hearing_id']}#panel",
        }
        for h in hearings
        for e in h["empty_seats"]
    ]


def publish_message(session: Session, run: MatchingRun, program: Program, invited: int) -> str:
    """'Published: 3 volunteers invited. 1 seat stays empty: Community panel Wed Dec 16, ...'"""
    said = f"Published: {invited} volunteer{'s' if invited != 1 else ''} invited."
    empty = proposal(session, run, program)["left_empty"]
    n = sum(e["empty"] for e in empty)
    if not n:
        return said + " Every seat is filled."
    where = "; ".join(
        f"{e['label']} ({e['role_words']}{', ' + str(e['empty']) + ' places' if e['empty'] > 1 else ''})"
        for e in empty
    )
    stays = "1 seat stays empty" if n == 1 else f"{n} seats stay empty"
    return f"{said} {stays}: {where}. Find a volunteer for each below."


def candidates(
    session: Session,
    run: MatchingRun,
    program: Program,
    hearing_id: int,
    role: str,
    replaces: int | None,
) -> dict:
    """The ranked volunteers for one seat (the one `replaces` holds, or an empty place), in words."""
    ctx = _Context(run, program_zone(program))
    found = queries.candidates(session, run, hearing_id, role, k=5)
    others = {a["volunteer"] for a in run.solution.get("assignments", [])}
    out_name = volunteer_names(session, {replaces}).get(replaces) if replaces else None
    held = {
        c["volunteer"]
        for h in run.problem.get("hearings", [])
        if h["id"] == hid(hearing_id)
        for c in h.get("current", [])
    }
    rows = []
    for c in found:
        km = c.found.travel_km
        reasons = ctx.reasons(hid(hearing_id), role, vid(c.volunteer_id), km, 1)
        if vid(c.volunteer_id) in others:
            reasons.append("also proposed for another hearing in this run")
        rows.append(
            {
                "volunteer_id": c.volunteer_id,
                "name": c.name,
                "reasons": reasons,
                # the seat clicked; without one, the engine's choice of whom to replace
                "replaces": replaces if replaces else c.replaces,
            }
        )
    return {
        "hearing_id": hearing_id,
        "role": role,
        "role_words": role_words(role),
        "replaces": replaces,
        "replaces_name": out_name,
        # an invited volunteer taken off is told so when the run is published
        "replaces_invited": bool(replaces) and vid(replaces) in held,
        "full": any(c.replaces for c in found),
        "rows": rows,
    }


def recent_runs(runs: list[MatchingRun], programs: list[Program]) -> list[dict]:
    """The latest runs for the matching home page: program, horizon and status in words."""
    by_id = {p.id: p for p in programs}
    out = []
    for r in runs:
        program = by_id.get(r.program_id)
        if program is None:
            continue
        zone = program_zone(program)
        last = r.horizon_end - timedelta(microseconds=1)
        out.append(
            {
                "id": r.id,
                "program_id": r.program_id,
                "program": program.name,
                "horizon": f"{day_words(r.horizon_start, zone)} to {day_words(last, zone)}",
                "status_words": STATUS_WORDS.get(r.status, r.status),
                "edited": bool(r.explanation.get("edited")),
            }
        )
    return out
