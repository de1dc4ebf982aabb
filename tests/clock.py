"""The clock the tests run at: the real one, or a chosen instant from which time goes on.

`pytest --clock 2027-01-05T17:30:00-08:00` (or CONVENE_TEST_CLOCK) moves the whole test process
there with time-machine, ticking, so a test sees the day and hour it would see then; servers the
tests start get the same instant through libfaketime (`server_env`). `python -m tests.sweep` runs
the date-sensitive tests at every instant of `SWEEP`.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

ENV = "CONVENE_TEST_CLOCK"

# Los Angeles instants where a day-of-week or a date boundary could trip a test. The evenings are
# after 16:00 in LA, when the UTC date is already tomorrow.
SWEEP: dict[str, str] = {
    "Monday evening": "2027-01-04T17:30:00-08:00",
    "Tuesday afternoon (the day issue 12 failed)": "2026-12-01T13:00:00-08:00",
    "Tuesday evening": "2027-01-05T17:30:00-08:00",
    "Wednesday evening": "2027-01-06T20:45:00-08:00",
    "Thursday evening": "2027-01-07T17:30:00-08:00",
    "Friday evening": "2027-01-08T23:30:00-08:00",
    "Saturday evening": "2027-01-09T17:30:00-08:00",
    "Sunday evening": "2027-01-10T22:00:00-08:00",
    "Saturday before spring forward": "2027-03-13T21:00:00-08:00",
    "Sunday of spring forward, 03:30": "2027-03-14T03:30:00-07:00",
    "Saturday before fall back": "2027-11-06T21:00:00-07:00",
    "Sunday of fall back, first 01:30": "2027-11-07T01:30:00-07:00",
    "last day of February": "2027-02-28T20:00:00-08:00",
    "last day of April": "2027-04-30T23:30:00-07:00",
    "last day of the year": "2026-12-31T20:00:00-08:00",
    "leap day": "2028-02-29T18:00:00-08:00",
}

# What CI runs on every submission, about two minutes (the whole sweep is `make sweep`): New
# Year's Eve at 20:00 in Los Angeles, an evening when the UTC date is already tomorrow, and the
# end of a month and of a year. The daylight-saving weekends have tests of their own in the
# suite, and are in `make sweep` with every weekday evening (Tuesday's included).
CI_SWEEP = ("last day of the year",)

LIBFAKETIME = (
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
    "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
)

_offset: float | None = None  # faked minus real time, in seconds, while a clock is set


def requested(option: str | None) -> str | None:
    """The instant asked for on the command line or in the environment, if any."""
    return option or os.environ.get(ENV) or None


def start(at: str) -> datetime:
    """Move this process's clock to `at` (ISO 8601 with an offset); it ticks on from there."""
    import time_machine

    global _offset
    when = datetime.fromisoformat(at)
    if when.tzinfo is None:
        raise ValueError(f"--clock {at!r}: give the instant with its UTC offset")
    # Ticking, the faked clock stays this far from the real one: servers get the same offset.
    _offset = when.timestamp() - time.time()
    # Travel to the UTC instant: time-machine given a zoned datetime would also set the process's
    # zone to it, and hide every `date.today()` that reads the server's (UTC) date.
    time_machine.travel(when.astimezone(UTC), tick=True).start()
    # Processes the tests start with their own Python see the same instant.
    os.environ[ENV] = at
    return when


def server_env() -> dict[str, str]:
    """Environment for a server subprocess so it shares the faked clock (libfaketime)."""
    if _offset is None:
        return {}
    lib = next((p for p in LIBFAKETIME if Path(p).exists()), None)
    if lib is None:
        raise RuntimeError(
            "a faked clock for a server process needs libfaketime: apt-get install libfaketime"
        )
    # A relative offset to the microsecond, not a start instant ("@..." keeps whole seconds and
    # starts when the server does): a server a second behind the tests refused their
    # authenticator codes near a 30-second boundary. The monotonic clock stays real so timeouts
    # and deadlines behave.
    return {
        "LD_PRELOAD": lib,
        "FAKETIME": f"{_offset:+.6f}",
        "TZ": "UTC",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
