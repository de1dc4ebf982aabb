"""The jobs' thread: beside the outbox in `convene worker`, or inside `convene serve`."""

from __future__ import annotations

import logging
import os
import socket
import threading

from sqlalchemy.engine import Engine

from service.config import get_settings
from service.db import get_engine
from service.jobs.schedule import run_due

logger = logging.getLogger("convene.jobs")


def owner_name() -> str:
    """Who holds a lease: host, process and thread, so the admin can tell workers apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


class JobRunner:
    """Runs the due jobs every `poll` seconds on a background thread until stopped."""

    def __init__(self, engine: Engine | None = None, poll: float | None = None) -> None:
        self._engine = engine
        self._poll = poll or get_settings().jobs_poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread."""
        self._thread = threading.Thread(target=self._run, name="convene-jobs", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        owner = owner_name()
        while not self._stop.is_set():
            try:
                for ran in run_due(self._engine or get_engine(), owner):
                    logger.info("job %s: %s", ran.job, ran.error or f"done ({ran.count})")
            except Exception:  # the database restarting, say: keep the thread alive and retry
                logger.exception("jobs pass failed; retrying in %.0f s", self._poll)
            self._stop.wait(self._poll)

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop after the job it is running and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_in_server() -> JobRunner | None:
    """Start the jobs' thread in the web process when Settings.run_jobs_in_server is on."""
    if not get_settings().run_jobs_in_server:
        return None
    runner = JobRunner()
    runner.start()
    return runner
