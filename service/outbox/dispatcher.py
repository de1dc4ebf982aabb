"""The outbox dispatcher: claims due rows, sends them, records results, reconciles crashes.

A row's life: queued -> sending (claimed and committed before the provider call) -> sent (the
provider took it) -> delivered / undelivered / failed (status callbacks). A transient failure
puts it back to queued with a later not_before; a permanent one, or too many attempts, makes it
failed with needs_attention. An expired row becomes cancelled ("expired"). A row still sending
long after its claim belonged to a worker that died: reconcile looks it up at the provider and
marks it sent, or, when the provider has no record of it, leaves it sending with
needs_attention and error_code "unknown_after_crash" for a person to check. Never resent.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import httpx
import requests
from sqlalchemy.engine import Engine
from sqlmodel import Session
from urllib3.exceptions import NewConnectionError

from notifications.email import EmailSender, build_invite_email
from notifications.errors import PermanentSendError, SendError, TransientSendError
from notifications.sms import SmsSender
from notifications.twilio_sms import UNSUBSCRIBED
from service.config import Settings, get_settings
from service.db import get_engine, utcnow
from service.models.base import Channel, MessageStatus
from service.outbox import policy, providers, repo, webhooks
from service.outbox.queue import opt_out
from service.outbox.ratelimit import TokenBucket

logger = logging.getLogger("convene.outbox")

UNKNOWN_AFTER_CRASH = "unknown_after_crash"
EXPIRED = "expired"


@dataclass(frozen=True)
class Job:
    """What a sender thread needs of one claimed row (no ORM object crosses threads)."""

    id: int
    channel: str
    to: str
    body: str
    subject: str | None
    html: str | None
    ics: str | None
    ics_method: str | None
    expires_at: datetime | None
    attempts: int
    claimed_at: datetime


@dataclass(frozen=True)
class Outcome:
    """What happened to one job ("sent", "retried", "failed", "unknown") and what to record."""

    what: str
    job: Job
    values: dict
    error: str | None = None


@dataclass
class DispatchReport:
    """What one pass of the dispatcher did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    expired: int = 0
    deferred: int = 0
    unknown: int = 0
    reconciled: int = 0
    flagged: int = 0
    webhooks_delivered: int = 0
    webhooks_retried: int = 0
    webhooks_failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def touched(self) -> int:
        """Rows whose state this pass changed."""
        hooks = self.webhooks_delivered + self.webhooks_retried + self.webhooks_failed
        return (
            self.sent + self.retried + self.failed + self.expired + self.deferred + self.unknown
        ) + hooks


