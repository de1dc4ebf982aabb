"""Today as the coordinator's to-do list: what waits, in words, each item linking to where it
is done, oldest first, in the caller's programs.

Every list comes from one query (`todo_queries`); dates and times are in each program's zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from service.accounts.auth import Principal
from service.config import get_settings
from service.db import local_today, utcnow
from service.messaging.languages import sms_languages, to_do_words
from service.messaging.wording import role_label, short_date, when
from service.models.base import HOLDING_SEAT, SeatStatus
from service.outcomes.progress import OPEN, is_overdue
from service.outcomes.wording import kind_label
from service.programs import program_zone, seats_of_kinds
from service.reports import todo_languages
from service.reports import todo_queries as q
from service.reports.todo_words import (
    INTENT_WORDS,
    SECTIONS,
    days_word,
    phone_words,
    text_words,
    waiting_word,
)

LIMIT = 50  # items a list of the API's attention shows; it says "and N more" beyond
LIMIT_ALL = 500  # items a list's own page shows
HORIZON_DAYS = 28  # how far ahead Today looks for seats to fill
DUE_SOON_DAYS = 7


class _Clock:
    """Now, each program's own date (computed once per program), and how many items to list."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.now = utcnow()
        self.limit = limit
        self._today: dict[int, date] = {}

    service_zone = ZoneInfo(get_settings().timezone)

    def today(self, program) -> date:
        if program.id not in self._today:
            self._today[program.id] = local_today(program_zone(program))
        return self._today[program.id]

    def when(self, moment: datetime, program) -> str:
        return when(moment, "en", program_zone(program))

    def local_day(self, moment: datetime, program) -> date:
        return moment.astimezone(program_zone(program)).date()


def _named(case, participant: str | None) -> str:
    """'NJP-2026-01013, Rosa Villanueva': the case as coordinators know it."""
    return f"{case.external_ref}, {participant}" if participant else case.external_ref


# Every item has every key (the page reads them by subscript, not with a call per key)
_OPTIONAL = dict.fromkeys(("received", "inbound_id", "message_id", "texts_in_english"))


def _item(url, label, detail="", **extra) -> dict:
    return (
        {"url": url, "label": label, "detail": detail, "lines": [], "links": []} | _OPTIONAL | extra
    )


def _referrals(session, principal, clock) -> tuple[list, int]:
    rows, total = q.referrals_waiting(session, principal, clock.limit)
    items = [
        _item(
            f"/cases/{case.id}",
            _named(case, case.participant),
            f"{case.Program.name} · referred {short_date(case.referred_on, 'en')} · "
            + waiting_word(case.referred_on, clock.today(case.Program)),
            days=(clock.today(case.Program) - case.referred_on).days,
        )
        for case in rows
    ]
    return items, total


def _outcomes(session, principal, clock) -> tuple[list, int]:
    rows, total = q.outcomes_missing(session, principal, clock.now, clock.limit)
    items = [
        _item(
            f"/hearings/{h.id}/outcome",
            f"Record the outcome: {_named(case, name)}",
            f"{program.name} · started {clock.when(h.start_at, program)} ("
            + days_word(clock.local_day(h.start_at, program), clock.today(program))
            + ")",
        )
        for h, case, program, name in rows
    ]
    return items, total


def _agreements(session, principal, clock) -> tuple[list, int]:
    rows, total = q.heard_without_agreement(session, principal, clock.limit)
    items = []
    for case, program, hearing, name in rows:
        if hearing is not None:
            heard = clock.local_day(hearing.start_at, program)
            detail = f"heard {short_date(heard, 'en')} ({days_word(heard, clock.today(program))})"
            url = f"/hearings/{hearing.id}/outcome"
        else:
            detail, url = "heard, no hearing on record", f"/cases/{case.id}"
        items.append(
            _item(url, _named(case, name), f"{program.name} · {detail} · no agreement yet")
        )
    return items, total


UNANSWERED_AFTER = timedelta(hours=48)
ANSWER_NEEDED_WITHIN = timedelta(hours=72)


def _waiting_answer(seat, hearing, now: datetime) -> bool:
    """An invitation the coordinator should chase: old, or close to the hearing."""
    if seat.status != SeatStatus.invited:
        return False
    stale = seat.invited_at is not None and seat.invited_at < now - UNANSWERED_AFTER
    return stale or hearing.start_at < now + ANSWER_NEEDED_WITHIN


