"""Sending rules that need no database: quiet hours, retry backoff, Twilio validity periods."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_START = time(21, 0)  # no text to a participant from 21:00 ...
QUIET_END = time(8, 0)  # ... until 08:00 local time
# Twilio's ValidityPeriod bounds (seconds), from the Messages API's published contract.
VALIDITY_MIN = 1
VALIDITY_MAX = 36000
QUIET_AUDIENCES = frozenset({"participant"})


def in_quiet_hours(when: datetime, zone: ZoneInfo) -> bool:
    """Whether `when` falls between 21:00 and 08:00 in `zone`."""
    local = when.astimezone(zone).time()
    return local >= QUIET_START or local < QUIET_END


def after_quiet_hours(when: datetime, zone: ZoneInfo) -> datetime:
    """`when` itself outside quiet hours, else the next 08:00 local time (in UTC)."""
    if not in_quiet_hours(when, zone):
        return when
    local = when.astimezone(zone)
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    # Build 08:00 from the calendar date, not by adding hours: across a DST change the night
    # is 7 or 9 hours long, and 08:00 itself always exists (changes happen at 02:00).
    return datetime.combine(day, QUIET_END, tzinfo=zone).astimezone(UTC)


def backoff_delay(
    attempts: int, base: float, cap: float, rng: random.Random | None = None
) -> timedelta:
    """Exponential backoff with jitter after `attempts` tries: in [d/2, d], d = base*2^(n-1)."""
    # Half the delay is fixed so a retry never comes too soon; the random half spreads the
    # retries of many rows that failed together (a provider outage) so they do not return at once.
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    rng = rng or random
    return timedelta(seconds=delay / 2 + rng.random() * delay / 2)


def validity_seconds(expires_at: datetime | None, now: datetime) -> int | None:
    """Seconds until `expires_at`, clamped to Twilio's allowed ValidityPeriod; None if no expiry."""
    if expires_at is None:
        return None
    seconds = math.ceil((expires_at - now).total_seconds())
    return max(VALIDITY_MIN, min(VALIDITY_MAX, seconds))
