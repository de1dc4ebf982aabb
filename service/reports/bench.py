"""Report benchmark: a generated history in PostgreSQL (pgserver), each report and the timeline timed.

Usage: python -m service.reports.bench [--cases 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

from sqlmodel import Session

from service import migrations
from service.db import make_engine
from service.outcomes.timeline import case_timeline
from service.outcomes.volunteer_hours import yearly_service
from service.reports import queries as q
from service.reports import series
from service.reports.bench_data import LA, Loader
from service.reports.program_report import program_report, report_csv
from service.reports.scope import make_scope

TARGET_REPORT, TARGET_TIMELINE = 2.0, 0.100


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(n_cases: int, repeat: int) -> int:
    """Start PostgreSQL, load the history, time everything; exit status 1 if a target is missed."""
    import pgserver

    with tempfile.TemporaryDirectory(prefix="convene-bench-") as tmp:
        server = pgserver.get_server(tmp, cleanup_mode="delete")
        try:
            return _run(server.get_uri(), n_cases, repeat)
        finally:
            server.cleanup()


def _run(uri: str, n_cases: int, repeat: int) -> int:
    engine = make_engine(uri)
    migrations.upgrade(engine)
    t0 = time.perf_counter()
    raw = engine.raw_connection()
    try:
        loader = Loader(raw.driver_connection, n_cases)
        loader.reference_data()
        loader.history()
        raw.commit()
        loader.finish()
        raw.commit()
    finally:
        raw.close()
    load = time.perf_counter() - t0
    print(f"loaded in {load:.1f} s (COPY of the history {loader.copy_seconds:.1f} s):")
    for table, n in sorted(loader.counts.items(), key=lambda kv: -kv[1]):
        print(f"  {table:<20} {n:>10,}")
    rows: list[tuple[str, float, float]] = []
    with Session(engine) as session:
        year = make_scope(session, [1], date(2025, 1, 1), date(2025, 12, 31), None, LA)
        all_time = make_scope(session, [1, 2], date(2019, 1, 1), date(2026, 10, 31), None, LA)
        njp_all = make_scope(session, [1], date(2019, 1, 1), date(2026, 10, 31), None, LA)
        hood = make_scope(session, [1], date(2025, 1, 1), date(2025, 12, 31), 7, LA)
        quarter = make_scope(session, [1], date(2026, 1, 1), date(2026, 3, 31), None, LA)
        for name, scope in (("NJP 2025", year), ("NJP Q1 2026", quarter),
                            ("NJP 2025, one neighborhood", hood), ("NJP 2019-2026", njp_all),
                            ("all programs 2019-2026", all_time)):  # fmt: skip
            rows.append((f"report JSON: {name}", _best(lambda s=scope: program_report(session, s), repeat),
                         TARGET_REPORT))  # fmt: skip
        rows.append(("report CSV: NJP 2025", _best(lambda: report_csv(program_report(session, year, with_series=False)),
                                                   repeat), TARGET_REPORT))  # fmt: skip
        for fn in (q.referrals, q.hearings, q.agreements, q.closings, q.service_hours, q.restitution,
                   q.volunteers_trained, q.volunteers_active, q.confirmations, q.days_to_hearing,
                   q.days_to_completion, q.re_referrals, series.monthly):  # fmt: skip
            rows.append((f"  figure {fn.__name__} (NJP all time)", _best(lambda f=fn: f(session, njp_all), repeat),
                         TARGET_REPORT))  # fmt: skip
        rng = random.Random(1)
        picks = [rng.randrange(1, n_cases + 1) for _ in range(200)]
        samples = []
        for cid in picks:
            t = time.perf_counter()
            case_timeline(session, cid)
            samples.append(time.perf_counter() - t)
        samples.sort()
        rows.append(("case timeline, median of 200", statistics.median(samples), TARGET_TIMELINE))
        rows.append(
            ("case timeline, 95th percentile", samples[int(len(samples) * 0.95)], TARGET_TIMELINE)
        )
        rows.append(("volunteer yearly service", _best(lambda: yearly_service(session, 17, 2025), repeat),
                     TARGET_TIMELINE))  # fmt: skip
        sample = program_report(session, year, with_series=False)
    engine.dispose()
    print(f"\nNJP 2025: {sample.cases_referred:,} referred, {sample.cases_heard:,} heard, "
          f"{sample.cases_completed:,} completed ({sample.completion_rate}), "
          f"{sample.service_hours_completed:,.0f} service hours, "
          f"re-referral rate {sample.re_referral_rate}")  # fmt: skip
    load1, load5, _ = os.getloadavg()
    print(
        f"\nmachine: {os.cpu_count()} CPUs, load average {load1:.1f} (1 min), {load5:.1f} (5 min)"
    )
    print(f"\n{'what':<46} {'seconds':>9} {'target':>7}  ok")
    missed = 0
    for name, secs, target in rows:
        ok = secs < target
        missed += not ok
        print(f"{name:<46} {secs:>9.4f} {target:>7.3f}  {'yes' if ok else 'NO'}")
    return 1 if missed else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m service.reports.bench")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    return run(args.cases, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