class Dispatcher:
    """Sends due outbox rows with the configured (or given) senders, never one row twice."""

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        sms: SmsSender | None = None,
        email: EmailSender | None = None,
        settings: Settings | None = None,
        limiter: TokenBucket | None = None,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        webhook_client: httpx.Client | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.engine = engine or get_engine()
        self.sms = sms or providers.build_sms_sender(self.settings)
        self.email = email or providers.build_email_sender(self.settings)
        self.limiter = limiter or TokenBucket(self.settings.sms_rate_per_second)
        self.clock = clock
        self.rng = rng or random.Random()
        self.status_callback = providers.status_callback_url(self.settings)
        self.batch_size = self.settings.outbox_batch_size
        self.stuck_after = timedelta(seconds=self.settings.outbox_stuck_after_seconds)
        self._pool = ThreadPoolExecutor(
            max_workers=self.settings.outbox_concurrency, thread_name_prefix="outbox-send"
        )
        self._report_lock = threading.Lock()
        self._own_client = webhook_client is None
        self.webhook_client = webhook_client or httpx.Client(timeout=webhooks.TIMEOUT_SECONDS)

    def close(self) -> None:
        """Wait for sends in flight and release the sender threads."""
        self._pool.shutdown(wait=True)
        if self._own_client:
            self.webhook_client.close()

    # -- the loop -----------------------------------------------------------------------------

    def run_once(self, stop: threading.Event | None = None) -> DispatchReport:
        """Reconcile stuck rows, then send batches until nothing is due (or `stop` is set)."""
        report = DispatchReport()
        self.reconcile(report)
        while not (stop and stop.is_set()):
            before = report.touched
            self.dispatch_batch(report)
            self.dispatch_webhooks(report)
            if report.touched == before:
                break
        return report

    def dispatch_batch(self, report: DispatchReport | None = None) -> DispatchReport:
        """Claim one batch of due rows, send it, and record the results in one transaction."""
        report = report if report is not None else DispatchReport()
        jobs = self._claim(report)
        # A crash before the results are committed leaves these rows 'sending' with their
        # texts at the provider: reconcile finds them there; nothing is sent twice.
        self._write(list(self._pool.map(self._send, jobs)), report)
        return report

    def dispatch_webhooks(self, report: DispatchReport | None = None) -> DispatchReport:
        """Post one batch of due webhook deliveries (the outbox's webhook channel)."""
        report = report if report is not None else DispatchReport()
        counts = webhooks.dispatch(self.engine, self.webhook_client, self.settings, self.clock,
                                   self.rng, self._pool.map)  # fmt: skip
        with self._report_lock:
            report.webhooks_delivered += counts["delivered"]
            report.webhooks_retried += counts["retried"]
            report.webhooks_failed += counts["failed"]
        return report

    # -- claiming -----------------------------------------------------------------------------

    def _zone(self, name: str | None) -> ZoneInfo:
        return ZoneInfo(name) if name else self.settings.zone

    def _claim(self, report: DispatchReport) -> list[Job]:
        """Mark a batch of due rows 'sending' and commit, before any provider call."""
        now = self.clock()
        jobs: list[Job] = []
        with Session(self.engine, expire_on_commit=False) as session:
            for row in repo.due_rows(session, now, self.batch_size):
                if row.expires_at is not None and row.expires_at <= now:
                    row.status = MessageStatus.cancelled.value
                    row.error_code = EXPIRED
                    report.expired += 1
                elif row.audience in policy.QUIET_AUDIENCES and policy.in_quiet_hours(
                    now, self._zone(row.time_zone)
                ):
                    # Due at night (a worker was down, or a retry fell there): wait for 08:00.
                    row.not_before = policy.after_quiet_hours(now, self._zone(row.time_zone))
                    report.deferred += 1
                else:
                    row.status = MessageStatus.sending.value
                    row.attempts += 1
                    row.claimed_at = now
                    jobs.append(
                        Job(
                            id=row.id,
                            channel=row.channel,
                            to=row.to_address,
                            body=row.body,
                            subject=row.subject,
                            html=row.html,
                            ics=row.ics,
                            ics_method=row.ics_method,
                            expires_at=row.expires_at,
                            attempts=row.attempts,
                            claimed_at=now,
                        )
                    )
                session.add(row)
            session.commit()
        return jobs

    # -- sending ------------------------------------------------------------------------------

    def _send(self, job: Job) -> Outcome:
        """Hand one job to its provider; returns what to record (nothing is written here)."""
        try:
            if job.channel == Channel.sms.value:
                self.limiter.acquire()
                result = self.sms.send(
                    job.to,
                    job.body,
                    status_callback=self.status_callback,
                    validity_period=policy.validity_seconds(job.expires_at, self.clock()),
                )
                provider_id = result.provider_id
            else:
                provider_id = self.email.send(self._email(job))[:64]
        except TransientSendError as exc:
            if _may_have_arrived(exc):
                # The request may have reached the provider (read timeout, reset): sending it
                # again could text twice. Leave it 'sending'; reconcile looks it up later.
                logger.warning("message %s: outcome unknown (%s); will reconcile", job.id, exc)
                return Outcome("unknown", job, {})
            return self._retry(job, exc)
        except PermanentSendError as exc:
            return self._fail(job, exc)
        except Exception as exc:  # a bug or an unexpected reply: the text may have gone out
            logger.exception("message %s: unexpected error; left for reconciliation", job.id)
            return Outcome("unknown", job, {}, f"{job.id}: {exc!r}")
        values = {
            "status": MessageStatus.sent.value,
            "provider_id": provider_id,
            "sent_at": self.clock(),
            "error_code": None,
            "error_message": None,
            "needs_attention": False,
        }
        return Outcome("sent", job, values)

    def _email(self, job: Job) -> EmailMessage:
        if job.ics is not None:
            return build_invite_email(
                from_addr=self.settings.email_from,
                to_addr=job.to,
                subject=job.subject or "",
                text=job.body,
                html=job.html or "",
                ics=job.ics.encode("utf-8"),
                method=job.ics_method or "REQUEST",
            )
        message = EmailMessage()
        message["From"] = self.settings.email_from
        message["To"] = job.to
        message["Subject"] = job.subject or ""
        message.set_content(job.body)
        if job.html:
            message.add_alternative(job.html, subtype="html")
        return message

    def _write(self, outcomes: list[Outcome], report: DispatchReport) -> None:
        """Commit a batch's results at once (a commit per text would halve the throughput)."""
        changes = [o for o in outcomes if o.values]
        if changes:
            with Session(self.engine) as session:
                sent = [o for o in changes if o.what == "sent"]
                # Sent rows, the bulk of a batch, go in one executemany rather than one ORM
                # UPDATE built and run per row.
                repo.mark_sent(session, [{"id": o.job.id, **o.values} for o in sent])
                for o in changes:
                    if o.what == "sent":
                        continue
                    changed = repo.update_if_sending(session, o.job.id, **o.values)
                    if changed and o.values.get("error_code") == str(UNSUBSCRIBED):
                        # Twilio says the number opted out with the carrier: honour it
                        # everywhere, in the same transaction as the failure.
                        opt_out(session, o.job.to, source="twilio_21610")
                session.commit()
        for o in outcomes:
            self._count(report, o.what, o.error)

    def _retry(self, job: Job, exc: SendError) -> Outcome:
        if job.attempts >= self.settings.outbox_max_attempts:
            return self._fail(job, exc, prefix=f"gave up after {job.attempts} attempts: ")
        delay = policy.backoff_delay(
            job.attempts,
            self.settings.outbox_backoff_seconds,
            self.settings.outbox_backoff_max_seconds,
            self.rng,
        )
        values = {
            "status": MessageStatus.queued.value,
            "not_before": self.clock() + delay,
            "error_code": _code(exc),
            "error_message": exc.message[:500],
        }
        return Outcome("retried", job, values)

    def _fail(self, job: Job, exc: SendError, prefix: str = "") -> Outcome:
        values = {
            "status": MessageStatus.failed.value,
            "error_code": _code(exc),
            "error_message": (prefix + exc.message)[:500],
            "needs_attention": True,
        }
        return Outcome("failed", job, values)

    def _count(self, report: DispatchReport, what: str, error: str | None = None) -> None:
        with self._report_lock:
            setattr(report, what, getattr(report, what) + 1)
            if error:
                report.errors.append(error)

    # -- reconciling --------------------------------------------------------------------------

    def reconcile(self, report: DispatchReport | None = None, limit: int = 100) -> DispatchReport:
        """Settle rows left 'sending' by a dead worker from the provider's records; never resend."""
        report = report if report is not None else DispatchReport()
        cutoff = self.clock() - self.stuck_after
        with Session(self.engine, expire_on_commit=False) as session:
            # Read without holding locks: lookups are network calls, and each outcome is written
            # with a conditional update that a second reconciling worker cannot undo.
            stuck = list(repo.stuck_rows(session, cutoff, limit))
        for row in stuck:
            found = None
            if row.channel == Channel.sms.value:
                try:
                    found = self.sms.lookup(
                        row.provider_id, to=row.to_address, body=row.body, sent_after=row.claimed_at
                    )
                except TransientSendError:
                    continue  # the provider is unreachable now; try again on the next pass
                except PermanentSendError:
                    found = None
            if found is not None:
                delivered = found.status in ("delivered", "read")
                values = {
                    "status": (MessageStatus.delivered if delivered else MessageStatus.sent).value,
                    "provider_id": found.provider_id,
                    "sent_at": row.claimed_at,
                }
            else:
                values = {
                    "needs_attention": True,
                    "error_code": UNKNOWN_AFTER_CRASH,
                    "error_message": "a worker stopped while sending and the provider shows no "
                    "such message; it was not sent again: check with the recipient",
                }
            with Session(self.engine) as session:
                changed = repo.update_stuck(session, row.id, row.claimed_at, **values)
                session.commit()
            if changed:
                self._count(report, "reconciled" if found is not None else "flagged")
        return report


def _code(exc: SendError) -> str:
    return str(exc.code if exc.code is not None else "error")[:32]


def _may_have_arrived(exc: TransientSendError) -> bool:
    """Whether a network failure happened after the request could have reached the provider."""
    cause = exc.__cause__
    if exc.code != "network" or cause is None:
        return False  # an HTTP answer (429, 5xx): the provider refused it, retrying is safe
    if isinstance(cause, requests.ConnectTimeout):
        return False
    reason = getattr(cause.args[0], "reason", None) if cause.args else None
    # Connection refused or name not resolved: nothing was sent.
    return not isinstance(reason, NewConnectionError)
