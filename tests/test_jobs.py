"""Jobs that run themselves: once per period however many workers race, failures recorded and
retried the next period, the admin page and /metrics show the last run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from prometheus_client.parser import text_string_to_metric_families
from sqlmodel import Session, select
from web.web_support import page, sign_in

from service.db import make_engine
from service.jobs import lease
from service.jobs.schedule import JOBS, Job, period_start, run_due
from service.models import CaseEvent, Hearing, JobRun, SeatAssignment
from service.panels.no_reply import escalate_unanswered
from support import next_local

NOW = datetime(2026, 12, 2, 5, 20, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _row(engine, name: str) -> JobRun:
    with Session(engine) as s:
        return s.get(JobRun, name)


def test_a_job_runs_once_per_period_across_two_workers_racing(engine):
    """Two workers, each with its own engine (its own connections), released together at the
    same instant, ten periods in a row: the job's work runs once a period."""
    url = engine.url.render_as_string(hide_password=False)
    engines = [make_engine(url) for _ in range(2)]
    done: list[tuple[str, datetime]] = []
    lock = threading.Lock()

    def work(session: Session, now: datetime) -> tuple[int, str]:
        with lock:
            done.append((threading.current_thread().name, now))
        threading.Event().wait(0.05)  # the other worker tries while this one still runs
        return 1, "counted"

    jobs = (Job("race", HOUR, work),)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            for period in range(10):
                barrier.wait(timeout=60)
                run_due(engines[i], f"worker-{i}", NOW + period * HOUR, jobs)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,), name=f"w{i}") for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for e in engines:
        e.dispose()
    assert not errors, errors
    assert sorted(now for _, now in done) == [NOW + p * HOUR for p in range(10)]
    row = _row(engine, "race")
    assert (row.runs, row.failures, row.status, row.count) == (10, 0, "succeeded", 1)


def test_a_failure_is_recorded_and_retried_the_next_period(engine):
    calls = []

    def flaky(session: Session, now: datetime) -> tuple[int, str]:
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("the SMS provider was down")
        return 3, "three done"

    jobs = (Job("flaky", HOUR, flaky),)
    assert [r.error for r in run_due(engine, "w", NOW, jobs)] == [
        "RuntimeError: the SMS provider was down"
    ]
    row = _row(engine, "flaky")
    assert (row.status, row.runs, row.failures, row.count) == ("failed", 1, 1, None)
    assert row.error == "RuntimeError: the SMS provider was down"
    # Not again in the same period, however often the worker polls...
    assert run_due(engine, "w", NOW + timedelta(minutes=30), jobs) == []
    # ...but at the next one.
    assert [r.count for r in run_due(engine, "w", NOW + HOUR, jobs)] == [3]
    row = _row(engine, "flaky")
    assert (row.status, row.runs, row.failures, row.error, row.detail) == (
        "succeeded", 2, 1, None, "three done"
    )  # fmt: skip
    assert len(calls) == 2


def test_a_run_whose_worker_died_is_taken_over_when_its_lease_runs_out(engine):
    lease.ensure_rows(engine, ["stuck"])
    start = period_start(NOW, HOUR)
    assert lease.claim(engine, "stuck", start, NOW, "dead-worker", timedelta(minutes=30))
    ran = []
    jobs = (Job("stuck", HOUR, lambda s, now: (ran.append(now), (1, "ok"))[1]),)
    assert run_due(engine, "w", NOW + timedelta(minutes=10), jobs) == []  # the lease holds
    assert len(run_due(engine, "w", NOW + timedelta(minutes=31), jobs)) == 1
    assert _row(engine, "stuck").owner == "w" and len(ran) == 1


