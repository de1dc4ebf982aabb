"""/metrics in Prometheus' text format: request latency by route, the outbox, matching runs, jobs.

Request latency is counted in each process; with several uvicorn workers `convene serve` gives
them a shared PROMETHEUS_MULTIPROC_DIR, and a scrape sums them all. What the database holds
(the outbox's depth and oldest queued message, send failures, webhook deliveries, matching
runs, the periodic jobs' runs and failures) is read at scrape
time, so every worker answers the same.
"""

from __future__ import annotations

import hmac
import os
import time

from fastapi import FastAPI, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func
from sqlmodel import Session, select
from starlette.routing import Mount

from service.config import get_settings
from service.db import get_engine, utcnow
from service.errors import Unauthorized
from service.models import JobRun, MatchingRun, Message, WebhookDelivery
from service.models.base import DeliveryStatus, Direction, MessageStatus

REQUESTS = Histogram(
    "convene_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
FAILED = (MessageStatus.failed.value, MessageStatus.undelivered.value)


class DatabaseCollector:
    """Figures read from the database at each scrape."""

    def describe(self):
        """Nothing: registering must not query the database (it may not exist yet)."""
        return []

    def collect(self):
        """The outbox by status, its oldest queued message, send failures, matching runs."""
        now = utcnow()
        with Session(get_engine()) as session:
            by_status = session.exec(
                select(Message.status, func.count())
                .where(Message.direction == Direction.outbound.value)
                .group_by(Message.status)
            ).all()
            oldest = session.exec(
                select(func.min(Message.created_at)).where(
                    Message.status == MessageStatus.queued.value
                )
            ).one()
            failures = session.exec(
                select(Message.error_code, func.count())
                .where(Message.status.in_(FAILED))
                .group_by(Message.error_code)
            ).all()
            runs, seconds = session.exec(
                select(func.count(), func.coalesce(func.sum(MatchingRun.wall_seconds), 0.0))
            ).one()
            jobs = session.exec(select(JobRun).order_by(JobRun.job)).all()
            hooks = session.exec(
                select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)
            ).all()
            oldest_hook = session.exec(
                select(func.min(WebhookDelivery.created_at)).where(
                    WebhookDelivery.status == DeliveryStatus.queued.value
                )
            ).one()
        depth = GaugeMetricFamily(
            "convene_outbox_messages", "Outbound messages by delivery state.", labels=["status"]
        )
        for status, n in by_status:
            depth.add_metric([status], n)
        yield depth
        yield GaugeMetricFamily(
            "convene_outbox_oldest_queued_age_seconds",
            "Age of the oldest message still waiting to be sent (0 when none waits).",
            value=_age(now, oldest),
        )
        deliveries = GaugeMetricFamily(
            "convene_webhook_deliveries", "Webhook deliveries by state.", labels=["status"]
        )
        for status, n in hooks:
            deliveries.add_metric([status], n)
        yield deliveries
        yield GaugeMetricFamily(
            "convene_webhook_oldest_queued_age_seconds",
            "Age of the oldest webhook delivery still waiting to be sent (0 when none waits).",
            value=_age(now, oldest_hook),
        )
        failed = GaugeMetricFamily(
            "convene_outbox_failed_messages",
            "Messages that failed or were not delivered, by the provider's error code.",
            labels=["error_code"],
        )
        for code, n in failures:
            failed.add_metric([code or "unknown"], n)
        yield failed
        yield CounterMetricFamily(
            "convene_matching_runs", "Matching runs since the database was created.", value=runs
        )
        yield CounterMetricFamily(
            "convene_matching_run_seconds",
            "Wall time of all matching runs, in seconds.",
            value=float(seconds),
        )
        yield from _job_metrics(jobs)


def _age(now, oldest) -> float:
    """Seconds since `oldest` (naive values from SQLite are UTC), 0 when nothing waits."""
    if oldest is None:
        return 0.0
    oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - oldest).total_seconds())


def _job_metrics(jobs: list[JobRun]):
    """Each periodic job's runs, failures and last run, from its job_run row."""
    runs = CounterMetricFamily("convene_job_runs", "Runs of each periodic job.", labels=["job"])
    failures = CounterMetricFamily(
        "convene_job_failures", "Failed runs of each periodic job.", labels=["job"]
    )
    duration = GaugeMetricFamily(
        "convene_job_last_duration_seconds", "How long each job's last run took.", labels=["job"]
    )
    failed = GaugeMetricFamily(
        "convene_job_last_run_failed", "1 when the job's last run failed, else 0.", labels=["job"]
    )
    for job in jobs:
        runs.add_metric([job.job], job.runs)
        failures.add_metric([job.job], job.failures)
        if job.duration_seconds is not None:
            duration.add_metric([job.job], job.duration_seconds)
            failed.add_metric([job.job], 1.0 if job.status == "failed" else 0.0)
    yield from (runs, failures, duration, failed)


class MetricsMiddleware:
    """Plain ASGI: time each request and count it under its route template (never its path)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = {"code": 500}

        async def note(message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, note)
        finally:
            REQUESTS.labels(scope["method"], route_template(scope), str(status["code"])).observe(
                time.perf_counter() - start
            )


def route_template(scope) -> str:
    """The path with each path parameter as {name}: ids and link tokens never become labels."""
    route = scope.get("route")
    if route is None:
        return "unmatched"
    if isinstance(route, Mount):
        return route.path + "/{path}"
    values = {str(v): k for k, v in scope.get("path_params", {}).items() if str(v)}
    out = []
    for segment in scope["path"].split("/"):
        for value, name in values.items():
            # "/calendar/{token}.ics": a parameter may carry a suffix in its segment
            if segment == value or segment.startswith(value + "."):
                segment = "{" + name + "}" + segment[len(value) :]
                break
        out.append(segment)
    return "/".join(out)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_DATABASE)
        return registry
    return REGISTRY


_DATABASE = DatabaseCollector()


def install(app: FastAPI) -> None:
    """Add the request timing and GET /metrics."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR") and _DATABASE not in getattr(
        REGISTRY, "_collector_to_names", {}
    ):
        REGISTRY.register(_DATABASE)
    app.add_middleware(MetricsMiddleware)

    @app.get("/metrics", include_in_schema=False)
    def metrics(request: Request) -> Response:
        token = get_settings().metrics_token
        if token:
            sent = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(sent.encode(), token.encode()):
                raise Unauthorized("give the metrics token as a bearer token")
        return Response(generate_latest(_registry()), media_type=CONTENT_TYPE_LATEST)