def _seats(session, principal, clock) -> tuple[list, int]:
    rows = q.hearings_ahead(session, principal, clock.now, HORIZON_DAYS)
    seats = defaultdict(list)
    for seat in q.seats_of(session, [h.id for h, _, _, _ in rows]):
        seats[seat.hearing_id].append((seat, seat))  # the row has the volunteer's name too
    # a handful of kinds across many hearings, their seats read in one query
    needed_by_kind = {
        kind_id: [(r.role, r.count) for r in reqs if not r.staff_only]
        for kind_id, reqs in seats_of_kinds(session, {k.id for _, _, _, k in rows}).items()
    }
    items = []
    for hearing, case, program, kind in rows:
        needed_by_kind.setdefault(kind.id, [])
        mine = seats[hearing.id]
        empty = []
        for role, count in needed_by_kind[kind.id]:
            holding = sum(1 for s, _ in mine if s.role == role and s.status in HOLDING_SEAT)
            if count > holding:
                empty.append((role, count - holding))
        # A decline someone else has covered, or an invitation sent an hour ago, is nothing to
        # do: a seat waits for the coordinator when it is empty, or unanswered for two days
        # or with the hearing three days off.
        declined = [(s, v) for s, v in mine if s.status == SeatStatus.declined]
        invited = [(s, v) for s, v in mine if _waiting_answer(s, hearing, clock.now)]
        if not (empty or invited):
            continue
        day = clock.local_day(hearing.start_at, program)
        n_empty = sum(n for _, n in empty)
        summary = [days_word(day, clock.today(program)).capitalize()]
        if n_empty:
            roles = ", ".join(f"{n} {role_label(r, 'en')}" for r, n in empty)
            summary.append(f"{n_empty} seat{'s' if n_empty != 1 else ''} empty ({roles})")
        item = _item(
            f"/hearings/{hearing.id}#panel",
            f"{clock.when(hearing.start_at, program)}: {kind.name}, {case.external_ref}",
            " · ".join(summary),
            empty=n_empty,
            hearing_id=hearing.id,
        )
        if declined:
            item["lines"].append(
                "Declined: "
                + ", ".join(f"{v.full_name} ({role_label(s.role, 'en')})" for s, v in declined)
            )
        if invited:
            item["lines"].append(
                "Not answered yet: "
                + ", ".join(
                    f"{v.full_name} ({role_label(s.role, 'en')}, invited "
                    + days_word(clock.local_day(s.invited_at, program), clock.today(program))
                    + ")"
                    if s.invited_at
                    else f"{v.full_name} ({role_label(s.role, 'en')})"
                    for s, v in invited
                )
            )
        for role, n in empty:
            item["links"].append(
                (
                    f"Find a volunteer: {role_label(role, 'en')}"
                    + (f" ({n} seats)" if n > 1 else ""),
                    f"/hearings/{hearing.id}/seats/find?role={role}",
                )
            )
        items.append(item)
    return items[: clock.limit], len(items)


def _requests(session, principal, clock) -> tuple[list, int]:
    rows, total = q.reschedule_requests(session, principal, clock.now, clock.limit)
    items = [
        _item(
            f"/hearings/{h.id}",
            f"{person.full_name} ({party.role.replace('_', ' ')}) asks for another time",
            f"for the hearing of {clock.when(h.start_at, program)} · {case.external_ref}"
            + (
                f" · asked {days_word(clock.local_day(conf.responded_at, program), clock.today(program))}"
                if conf.responded_at
                else ""
            ),
        )
        for conf, party, person, h, case, program in rows
    ]
    flagged, more = q.hearings_flagged(session, principal, clock.limit)
    items += [
        _item(
            f"/hearings/{h.id}",
            f"Hearing of {clock.when(h.start_at, program)}, {case.external_ref}",
            h.needs_attention or "",
        )
        for h, case, program in flagged
    ]
    return items[: clock.limit], total + more


def _who(row, number) -> tuple[str, str | None]:
    """Who a text is from or to, in words, and their page: a row's volunteer, else person."""
    if row.volunteer_id is not None:
        return f"{row.volunteer_name} (volunteer)", f"/volunteers/{row.volunteer_id}"
    if row.person_id is not None:
        return row.person_name, None
    return phone_words(number), None


def _replies(session, principal, clock) -> tuple[list, int]:
    rows, total = q.replies_to_read(session, principal, clock.limit)
    items = []
    for m in rows:
        name, url = _who(m, m.from_number)
        if m.case_id is not None:
            url = f"/cases/{m.case_id}"
        # A text may belong to no case, hence no program: the service's zone tells its time.
        received = when(m.received_at, "en", clock.service_zone)
        items.append(
            _item(
                url,
                name,
                f"“{m.body}” · {INTENT_WORDS.get(m.intent or 'unknown', 'not clear what they mean')}",
                inbound_id=m.id,
                received=received,
            )
        )
    return items, total


