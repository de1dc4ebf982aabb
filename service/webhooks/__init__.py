"""Twilio webhooks (signature-checked): delivery statuses, and inbound texts in sms.py."""

from fastapi import APIRouter

from service.webhooks import sms, status

router = APIRouter(prefix="/webhooks/twilio", include_in_schema=False)
router.include_router(status.router)
router.include_router(sms.router)

__all__ = ["router"]
