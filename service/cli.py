"""The `convene` command: serve, worker, migrate, demo, create-user, import."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from service import __version__, cli_messages, migrations
from service.cli_exit import EXIT_CODES, check_settings, run
from service.config import get_settings
from service.db import check_database, get_engine, session_scope


def _migrate_up() -> None:
    migrations.upgrade(get_engine())


def cmd_migrate(args: argparse.Namespace) -> int:
    """Upgrade (or downgrade) the database schema."""
    if args.down:
        migrations.downgrade(get_engine(), args.down)
        print(f"downgraded to {args.down}")
    else:
        migrations.upgrade(get_engine(), args.revision)
        print(f"database at {args.revision}")
    return 0


def _load_demo_if_empty(announce: bool) -> bool:
    from service import demo

    with session_scope() as session:
        if not demo.is_empty(session):
            return False
        summary = demo.load_demo(session)
    if announce:
        print("Loaded the demo program: " + ", ".join(f"{v} {k}" for k, v in summary.items()))
    return True


def _print_demo_accounts() -> None:
    from service import demo

    print("Demo sign-in (development only):")
    for email, _name, role in demo.DEMO_ACCOUNTS:
        print(f"  {role:<12} {email}  password: {demo.DEMO_PASSWORD}")
    if get_settings().totp_required:
        print(
            "  No authenticator app is asked of these demo accounts in development; in "
            "production every admin and coordinator sets one up at the first sign-in."
        )


def cmd_demo(args: argparse.Namespace) -> int:
    """Load the demo program into an empty database."""
    if get_settings().env == "production":
        print("refusing to load demo data in production", file=sys.stderr)
        return 2
    _migrate_up()
    if not _load_demo_if_empty(True):
        print("the database already holds programs; demo data not loaded")
    _print_demo_accounts()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, load the demo when empty (development), and serve HTTP."""
    import uvicorn

    from service.logredact import uvicorn_log_config

    settings = get_settings()
    _migrate_up()
    if settings.env == "development" and settings.demo_on_empty:
        _load_demo_if_empty(True)
        _print_demo_accounts()
    print(f"Convene on http://{args.host}:{args.port}  (API docs at /docs)", flush=True)
    if args.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # /metrics sums every worker's request counts from files in this directory.
        metrics_dir = tempfile.mkdtemp(prefix="convene-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    uvicorn.run(
        "service.main:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        timeout_graceful_shutdown=settings.graceful_timeout_seconds,
        log_level="info",
        log_config=uvicorn_log_config(),  # access lines never show /me/{token} and the like
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the outbox dispatcher and, on a thread beside it, the periodic jobs."""
    from service.jobs import JobRunner, run_due
    from service.jobs.runner import owner_name
    from service.outbox import run_worker

    if args.once:
        try:
            ran_now = run_due(get_engine(), owner_name())
            for ran in ran_now:
                print(f"job {ran.job}: {ran.error or f'done ({ran.count})'}")
            if not ran_now:
                print("no job due: each has run in its current hour or day")
        except Exception as exc:  # no job_run table yet, the database down: say so, no traceback
            print(
                f"convene worker: the jobs could not run ({exc.__class__.__name__}); "
                "is the database up and migrated (`convene migrate`)?",
                file=sys.stderr,
            )
        return run_worker(once=True)
    runner = JobRunner()
    runner.start()
    try:
        return run_worker()
    finally:
        runner.stop()


def cmd_create_user(args: argparse.Namespace) -> int:
    """Create an account (the first admin, typically)."""
    from service.accounts import auth
    from service.errors import ConveneError

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if password is None:
        password = getpass.getpass("Password (8+ characters): ")
    _migrate_up()
    try:
        with session_scope() as session:
            user = auth.create_user(
                session,
                email=args.email,
                full_name=args.name or args.email,
                password=password,
                role=args.role,
            )
            user_id = user.id
    except ConveneError as exc:
        print(f"convene create-user: {exc.message}", file=sys.stderr)
        return 2
    print(f"created {args.role} {args.email} (id {user_id})")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Import referrals or volunteers from a CSV file."""
    from service import imports
    from service.errors import ConveneError

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"convene import: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    _migrate_up()
    fn = imports.import_cases if args.what == "cases" else imports.import_volunteers
    try:
        with session_scope() as session:
            report = fn(session, raw, skip_bad=args.skip_bad, dry_run=args.dry_run)
    except ConveneError as exc:
        print(f"convene import: {args.file}: {exc.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        for err in report.errors:
            print(err, file=sys.stderr)
        for note in report.not_eligible:
            print(note)
        read = f"{report.rows} row{'' if report.rows == 1 else 's'} read ({report.read_as})"
        print(f"{read}; {report.summary(args.skip_bad)}")
    return 1 if report.errors and not args.skip_bad else 0


def _day(value: str):
    from datetime import date

    return date.fromisoformat(value)


def cmd_match(args: argparse.Namespace) -> int:
    """Run the matching engine for a program and horizon; optionally publish the proposal."""
    from datetime import datetime, time

    from service.accounts import auth
    from service.errors import ConveneError
    from service.panels import runs
    from service.programs import program_by_code, program_zone

    _migrate_up()
    with session_scope() as session:
        program = program_by_code(session, args.program)
        if program is None:
            print(f"convene match: no program with code {args.program!r}", file=sys.stderr)
            return 2
        zone = program_zone(program)
        start = datetime.combine(args.start, time(0), zone)
        end = datetime.combine(args.end, time(0), zone)
        principal = auth.system_principal(session, "convene match")
        try:
            run = runs.run_matching(
                session, program, start, end, principal, time_limit=args.time_limit
            )
            if args.publish:
                runs.publish(session, run, principal)
        except ConveneError as exc:
            print(f"convene match: {exc.message}", file=sys.stderr)
            for d in exc.details:
                print(f"  {d.get('field')}: {d.get('reason')}", file=sys.stderr)
            return 2
        out = runs.run_public(session, run)
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    seats = sum(len(h["seats"]) for h in out["hearings"])
    empty = sum(e["empty"] for h in out["hearings"] for e in h["empty_seats"])
    print(
        f"run {out['id']} ({out['status']}): {len(out['hearings'])} hearings, {seats} seats proposed, "
        f"{empty} empty; objective {out['objective']:.2f}, bound {out['lower_bound']}, {out['solver_status']}"
    )
    for h in out["hearings"]:
        names = ", ".join(f"{s['role']}: {s['volunteer_name']}" for s in h["seats"])
        print(f"  hearing {h['hearing_id']} {h['local_start']}  {names}")
        for e in h["empty_seats"]:
            print(f"    {e['empty']} {e['role']} seat(s) empty: {e['reason']}")
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    """Periodic work: flag overdue obligations and queue the obligation reminders that are due."""
    from service.db import utcnow
    from service.outcomes.deadlines import run_jobs

    _migrate_up()
    with session_scope() as session:
        done = run_jobs(session, utcnow())
    print(
        f"{done['overdue']} obligation(s) flagged overdue, {done['reminders']} reminder(s) queued"
    )
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    """Anonymise cases closed longer ago than the retention period (safe to run on a schedule)."""
    from service.cases.retention import anonymise_closed_cases

    _migrate_up()
    with session_scope() as session:
        days = args.days if args.days is not None else get_settings().retention_days
        counts = anonymise_closed_cases(session, older_than_days=days)
    print(
        f"anonymised {counts['cases']} cases, {counts['persons']} persons, {counts['messages']} messages"
    )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent copy of the SQLite database, safe while the service runs."""
    from service.backup import BackupRefused, backup_sqlite

    try:
        pages = backup_sqlite(get_settings().database_url, Path(args.file))
    except BackupRefused as exc:
        print(f"convene backup: {exc}", file=sys.stderr)
        return 2
    print(f"backed up {pages} pages to {args.file}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `convene`."""
    # Nothing here reads the settings: `convene --help` works with no configuration at all.
    parser = argparse.ArgumentParser(
        prog="convene",
        description="Scheduling for community justice programs.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"convene {_version()}")
    parser.add_argument(
        "--traceback", action="store_true", help="on an internal error, show where it happened"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="migrate, load demo data when empty, and serve HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("backup", help="copy the SQLite database safely while it serves")
    p.add_argument("file", help="the new file to write (refused if it exists)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "worker", help="send queued messages and run the periodic jobs on their schedules"
    )
    p.add_argument(
        "--once", action="store_true", help="run the due jobs and send what is due, then exit"
    )
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser(
        "jobs", help="run the overdue flags and reminders now (`convene worker` runs them hourly)"
    )
    p.set_defaults(func=cmd_jobs)

    p = sub.add_parser("migrate", help="bring the database schema up to date")
    p.add_argument("--revision", default="head")
    p.add_argument("--down", metavar="REVISION", help="downgrade to REVISION (e.g. base)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("demo", help="load the demo Los Angeles program into an empty database")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("create-user", help="create an account")
    p.add_argument("--email", required=True)
    p.add_argument("--name")
    p.add_argument("--role", choices=["admin", "coordinator", "viewer"], default="admin")
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("match", help="propose panels for a program's hearings in a horizon")
    p.add_argument("--program", required=True, help="program code, e.g. NJP")
    p.add_argument("--from", dest="start", type=_day, required=True, help="first day (YYYY-MM-DD)")
    p.add_argument(
        "--to", dest="end", type=_day, required=True, help="day after the last (YYYY-MM-DD)"
    )
    p.add_argument("--time-limit", type=float, default=10.0)
    p.add_argument("--publish", action="store_true", help="invite the proposed volunteers at once")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_match)

    p = sub.add_parser(
        "retention", help="anonymise cases closed longer ago than the retention period"
    )
    p.add_argument(
        "--days",
        type=int,
        default=None,
        help="closed more than this many days ago (default CONVENE_RETENTION_DAYS)",
    )
    p.set_defaults(func=cmd_retention)

    p = sub.add_parser("import", help="import referrals or volunteers from CSV")
    p.add_argument("what", choices=["cases", "volunteers"])
    p.add_argument("file")
    p.add_argument(
        "--skip-bad", action="store_true", help="import the good rows and list the bad ones"
    )
    p.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_import)

    cli_messages.add_to(sub)
    return parser


# What each command does with a SQLite file that does not exist yet: create it, or refuse.
CREATES_DATABASE = {"serve", "migrate", "demo"}
NEEDS_NO_DATABASE = {"backup", "messages"}  # backup reads the file itself and names a missing one


def _version() -> str:
    try:
        return metadata.version("convene")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return __version__


def _run(args: argparse.Namespace) -> int:
    check_settings()
    if args.command not in NEEDS_NO_DATABASE:
        check_database(get_engine(), create=args.command in CREATES_DATABASE)
    return args.func(args)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `convene` command: every failure is one line on stderr and an exit code."""
    args = build_parser().parse_args(argv)
    return run(f"convene {args.command}", lambda: _run(args), traceback=args.traceback)


if __name__ == "__main__":
    sys.exit(main())
