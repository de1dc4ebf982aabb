"""Benchmark: time to render a 500-event calendar feed (python -m notifications.bench_feed)."""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime, timedelta

from notifications.calendar import CalendarEvent, build_feed, stable_uid

TARGET_MS = 50.0


def sample_events(n: int) -> list[CalendarEvent]:
    """n realistic hearings for one volunteer, every tenth one cancelled."""
    first = datetime(2026, 11, 3, 2, 30, tzinfo=UTC)
    events = []
    for i in range(n):
        start = first + timedelta(days=i, minutes=30 * (i % 3))
        events.append(
            CalendarEvent(
                uid=stable_uid(1000 + i, 42, "convene.example.org"),
                sequence=i % 4,
                start_utc=start,
                end_utc=start + timedelta(minutes=90),
                summary="Neighborhood Justice Program panel (panelist)",
                description="You are a panelist at a Neighborhood Justice Program community "
                "panel. Please arrive 15 minutes early.",
                location="Southeast Community Center Multipurpose Room, 1550 Evans Ave, "
                "San Francisco, CA 94124",
                geo=(37.7383, -122.3843),
                organizer_email="panels@convene.example.org",
                organizer_name="Neighborhood Justice Program",
                attendee_email="maria@example.org",
                attendee_name="María Guadalupe Hernández-Villanueva",
                attendee_role="REQ-PARTICIPANT",
                status="CANCELLED" if i % 10 == 9 else "CONFIRMED",
                dtstamp=datetime(2026, 11, 1, tzinfo=UTC),
                url=f"https://convene.example.org/h/{1000 + i}",
            )
        )
    return events


def measure(n: int = 500, repeat: int = 20) -> dict[str, float]:
    """Render an n-event feed `repeat` times; return size and best/median milliseconds."""
    events = sample_events(n)
    build_feed(events, name="warm-up")
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        size = len(build_feed(events, name="Convene: María"))
        times.append((time.perf_counter() - start) * 1000)
    return {
        "events": n,
        "bytes": size,
        "best_ms": min(times),
        "median_ms": statistics.median(times),
    }


def main(argv: list[str] | None = None) -> None:
    """Print the feed rendering figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    r = measure(args.events, args.repeat)
    verdict = "OK" if r["median_ms"] < TARGET_MS else "OVER TARGET"
    print(
        f"feed of {r['events']} events ({r['bytes']} bytes): median {r['median_ms']:.1f} ms, "
        f"best {r['best_ms']:.1f} ms (target < {TARGET_MS:.0f} ms: {verdict})"
    )


if __name__ == "__main__":
    main()
