"""Video-meeting links: a link a coordinator pastes, and an online venue's link template."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator


def _https(value: str | None, what: str) -> str | None:
    """An https address with a host, or None for an empty field."""
    from urllib.parse import urlsplit

    if value is None or not str(value).strip():
        return None
    value = str(value).strip()
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not {what} (give an address starting with https://)")
    return value


# The longest meeting link a text can carry whole: with the longest names and dates, every
# text that carries one stays within two segments (tests/notifications/test_sms_templates.py).
MEETING_LINK_MAX = 90
ROOM_TOKEN_LENGTH = 24  # hearings.meetings.room_token(): 15 random bytes in base32


def _meeting_link(value: str | None) -> str | None:
    value = _https(value, "a meeting link")
    if value is not None and len(value) > MEETING_LINK_MAX:
        raise ValueError(
            f"the link is {len(value)} characters; a text holds one of at most "
            f"{MEETING_LINK_MAX} whole (use the meeting's short link)"
        )
    return value


def _meeting_template(value: str | None) -> str | None:
    value = _https(value, "a meeting link template")
    longest = MEETING_LINK_MAX - ROOM_TOKEN_LENGTH + len("{token}")
    if value is not None and len(value) > longest:
        raise ValueError(
            f"the template is {len(value)} characters; with its room name a text holds one "
            f"of at most {longest} whole"
        )
    if value is not None:
        if value.count("{token}") != 1 or "{token}" not in value.split("/", 3)[-1]:
            raise ValueError(
                f"{value!r} needs {{token}} once after the host, where each hearing's random "
                "room name goes (e.g. https://meet.jit.si/convene-{token})"
            )
        if "{" in value.replace("{token}", "") or "}" in value.replace("{token}", ""):
            raise ValueError(f"{value!r} may hold no braces but {{token}}")
    return value


# A video meeting's address (pasted by a coordinator): https, a host, no spaces.
MeetingLink = Annotated[str | None, AfterValidator(_meeting_link)]
# An online venue's link with `{token}` where each hearing's unguessable room name goes.
MeetingTemplate = Annotated[str | None, AfterValidator(_meeting_template)]
