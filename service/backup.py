"""`convene backup FILE`: a consistent copy of a SQLite database while the service runs.

SQLite runs with a write-ahead log, so copying convene.db while it serves can miss committed
pages still in the log; SQLite's online backup API copies a consistent snapshot instead. A
PostgreSQL database is backed up with pg_dump (the README shows how).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupRefused(Exception):
    """A backup that cannot be made here, with the reason in words."""


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite URL, or a refusal naming what to do instead."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupRefused(
            "the database is PostgreSQL: back it up with pg_dump "
            '(pg_dump --format=custom --file=convene.dump "$DATABASE_URL")'
        )
    if not url.database or url.database == ":memory:":
        raise BackupRefused("the database is in memory; there is nothing on disk to back up")
    return Path(url.database)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the database to `target` with SQLite's online backup; returns the pages copied."""
    source_path = sqlite_path(database_url)
    if not source_path.exists():
        raise BackupRefused(f"there is no database at {source_path}")
    if target.exists():
        raise BackupRefused(f"{target} exists already; give a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        pages = copy.execute("PRAGMA page_count").fetchone()[0]
        ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        source.close()
    if ok != "ok":
        target.unlink(missing_ok=True)
        raise BackupRefused(f"the copy failed its integrity check ({ok}); nothing was kept")
    return pages
