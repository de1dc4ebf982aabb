"""Delivery statuses reported by the provider: applied forwards only, never backwards."""

from __future__ import annotations

from sqlmodel import Session

from service.db import utcnow
from service.models.base import MessageStatus
from service.outbox import repo

S = MessageStatus
# Which of our statuses each provider status may replace. A status arrives late or out of order
# (Twilio posts each on its own request); 'delivered', 'undelivered' and 'failed' are final.
_IN_FLIGHT = (S.queued.value, S.sending.value, S.sent.value)
_FORWARD: dict[str, tuple[str, tuple[str, ...]]] = {
    "sent": (S.sent.value, (S.queued.value, S.sending.value)),
    "delivered": (S.delivered.value, _IN_FLIGHT),
    "read": (S.delivered.value, _IN_FLIGHT),  # WhatsApp/RCS: read implies delivered
    "undelivered": (S.undelivered.value, _IN_FLIGHT),
    "failed": (S.failed.value, _IN_FLIGHT),
    "canceled": (S.failed.value, _IN_FLIGHT),
}
# Twilio statuses that say nothing new about a message it has already accepted.
_NO_NEWS = frozenset({"accepted", "scheduled", "queued", "sending", "partially_delivered"})

# The common carrier error codes, in words a coordinator can act on.
ERROR_HINTS = {
    "30003": "the phone is unreachable (off or out of coverage)",
    "30004": "the recipient blocked the message",
    "30005": "the number is unknown or no longer exists",
    "30006": "the number is a landline or cannot receive texts",
    "30007": "the carrier filtered the message",
    "30008": "delivery failed for an unknown reason",
}


def apply_provider_status(
    session: Session, provider_id: str, status: str, error_code: str | None = None
) -> bool:
    """Record a provider's status for the message it knows as `provider_id`; True if it changed."""
    status = (status or "").strip().lower()
    if not provider_id or status in _NO_NEWS or status not in _FORWARD:
        return False
    new_status, allowed_from = _FORWARD[status]
    values: dict = {"status": new_status}
    if new_status == S.delivered.value:
        values["delivered_at"] = utcnow()
    elif new_status in (S.undelivered.value, S.failed.value):
        code = (error_code or status).strip()[:32]
        values.update(
            needs_attention=True,
            error_code=code,
            error_message=f"the provider reports the text {status}"
            + (f": {ERROR_HINTS[code]}" if code in ERROR_HINTS else ""),
        )
    # One conditional UPDATE: two callbacks racing cannot both read "sent" and let the older win.
    return repo.update_by_provider_id(session, provider_id, allowed_from, **values) > 0
