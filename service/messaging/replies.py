"""Inbound texts: who sent it, which request it answers, and what Convene does and says back."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from notifications.replies import Intent, is_none_of_these, parse_choice, read
from notifications.templates import render_sms
from service.cases import referrals as case_uc
from service.db import utcnow
from service.hearings import slots as reschedule
from service.hearings.booking import reschedule_to
from service.messaging import hearing_texts, questions, stop_requests
from service.messaging import inbound_sql as sql
from service.messaging.wording import lang_of, role_label, when
from service.models import (
    Case,
    Hearing,
    Party,
    PartyConfirmation,
    Program,
    ReplyContext,
    SeatAssignment,
)
from service.models.base import ConfirmationStatus, HearingStatus, SeatStatus
from service.panels import repair as panels
from service.programs import program_zone
from service.surveys import asking as survey
from service.volunteers.links import self_service_link

# Twilio acts on these itself when they are the whole text (and confirms STOP and START).
CARRIER_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT",
                 "START", "UNSTOP", "HELP", "INFO"}  # fmt: skip
CONTEXT_TTL = timedelta(days=3)
# Answers acted on by themselves: when they say more, a person reads them too ("1" or MENU not).
_ANSWERS = (Intent.yes, Intent.no, Intent.reschedule, Intent.help)
MENU_WORDS = {"MENU", "MENÚ", "LINK", "ENLACE"}


class Conversation:
    """One inbound text being handled: the sender, their language, and the reply so far."""

    def __init__(self, session: Session, phone: str) -> None:
        self.session = session
        self.phone = phone
        self.case_id: int | None = None
        self.needs_attention = False
        self.volunteer = sql.volunteer_by_phone(session, phone)
        self.person = None if self.volunteer else sql.person_by_phone(session, phone)
        code = (
            self.volunteer.preferred_language
            if self.volunteer
            else (self.person.language if self.person else "en")
        )
        self.lang = lang_of(code)
        self.program = self._program()

    def _program(self) -> Program | None:
        if self.person is not None:
            case = sql.latest_case_of(self.session, self.person.id)
            if case is not None:
                self.case_id = case.id
                return self.session.get(Program, case.program_id)
        return sql.first_program(self.session)

    def say(self, template: str, **ctx) -> str:
        """Render a reply in the sender's language."""
        program_name = self.program.name if self.program else "Convene"
        phone = hearing_texts.program_phone(self.program) if self.program else ""
        base = {"program_name": program_name, "program_phone": phone}
        from notifications.templates import SMS_VARIABLES

        wanted = SMS_VARIABLES.get(template, ())
        return render_sms(
            template, self.lang, **{k: v for k, v in (base | ctx).items() if k in wanted}
        )

    def attention(self) -> None:
        """Put this text in the coordinator's inbox."""
        self.needs_attention = True


def _hearing_when(session: Session, hearing: Hearing, lang: str) -> str:
    case = session.get(Case, hearing.case_id)
    return when(hearing.start_at, lang, program_zone(session.get(Program, case.program_id)))


def handle_inbound(
    session: Session, *, sid: str, from_number: str, to_number: str | None, body: str
) -> str:
    """Handle one inbound text once; a repeated delivery of the same sid returns the first reply."""
    inbound_id = sql.claim(session, sid, from_number, to_number, body[:2000])
    if inbound_id is None:
        return sql.seen_reply(session, sid)
    convo = Conversation(session, from_number)
    reading = read(body, convo.lang)
    intent = stop_requests.answer_to_question(session, from_number, reading.intent)
    reply = "" if intent is None else _route(convo, intent, body)
    if intent is None or (reading.says_more and intent in _ANSWERS):
        convo.attention()  # "Yes, is there parking?": confirmed, and the question reaches a person
    intent = intent or reading.intent
    # One UPDATE with everything learnt, rather than an ORM row flushed before each query.
    sql.finish(
        session,
        inbound_id,
        intent=intent.value,
        volunteer=convo.volunteer.id if convo.volunteer else None,
        person=convo.person.id if convo.person else None,
        case=convo.case_id,
        attention=convo.needs_attention,
        reply=reply,
    )
    if convo.case_id:
        case_uc.add_event(
            session,
            session.get(Case, convo.case_id),
            "reply",
            actor="participant",
            detail=f"reply understood as {intent.value}",
        )
    return reply


