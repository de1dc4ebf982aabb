"""POST /webhooks/twilio/sms: inbound texts, answered with TwiML, each MessageSid handled once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from twilio.twiml.messaging_response import MessagingResponse

from service.db import session_scope
from service.messaging.replies import handle_inbound
from service.webhooks.signature import verify_twilio
from service.webhooks.threads import run_transaction

router = APIRouter()

TwilioForm = Annotated[dict[str, str], Depends(verify_twilio)]


def twiml(reply: str) -> Response:
    """A TwiML answer carrying the reply (or none)."""
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return Response(content=str(response), media_type="application/xml")


@router.post("/sms")
async def twilio_sms(form: TwilioForm) -> Response:
    """Understand a reply, act on it, and answer in the sender's language."""
    # One trip to a worker thread for the whole transaction: SessionDep and a sync endpoint
    # would take three (open, handle, commit), each a wait for the GIL under load.
    return twiml(await run_transaction(_handle, form))


def _handle(form: dict[str, str]) -> str:
    with session_scope() as session:  # commits once, before the answer is sent
        return handle_inbound(
            session,
            sid=form.get("MessageSid") or form.get("SmsSid") or "",
            from_number=form.get("From", ""),
            to_number=form.get("To"),
            body=form.get("Body", ""),
        )
