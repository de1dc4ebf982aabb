"""X-Twilio-Signature checking against the public URL (so requests behind a proxy verify)."""

from __future__ import annotations

import logging

from fastapi import Request
from twilio.request_validator import (
    SIGNATURE_HEADER,
    SIGNATURE_SETTINGS_HEADER,
    RequestValidator,
    get_signature_algorithm,
)

from service.config import get_settings
from service.errors import Forbidden

logger = logging.getLogger("convene.webhooks")


def public_url(request: Request) -> str:
    """The URL Twilio called: the configured public base URL, this path and its query."""
    # Behind a TLS-terminating proxy the app sees http://internal-host/...; Twilio signed the
    # address it was given, which is the public one.
    url = get_settings().public_base_url + request.url.path
    return f"{url}?{request.url.query}" if request.url.query else url


async def verify_twilio(request: Request) -> dict[str, str]:
    """Check the request's Twilio signature (403 when missing or wrong); return its form."""
    form = await request.form()
    signature = request.headers.get(SIGNATURE_HEADER)
    token = get_settings().twilio_auth_token
    if not signature or not token:
        if not token:
            logger.error("a Twilio webhook arrived but CONVENE_TWILIO_AUTH_TOKEN is not set")
        raise Forbidden("missing or invalid Twilio signature")
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER))
    # The validator reads repeated form keys through getlist(), which FormData has.
    if not RequestValidator(token).validate(public_url(request), form, signature, algorithm):
        logger.warning("rejected a webhook with a wrong Twilio signature for %s", request.url.path)
        raise Forbidden("missing or invalid Twilio signature")
    return {key: str(value) for key, value in form.items()}
