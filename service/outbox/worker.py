"""The `convene worker` loop and the dispatcher thread that runs inside `convene serve`."""

from __future__ import annotations

import logging
import signal
import threading

from service.config import get_settings
from service.outbox.dispatcher import Dispatcher

logger = logging.getLogger("convene.outbox")


def _loop(dispatcher: Dispatcher, stop: threading.Event, poll: float) -> None:
    """Send what is due, sleep while nothing is, until `stop` is set."""
    while not stop.is_set():
        try:
            report = dispatcher.run_once(stop)
        except Exception:  # the database restarting, say: keep the worker alive and retry
            logger.exception("outbox pass failed; retrying in %.1f s", poll)
            stop.wait(poll)
            continue
        if report.touched == 0:
            stop.wait(poll)


def run_worker(once: bool = False) -> int:
    """Run the dispatcher until SIGTERM/SIGINT (or one pass with `once`); returns an exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # The twilio library logs every request's headers at INFO: far too much for a worker's log.
    logging.getLogger("twilio").setLevel(logging.WARNING)
    settings = get_settings()
    dispatcher = Dispatcher(settings=settings)
    stop = threading.Event()
    try:
        if once:
            report = dispatcher.run_once()
            print(
                f"sent {report.sent}, retrying {report.retried}, failed {report.failed}, "
                f"expired {report.expired}, deferred {report.deferred}, "
                f"reconciled {report.reconciled}, flagged {report.flagged}"
            )
            return 0

        def _stop(signum, _frame):
            # Finish the texts in flight, then exit: a half-recorded send is what reconcile is
            # for, but there is no reason to create one on a deploy.
            logger.info("signal %s: stopping after the current batch", signum)
            stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        logger.info(
            "outbox worker started (%s, %.1f texts/s)",
            settings.sms_provider,
            settings.sms_rate_per_second,
        )
        _loop(dispatcher, stop, settings.outbox_poll_seconds)
        return 0
    finally:
        dispatcher.close()


class InServerDispatcher:
    """The dispatcher on a background thread of the web process (development, small sites)."""

    def __init__(self, dispatcher: Dispatcher | None = None) -> None:
        self._dispatcher = dispatcher
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the thread (it builds its dispatcher there, so start-up never blocks)."""
        self._thread = threading.Thread(target=self._run, name="outbox-dispatcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._dispatcher = self._dispatcher or Dispatcher()
        except Exception:
            logger.exception("outbox dispatcher could not start; texts stay queued")
            return
        _loop(self._dispatcher, self._stop, get_settings().outbox_poll_seconds)

    def stop(self, timeout: float = 15.0) -> None:
        """Ask the thread to finish its batch and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._dispatcher is not None:
            self._dispatcher.close()


def start_in_server() -> InServerDispatcher | None:
    """Start the in-server dispatcher when Settings.run_dispatcher_in_server is on."""
    if not get_settings().run_dispatcher_in_server:
        return None
    runner = InServerDispatcher()
    runner.start()
    return runner