def test_an_invitation_unanswered_two_days_is_passed_to_the_coordinator_once(world, engine):
    case = world.case("NJP-QUIET")
    hearing = world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    vol = world.volunteer("Quiet Tester", mobile="323-555-0199")
    recent = world.volunteer("Recent Tester", mobile="323-555-0198")
    now = datetime.now(UTC)
    with Session(engine) as s:
        s.add(SeatAssignment(hearing_id=hearing["id"], volunteer_id=vol["id"], role="panelist",
                             status="invited", invited_at=now - timedelta(days=3)))  # fmt: skip
        s.add(SeatAssignment(hearing_id=hearing["id"], volunteer_id=recent["id"], role="panelist",
                             status="invited", invited_at=now - timedelta(days=1)))  # fmt: skip
        s.commit()
    with Session(engine) as s:
        assert escalate_unanswered(s, now) == 1
        s.commit()
    with Session(engine) as s:
        assert escalate_unanswered(s, now + HOUR) == 0  # told once, not every hour
        events = s.exec(select(CaseEvent).where(CaseEvent.kind == "seat_unanswered")).all()
        assert len(events) == 1 and events[0].case_id == case["id"]
        # In a coordinator's words: who, and in which role; never a seat's number.
        assert (
            events[0].detail == "Quiet Tester, invited two days ago as panelist, has not answered"
        )
        assert s.get(Hearing, hearing["id"]).needs_attention


def test_escalations_recorded_before_the_seat_kept_them_carry_over(world, engine):
    from service import migrations

    case = world.case("NJP-OLD-ESCALATION")
    hearing = world.hearing(case["id"], next_local(1, 18, 30, weeks_ahead=2))
    vol = world.volunteer("Old Tester", mobile="323-555-0197")
    with Session(engine) as s:
        seat = SeatAssignment(hearing_id=hearing["id"], volunteer_id=vol["id"], role="panelist",
                              status="invited", invited_at=datetime.now(UTC) - timedelta(days=3))  # fmt: skip
        s.add(seat)
        s.flush()
        # What migration 0022 finds: the seat named only in the event's text.
        s.add(CaseEvent(case_id=case["id"], kind="seat_unanswered",
                        detail=f"panelist invited two days ago has not answered (seat {seat.id})"))  # fmt: skip
        s.commit()
        seat_id = seat.id
    engine.dispose()
    migrations.downgrade(engine, "0020")
    migrations.upgrade(engine)
    with Session(engine) as s:
        assert s.get(SeatAssignment, seat_id).escalated_at is not None
        event = s.exec(select(CaseEvent).where(CaseEvent.kind == "seat_unanswered")).one()
        assert event.detail == "panelist invited two days ago has not answered"
        assert escalate_unanswered(s, datetime.now(UTC)) == 0  # not told a second time


def test_the_admin_sees_each_jobs_last_run_and_metrics_count_them(client, engine):
    def broken(session, now):
        raise ValueError("no such table")

    assert [j.name for j in JOBS] == ["deadlines", "no_reply", "retention"]
    run_due(engine, "w", None, (*JOBS[:2], Job("retention", timedelta(days=1), broken)))
    sign_in(client, engine, "admin")
    text = page(client, "/admin/jobs")
    assert "Agreement task reminders and overdue flags" in text
    assert "0 agreement tasks flagged overdue, 0 reminders queued" in text
    assert "Unanswered invitations passed to the coordinator" in text
    assert "Failed" in text and "ValueError: no such table" in text
    assert "deadlines" not in text and "succeeded" not in text  # words, not codes
    assert " UTC" not in text and "+00:00" not in text  # local time, in words
    metrics = client.get("/metrics")
    samples = {
        (s.name, s.labels.get("job")): s.value
        for family in text_string_to_metric_families(metrics.text)
        for s in family.samples
    }
    assert samples[("convene_job_runs_total", "deadlines")] == 1
    assert samples[("convene_job_failures_total", "retention")] == 1
    assert samples[("convene_job_failures_total", "no_reply")] == 0
    assert samples[("convene_job_last_run_failed", "retention")] == 1


def test_convene_worker_once_runs_the_due_jobs_once(engine, capsys):
    from service.cli import main

    assert main(["worker", "--once"]) == 0
    first = capsys.readouterr().out
    assert "job deadlines: done (0)" in first and "job retention: done (0)" in first
    assert main(["worker", "--once"]) == 0
    assert "no job due" in capsys.readouterr().out
    assert _row(engine, "deadlines").runs == 1