def _route(convo: Conversation, intent: Intent, body: str) -> str:
    carrier = body.strip().upper().strip(".!") in CARRIER_WORDS
    if intent == Intent.stop:
        stop_requests.opt_out(convo.session, convo.phone, [convo.volunteer, convo.person])
        survey.end_by_stop(convo.session, convo.phone)
        convo.attention()
        # Twilio answers the carrier words itself; anything else ("stop texting me") we confirm.
        return "" if carrier else convo.say("opted_out_confirmation")
    if intent == Intent.start:
        stop_requests.opt_in(convo.session, convo.phone, [convo.volunteer, convo.person])
        return "" if carrier else convo.say("opted_in_confirmation")
    if intent == Intent.help:
        # Unlike STOP, a HELP answer is ours to give: the program's name and phone.
        return convo.say("help_reply")
    if intent == Intent.maybe_stop:
        return stop_requests.ask_sender(convo)
    if convo.volunteer is not None and body.strip().strip(".!").upper() in MENU_WORDS:
        # A volunteer's own page (availability, blackouts, answers, calendar link), without a password.
        return convo.say(
            "self_service_link",
            volunteer_name=convo.volunteer.full_name,
            url=self_service_link(convo.volunteer),
        )
    taken = survey.take_reply(convo.session, convo.phone, body)  # a survey question asked last
    if taken is not None:  # the next question, a re-ask or thanks is queued; an answer, logged
        convo.case_id = None if taken.understood else taken.case_id
        convo.needs_attention = not taken.understood
        return ""
    context = sql.open_context(convo.session, convo.phone)
    if context is not None:
        answered = _answer_context(convo, context, body)
        if answered is not None:
            return answered
    if convo.volunteer is not None:
        return _volunteer(convo, intent)
    if convo.person is not None:
        return _participant(convo, intent)
    convo.attention()
    return convo.say("unknown_reply")


def _ask_which(convo: Conversation, intent: Intent, options: list[dict], items: list[str]) -> str:
    convo.session.add(
        ReplyContext(
            phone=convo.phone,
            kind="which",
            intent=intent.value,
            options=options,
            expires_at=utcnow() + CONTEXT_TTL,
        )
    )
    return convo.say("which_request", items=items)


def _answer_context(convo: Conversation, context: ReplyContext, body: str) -> str | None:
    if context.kind == "reschedule" and is_none_of_these(body):
        context.resolved_at = utcnow()
        convo.session.add(context)
        hearing = convo.session.get(Hearing, context.hearing_id)
        hearing.needs_attention = (
            f"The {_party_words(convo, hearing)} could use none of the offered times: please call"
        )
        convo.session.add(hearing)
        convo.attention()
        return convo.say(
            "participant_reschedule_ack",
            person_name=convo.person.full_name if convo.person else "",
            when=_hearing_when(convo.session, hearing, convo.lang),
        )
    choice = parse_choice(body, len(context.options))
    if choice is None:
        return None  # not an answer to the question: handle the text on its own
    context.resolved_at = utcnow()
    convo.session.add(context)
    option = context.options[choice - 1]
    if context.kind == "which":
        intent = Intent(context.intent)
        if option["type"] == "seat":
            return _volunteer_answer(convo, convo.session.get(SeatAssignment, option["id"]), intent)
        return _participant_answer(
            convo, convo.session.get(PartyConfirmation, option["id"]), intent
        )
    return _move_to_choice(convo, context, option)


def _party_words(convo: Conversation, hearing: Hearing) -> str:
    """The sender's part in the hearing's case as a coordinator reads it ("victim")."""
    role = convo.session.exec(
        select(Party.role).where(
            Party.case_id == hearing.case_id, Party.person_id == convo.person.id
        )
    ).first()
    return (role or "participant").replace("_", " ")


# --- volunteers ---------------------------------------------------------------------------------


def _volunteer(convo: Conversation, intent: Intent) -> str:
    if intent not in (Intent.yes, Intent.no):
        convo.attention()
        return convo.say("unknown_reply")
    # The reply answers what the volunteer was asked last (an invitation, or "still coming?"
    # after a move); questions asked together are told apart by number.
    asked = questions.last_asked(questions.open_questions(convo.session, convo.volunteer))
    if not asked:
        convo.attention()
        return convo.say("help_reply")
    if len(asked) > 1:
        seats = [q.seat for q in reversed(asked[:5])]  # in the order they were asked
        items = [
            f"{role_label(s.role, convo.lang)}, "
            f"{_hearing_when(convo.session, convo.session.get(Hearing, s.hearing_id), convo.lang)}"
            for s in seats
        ]
        return _ask_which(convo, intent, [{"type": "seat", "id": s.id} for s in seats], items)
    return _volunteer_answer(convo, asked[0].seat, intent)


def _volunteer_answer(convo: Conversation, seat: SeatAssignment, intent: Intent) -> str:
    hearing = convo.session.get(Hearing, seat.hearing_id)
    ctx = {
        "volunteer_name": convo.volunteer.full_name,
        "when": _hearing_when(convo.session, hearing, convo.lang),
    }
    if not questions.is_open(convo.session, seat):
        # Answered already (a repeat, or on their own page): say where things stand.
        return convo.say(
            "volunteer_accepted_ack"
            if seat.status == SeatStatus.accepted
            else "volunteer_declined_ack",
            **ctx,
        )
    if intent == Intent.yes:
        panels.accept(convo.session, seat)
        return convo.say("volunteer_accepted_ack", **ctx)
    panels.give_up(convo.session, seat)
    return convo.say("volunteer_declined_ack", **ctx)


