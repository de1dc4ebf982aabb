"""How a `convene` command ends: its exit codes, and every failure as one line on stderr."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, DBAPIError

from service.config import describe, get_settings
from service.db import get_engine
from service.errors import ConveneError, DatabaseUnavailable

EXIT_OK, EXIT_BAD_ROWS, EXIT_REFUSED, EXIT_CONFIG, EXIT_DATABASE = 0, 1, 2, 3, 4
EXIT_INTERNAL, EXIT_INTERRUPTED = 70, 130
EXIT_CODES = """exit codes:
  0    done
  1    import: some rows are bad (nothing imported without --skip-bad)
  2    wrong usage, or refused: a bad argument, a missing file, a rule the request breaks
  3    configuration: a CONVENE_* setting is missing or wrong
  4    database: missing (never created here), its folder missing, or unreachable
  70   internal error (a bug): one line; --traceback shows where
  130  interrupted (Ctrl-C)

A SQLite database that does not exist is created only by migrate, serve and demo; every
other command refuses it and names the path it looked for."""


class ConfigError(Exception):
    """The CONVENE_* settings are wrong; the message names them."""


def check_settings() -> None:
    """Read the settings once, so that a wrong one is a configuration error, named."""
    try:
        get_settings()
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None


def _database_failure(exc: BaseException) -> str:
    """An unreachable or broken database in one line (its URL shown without the password)."""
    orig = getattr(exc, "orig", None) or exc
    reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    try:
        where = get_engine().url.render_as_string(hide_password=True)
    except Exception:  # the settings themselves may be what failed
        where = "the database"
    return f"cannot use the database {where}: {reason}"


def _failure(exc: BaseException) -> tuple[str, int] | None:
    """The line and exit code of a failure Convene expects; None for a bug."""
    if isinstance(exc, ConfigError):
        return f"configuration: {exc}", EXIT_CONFIG
    if isinstance(exc, ArgumentError):  # a database URL SQLAlchemy cannot read
        return f"configuration: CONVENE_DATABASE_URL: {exc}", EXIT_CONFIG
    if isinstance(exc, DatabaseUnavailable):
        return exc.message, EXIT_DATABASE
    if isinstance(exc, ConveneError):
        return exc.message, EXIT_REFUSED
    if isinstance(exc, DBAPIError | sqlite3.Error):
        return _database_failure(exc), EXIT_DATABASE
    if isinstance(exc, OSError):  # a file that is missing, unreadable, or a folder
        if exc.filename is None:
            return str(exc), EXIT_REFUSED
        return f"{exc.filename}: {exc.strerror or exc}", EXIT_REFUSED
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", EXIT_INTERRUPTED
    return None


def run(name: str, work: Callable[[], int], *, traceback: bool = False) -> int:
    """Run a command; any failure becomes `name: one line` on stderr and its exit code."""
    try:
        return work()
    except (Exception, KeyboardInterrupt) as exc:
        known = _failure(exc)
        if known is None and traceback:
            raise
        message, code = known or (
            f"internal error ({type(exc).__name__}: {exc}); run again with --traceback "
            "and report it",
            EXIT_INTERNAL,
        )
        print(f"{name}: {message}", file=sys.stderr)
        return code