def _texts(session, principal, clock) -> tuple[list, int]:
    rows, total = q.texts_not_delivered(session, principal, clock.limit)
    items = []
    for m in rows:
        name, url = _who(m, m.to_address)
        if m.case_id is not None and m.volunteer_id is None:
            url = f"/cases/{m.case_id}"
        if m.error_code == "opted_out":
            what = "opted out of texts: not sent; reach them another way"
        else:
            what = "not delivered; check the number or reach them another way"
        items.append(
            _item(
                url,
                name,
                f"{text_words(m.kind or m.template).capitalize()}: {what}",
                message_id=m.id,
            )
        )
    return items, total


def _languages(session, principal, clock) -> tuple[list, int]:
    waiting = todo_languages.texts_waiting_for_language
    rows, total = waiting(session, principal, sms_languages(), clock.limit)
    items = [
        _item(
            f"/cases/{row.case_id}#parties",
            to_do_words(row.Person),
            f"{row.program_name} · {row.external_ref}",
        )
        for row in rows
    ]
    return items, total


def _volunteer_languages(session, principal, clock) -> tuple[list, int]:
    waiting = todo_languages.volunteers_waiting_for_language
    rows, total = waiting(session, principal, sms_languages(), clock.limit)
    items = [
        _item(
            f"/volunteers/{v.id}#texts",
            to_do_words(v),
            "Volunteer · not proposed for seats, and sent no invitation, text or calendar "
            "email until then",
            texts_in_english=f"/volunteers/{v.id}/texts-in-english",
        )
        for v in rows
    ]
    return items, total


def _hours(session, principal, clock) -> tuple[list, int]:
    rows, total = q.hours_to_verify(session, principal, clock.limit)
    items = []
    for log, ob, case, program in rows:
        hours = f"{log.hours:g} hour{'s' if log.hours != 1 else ''}"
        site = f" at {log.site}" if log.site else ""
        reported = clock.local_day(log.created_at, program)
        items.append(
            _item(
                f"/cases/{case.id}#obligation-{ob.id}",
                f"{case.external_ref}: {hours} on {short_date(log.worked_on, 'en')}{site}",
                f"{ob.label or kind_label(ob.kind, 'en')} · reported "
                + days_word(reported, clock.today(program))
                + (f" by {log.reported_by}" if log.reported_by else ""),
            )
        )
    return items, total


def _obligations(session, principal, clock) -> tuple[list, int]:
    # The UTC date runs a day ahead of Los Angeles every evening: the bound takes one more day,
    # and each program's own date decides.
    bound = clock.now.date() + timedelta(days=DUE_SOON_DAYS + 2)
    items = []
    for ob, case, program in q.obligations_due(session, principal, bound):
        today = clock.today(program)
        label = f"{case.external_ref}: {ob.label or kind_label(ob.kind, 'en')}"
        due = short_date(ob.due_date, "en")
        if is_overdue(ob, today):
            detail = f"overdue: was due {due} ({days_word(ob.due_date, today)})"
        elif ob.status in OPEN and ob.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            detail = f"due {due} ({days_word(ob.due_date, today)})"
        else:
            continue
        items.append(
            _item(
                f"/cases/{case.id}#obligation-{ob.id}",
                label,
                detail,
                overdue=is_overdue(ob, today),
            )
        )
    return items[: clock.limit], len(items)


BUILDERS = {
    "referrals": _referrals,
    "outcomes": _outcomes,
    "agreements": _agreements,
    "seats": _seats,
    "requests": _requests,
    "replies": _replies,
    "texts": _texts,
    "languages": _languages,
    "volunteer_languages": _volunteer_languages,
    "hours": _hours,
    "obligations": _obligations,
}


def todo(
    session: Session, principal: Principal, keys: Iterable[str] = BUILDERS, limit: int = LIMIT
) -> list[dict]:
    """Today's lists (or those of `keys`): key, title, the first items and how many in all."""
    clock = _Clock(limit)
    out = []
    for key in keys:
        items, total = BUILDERS[key](session, principal, clock)
        out.append(
            {
                "key": key,
                "title": SECTIONS[key],
                "items": items,
                "total": total,
                "more": max(0, total - len(items)),
            }
        )
    return out
