"""Run the date-sensitive tests at every instant of the clock sweep and print a table.

    python tests/sweep.py            # every instant of clock.SWEEP (`make sweep`)
    python tests/sweep.py --ci       # the few instants CI runs on every submission
    python tests/sweep.py --at "Tuesday evening" -- -x tests/test_matching_service.py

The tests run on SQLite: the faked clock is the Python process's (and libfaketime's for servers
the tests start), and no query asks the database for its own time.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import clock  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
LOGS = REPO / "test-artifacts" / "sweep"

# Tests that book, move, match, remind, close, report or default a date: everything that reads
# the clock and compares it with a day. Engine, notification and parser tests take their dates
# as input and are left out; so are the load-heavy tests whose timing is the point.
DATE_SENSITIVE = [
    "tests/test_api_cases.py",
    "tests/test_api_hearings.py",
    "tests/test_api_volunteers.py",
    "tests/test_calendar_service.py",
    "tests/test_case_notes.py",
    "tests/test_cli_demo.py",
    "tests/test_matching_service.py",
    "tests/test_retention.py",
    "tests/test_seat_time_exclusion.py",
    "tests/test_sms_flows.py",
    "tests/test_auth.py",
    "tests/test_totp.py",
    "tests/test_imports.py",
    "tests/test_import_spreadsheets.py",
    "tests/test_access_matrix.py",
    "tests/test_api_programs.py",
    "tests/test_idempotency.py",
    "tests/test_audit_integrity.py",
    "tests/notifications/test_ical_invites.py",
    "tests/notifications/test_sms_templates.py",
    "tests/outbox/test_outbox_queue.py",
    "tests/outcomes",
    "tests/web",
    "tests/browser",
    "tests/test_concurrency.py::test_two_coordinators_publishing_overlapping_proposals",
]

# CI runs the sweep before the whole suite, so its instant skips the browser journeys but the
# first (each starts a server and a browser; `make sweep` runs them all at every instant).
CI_DATE_SENSITIVE = [p for p in DATE_SENSITIVE if p != "tests/browser"] + [
    "tests/browser/test_e2e_browser.py"
]

_SUMMARY = re.compile(r"^=+ (.*(?:passed|failed|error).*) in [\d.]+s", re.M)


def run_at(name: str, at: str, extra: list[str], jobs: str = "0") -> tuple[int, str, float]:
    """Run pytest with the clock at `at`; returns its exit code, summary line and seconds."""
    env = dict(os.environ, CONVENE_TEST_DB="sqlite")
    # SQLite only: the PostgreSQL-only tests are deselected, not skipped.
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--clock={at}"]
    cmd += ["-m", "not postgres"]
    if jobs not in ("0", "1"):
        cmd += ["-n", jobs, "--dist", "loadscope"]
    cmd += extra or DATE_SENSITIVE
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".log")
    began = time.monotonic()
    with log.open("w") as out:
        code = subprocess.run(
            cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        ).returncode
    seconds = time.monotonic() - began
    text = log.read_text()
    found = _SUMMARY.findall(text)
    summary = found[-1] if found else (text.strip().splitlines() or ["no output"])[-1]
    if code != 0:
        failures = [line for line in text.splitlines() if line.startswith(("FAILED", "ERROR"))]
        print("\n".join(failures[:40]) or text[-3000:], f"(whole log: {log})", sep="\n", flush=True)
    return code, summary, seconds


def main(argv: list[str] | None = None) -> int:
    """Run the sweep; exit 1 if any instant failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ci", action="store_true", help="only the instants CI runs")
    parser.add_argument("--at", action="append", help="a name from clock.SWEEP (repeatable)")
    parser.add_argument("--jobs", default="0", help="test processes per instant (xdist's -n)")
    parser.add_argument("pytest_args", nargs="*", help="tests to run instead of the default set")
    args = parser.parse_args(argv)
    names = args.at or (list(clock.CI_SWEEP) if args.ci else list(clock.SWEEP))
    unknown = [n for n in names if n not in clock.SWEEP]
    if unknown:
        parser.error(f"unknown instant {unknown[0]!r}; choose from: {', '.join(clock.SWEEP)}")
    rows = []
    for name in names:
        at = clock.SWEEP[name]
        print(f"== {name} ({at})", flush=True)
        tests = args.pytest_args or (CI_DATE_SENSITIVE if args.ci else [])
        code, summary, seconds = run_at(name, at, tests, args.jobs)
        rows.append((name, at, "ok" if code == 0 else "FAILED", summary, seconds))
        print(f"   {summary} ({seconds:.0f} s)", flush=True)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'instant'.ljust(width)}  {'clock':25}  result  tests")
    for name, at, verdict, summary, seconds in rows:
        print(f"{name.ljust(width)}  {at:25}  {verdict:6}  {summary} ({seconds:.0f} s)")
    failed = [r for r in rows if r[2] != "ok"]
    # Worded apart from a test runner's closing line: CI reads the suite's own count, not this.
    print(f"\nclock sweep: {len(rows) - len(failed)} of {len(rows)} instants clean")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