# --- participants -------------------------------------------------------------------------------


def _open_confirmations(convo: Conversation) -> list[PartyConfirmation]:
    rows = convo.session.exec(
        select(PartyConfirmation)
        .join(Party, Party.id == PartyConfirmation.party_id)
        .join(Hearing, Hearing.id == PartyConfirmation.hearing_id)
        .where(
            Party.person_id == convo.person.id,
            Hearing.status == HearingStatus.scheduled.value,
            Hearing.start_at > utcnow(),
        )
        .order_by(Hearing.start_at)
    ).all()
    waiting = [
        c for c in rows if c.status in (ConfirmationStatus.pending, ConfirmationStatus.no_response)
    ]
    return waiting or list(rows)


def _participant(convo: Conversation, intent: Intent) -> str:
    if intent not in (Intent.yes, Intent.no, Intent.reschedule):
        convo.attention()
        return convo.say("unknown_reply")
    confirmations = _open_confirmations(convo)
    if not confirmations:
        convo.attention()
        return convo.say("help_reply")
    if len(confirmations) > 1:
        hearings = [convo.session.get(Hearing, c.hearing_id) for c in confirmations[:5]]
        items = [_hearing_when(convo.session, h, convo.lang) for h in hearings]
        return _ask_which(
            convo, intent, [{"type": "confirmation", "id": c.id} for c in confirmations[:5]], items
        )
    return _participant_answer(convo, confirmations[0], intent)


def _participant_answer(convo: Conversation, conf: PartyConfirmation, intent: Intent) -> str:
    hearing = convo.session.get(Hearing, conf.hearing_id)
    ctx = {
        "person_name": convo.person.full_name,
        "when": _hearing_when(convo.session, hearing, convo.lang),
    }
    case = convo.session.get(Case, hearing.case_id)
    conf.responded_at = utcnow()
    if intent == Intent.yes:
        conf.status = ConfirmationStatus.confirmed.value
        convo.session.add(conf)
        case_uc.add_event(
            convo.session,
            case,
            "confirmed",
            actor="participant",
            detail="hearing confirmed by text",
        )
        return convo.say("participant_confirmed_ack", **ctx)
    conf.status = ConfirmationStatus.reschedule_requested.value
    convo.session.add(conf)
    hearing.needs_attention = "A party asked for another time"
    convo.session.add(hearing)
    case_uc.add_event(
        convo.session,
        case,
        "reschedule_requested",
        actor="participant",
        detail="asked for another time",
    )
    slots = reschedule.find_slots(convo.session, hearing)
    if not slots:
        convo.attention()
        return convo.say("participant_reschedule_ack", **ctx)
    convo.session.add(
        ReplyContext(
            phone=convo.phone,
            kind="reschedule",
            hearing_id=hearing.id,
            expires_at=utcnow() + CONTEXT_TTL,
            options=[{"start": s.isoformat(), "end": e.isoformat()} for s, e in slots],
        )
    )
    zone = program_zone(convo.session.get(Program, case.program_id))
    return convo.say(
        "reschedule_options",
        person_name=convo.person.full_name,
        options=[when(s, convo.lang, zone) for s, _ in slots],
    )


def _move_to_choice(convo: Conversation, context: ReplyContext, option: dict) -> str:
    hearing = convo.session.get(Hearing, context.hearing_id)
    start, end = datetime.fromisoformat(option["start"]), datetime.fromisoformat(option["end"])
    moved = (
        hearing is not None
        and hearing.status == HearingStatus.scheduled
        and reschedule_to(
            convo.session, hearing, start, end, actor="participant", keep_person=convo.person.id
        )
    )
    if not moved:
        convo.attention()
        return convo.say(
            "participant_reschedule_ack",
            person_name=convo.person.full_name,
            when=_hearing_when(convo.session, hearing, convo.lang),
        )
    panels.refill_after_move(convo.session, hearing, actor="participant")
    reschedule.confirm_party(convo.session, hearing, convo.person.id, "confirmed")
    hearing_texts.hearing_moved(convo.session, hearing, chosen_by=convo.person.id)
    hearing.needs_attention = (
        hearing.needs_attention or "Moved to a time the participant chose by text"
    )
    convo.session.add(hearing)
    return convo.say(
        "participant_confirmed_ack",
        person_name=convo.person.full_name,
        when=_hearing_when(convo.session, hearing, convo.lang),
    )
