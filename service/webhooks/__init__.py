"""Twilio webhooks (signature-checked): delivery statuses, and inbound texts in sms.py."""

from importlib import import_module
from importlib.util import find_spec

from fastapi import APIRouter

from service.webhooks import status

router = APIRouter(prefix="/webhooks/twilio", include_in_schema=False)
router.include_router(status.router)
# The inbound-text webhook lives in its own module; include it as soon as it exists.
if find_spec("service.webhooks.sms") is not None:
    router.include_router(import_module("service.webhooks.sms").router)

__all__ = ["router"]
