"""POST /webhooks/twilio/status: delivery statuses for the texts we sent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from service.deps import SessionDep
from service.outbox.status import apply_provider_status
from service.webhooks.signature import verify_twilio

router = APIRouter()

TwilioForm = Annotated[dict[str, str], Depends(verify_twilio)]


@router.post("/status", status_code=204)
def twilio_status(form: TwilioForm, session: SessionDep) -> Response:
    """Record a message's delivery status; unknown, repeated or stale callbacks change nothing."""
    apply_provider_status(
        session,
        form.get("MessageSid") or form.get("SmsSid") or "",
        form.get("MessageStatus") or form.get("SmsStatus") or "",
        form.get("ErrorCode") or None,
    )
    return Response(status_code=204)
