"""POST /webhooks/twilio/status: delivery statuses for the texts we sent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from service.db import session_scope
from service.outbox.status import apply_provider_status
from service.webhooks.signature import verify_twilio
from service.webhooks.threads import run_transaction

router = APIRouter()

TwilioForm = Annotated[dict[str, str], Depends(verify_twilio)]


@router.post("/status", status_code=204)
async def twilio_status(form: TwilioForm) -> Response:
    """Record a message's delivery status; unknown, repeated or stale callbacks change nothing."""
    await run_transaction(_apply, form)  # one thread trip for the transaction, as for /sms
    return Response(status_code=204)


def _apply(form: dict[str, str]) -> None:
    with session_scope() as session:
        apply_provider_status(
            session,
            form.get("MessageSid") or form.get("SmsSid") or "",
            form.get("MessageStatus") or form.get("SmsStatus") or "",
            form.get("ErrorCode") or None,
        )
