"""Benchmark (prints figures): dispatcher throughput and Twilio webhook latency under load.

    python -m service.outbox.bench [--messages 3000] [--no-postgres] [--webhook-seconds 10]
                                   [--webhook-path /webhooks/twilio/status]

Uses the fake Twilio server of tests/outbox (run from a checkout), each load in its own process.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAKE_DIR = REPO / "tests" / "outbox"


def _fake_module():
    if str(FAKE_DIR) not in sys.path:
        sys.path.insert(0, str(FAKE_DIR))
    import twilio_fake

    return twilio_fake


def _serve_fake(port_queue, stop_event) -> None:
    """Child process: the fake Twilio, away from the dispatcher's GIL."""
    fake = _fake_module().FakeTwilio(record_requests=False)
    port_queue.put(fake.url)
    stop_event.wait()
    port_queue.put(len(fake.messages))
    fake.close()


class FakeProcess:
    """The fake Twilio in a child process."""

    def __enter__(self):
        ctx = mp.get_context("spawn")
        self.queue, self.stop = ctx.Queue(), ctx.Event()
        self.proc = ctx.Process(target=_serve_fake, args=(self.queue, self.stop), daemon=True)
        self.proc.start()
        self.url = self.queue.get(timeout=60)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.accepted = self.queue.get(timeout=30)
        self.proc.join(10)


def _settings(url: str, fake_url: str, **extra):
    from service.config import Settings

    fake = _fake_module()
    return Settings(
        database_url=url, sms_provider="twilio", twilio_account_sid=fake.ACCOUNT_SID,
        twilio_auth_token=fake.AUTH_TOKEN, twilio_messaging_service_sid=fake.MESSAGING_SERVICE_SID,
        twilio_api_base_url=fake_url, sms_rate_per_second=1e9, **extra,
    )  # fmt: skip


def _prepare(url: str, n: int) -> None:
    """Migrate the database and queue n volunteer texts (distinct bodies) in one transaction."""
    from sqlmodel import Session

    from service import migrations
    from service.db import make_engine
    from service.outbox import queue_sms

    engine = make_engine(url)
    migrations.upgrade(engine)
    with Session(engine) as s:
        for i in range(n):
            queue_sms(s, to=f"+1213555{i % 10000:04d}", template="self_service_link",
                      language="en", audience="volunteer", kind="bench",
                      context={"volunteer_name": "Ana", "url": f"https://x.org/v/{i}"})  # fmt: skip
        s.commit()
    engine.dispose()


def _drain(url: str, fake_url: str, concurrency: int, batch: int, result_queue) -> None:
    """Child process (or inline): one worker sending until nothing is due."""
    from service.db import make_engine
    from service.outbox import Dispatcher

    settings = _settings(url, fake_url, outbox_concurrency=concurrency, outbox_batch_size=batch)
    engine = make_engine(url)
    dispatcher = Dispatcher(engine, settings=settings)
    result_queue.put("ready")
    report = dispatcher.run_once()
    dispatcher.close()
    result_queue.put(report.sent)


def bench_dispatch(url: str, n: int, workers: int, concurrency: int = 8, batch: int = 64) -> dict:
    """Send n queued texts with `workers` worker processes; returns sent and messages/s."""
    _prepare(url, n)
    ctx = mp.get_context("spawn")
    with FakeProcess() as fake:
        queue = ctx.Queue()
        procs = [ctx.Process(target=_drain, args=(url, fake.url, concurrency, batch, queue))
                 for _ in range(workers)]  # fmt: skip
        for p in procs:
            p.start()
        for _ in procs:
            assert queue.get(timeout=120) == "ready"  # imports done: time the sending only
        started = time.perf_counter()
        sent = sum(queue.get(timeout=600) for _ in procs)
        elapsed = time.perf_counter() - started
        for p in procs:
            p.join(30)
    return {"sent": sent, "accepted": fake.accepted, "seconds": elapsed, "per_s": sent / elapsed}


# -- webhook load -------------------------------------------------------------------------------


def _form(path: str, i: int, sids: list[str]) -> dict[str, str]:
    """The i-th webhook form: a status callback for a sent text, or a new inbound reply."""
    if path.endswith("/status"):
        return {"MessageSid": sids[i % len(sids)], "MessageStatus": ("sent", "delivered")[i % 2],
                "AccountSid": "AC" + "0" * 32}  # fmt: skip
    return {"MessageSid": "SM" + uuid.uuid4().hex, "From": f"+1213555{i % 10000:04d}",
            "To": "+12135550100", "Body": "Yes", "AccountSid": "AC" + "0" * 32}  # fmt: skip


def _load(base: str, public: str, path: str, sids: list[str], seconds: float, threads: int, out):
    """Child process: post signed webhooks from `threads` keep-alive clients; report latencies."""
    import httpx
    from twilio.request_validator import RequestValidator

    token = _fake_module().AUTH_TOKEN
    validator = RequestValidator(token)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(k: int) -> None:
        i = k
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.perf_counter() < deadline:
                form = _form(path, i, sids)
                headers = {"X-Twilio-Signature": validator.compute_signature(public + path, form)}
                t0 = time.perf_counter()
                r = client.post(path, data=form, headers=headers)
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors[0] += r.status_code >= 400
                i += threads

    pool = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, errors[0], time.perf_counter() - started))


_WRK_SCRIPT = r"""
-- Each wrk thread sends its own slice of the pre-signed requests, so no sid repeats.
local threads, n = {}, 0
function setup(thread) thread:set("id", n); n = n + 1; table.insert(threads, thread) end
function init(args)
  reqs, step, i = {}, tonumber(args[3]), id
  for line in io.lines(args[1]) do
    local sig, body = line:match("([^\t]+)\t(.*)")
    reqs[#reqs + 1] = wrk.format("POST", args[2], {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["X-Twilio-Signature"] = sig}, body)
  end
end
function request() i = i + step; return reqs[(i % #reqs) + 1] end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout + e.status, latency:percentile(50),
    latency:percentile(99)))
end
"""


def _load_wrk(
    base: str, public: str, path: str, sids: list[str], seconds: float, threads: int
) -> dict:
    """Load `path` with wrk (C, its own process) cycling through pre-signed unique webhooks."""
    from urllib.parse import urlencode

    from twilio.request_validator import RequestValidator

    validator = RequestValidator(_fake_module().AUTH_TOKEN)
    tmp = Path(tempfile.mkdtemp(prefix="convene-wrk-"))
    with open(tmp / "requests.tsv", "w") as out:
        for i in range(int(seconds * 2000)):  # more than the server can take: no sid repeats
            form = _form(path, i, sids)
            out.write(f"{validator.compute_signature(public + path, form)}\t{urlencode(form)}\n")
    (tmp / "load.lua").write_text(_WRK_SCRIPT)
    wrk_threads = 2
    run = subprocess.run(
        ["wrk", f"-t{wrk_threads}", f"-c{threads}", f"-d{int(seconds)}s", "--latency",
         "-s", str(tmp / "load.lua"), base + path, "--",
         str(tmp / "requests.tsv"), path, str(wrk_threads)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    line = next(x for x in run.stdout.splitlines() if x.startswith("WRK "))
    requests, micros, errors, p50, p99 = (int(x) for x in line.split()[1:])
    return {"requests": requests, "errors": errors, "per_s": requests / (micros / 1e6),
            "p50_ms": p50 / 1000, "p99_ms": p99 / 1000, "client": "wrk"}  # fmt: skip


def bench_webhook(path: str, seconds: float, threads: int, profile: str | None = None) -> dict:
    """Serve the app with uvicorn and load `path` from a second process."""
    tmp = Path(tempfile.mkdtemp(prefix="convene-bench-"))
    url = f"sqlite:///{tmp / 'web.db'}"
    with FakeProcess() as fake:  # a few hundred sent texts with real provider ids
        _prepare(url, 300)
        ctx = mp.get_context("spawn")
        q = ctx.Queue()
        _drain(url, fake.url, 4, 16, q)
    from sqlmodel import Session, select

    from service.db import make_engine
    from service.models.messaging import Message

    engine = make_engine(url)
    with Session(engine) as s:
        sids = [m.provider_id for m in s.exec(select(Message)).all() if m.provider_id]
    engine.dispose()
    port, public = _free_port(), "https://convene.example.org"
    env = dict(os.environ, CONVENE_DATABASE_URL=url, CONVENE_PUBLIC_BASE_URL=public,
               CONVENE_TWILIO_AUTH_TOKEN=_fake_module().AUTH_TOKEN,
               CONVENE_RUN_DISPATCHER_IN_SERVER="false")  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "service.main:app", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        cwd=REPO, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/healthz")
        profiler = _profile(server.pid, seconds, profile)
        if shutil.which("wrk"):
            result = _load_wrk(base, public, path, sids, seconds, threads)
        else:
            result = _load_python(ctx, base, public, path, sids, seconds, threads)
        if profiler is not None:
            profiler.wait()
        return result
    finally:
        server.terminate()
        server.wait(10)


def _profile(pid: int, seconds: float, out: str | None) -> subprocess.Popen | None:
    """py-spy sampling the server (GIL holders only) while the load runs, when asked."""
    if not out:
        return None
    return subprocess.Popen(["py-spy", "record", "--pid", str(pid), "--gil", "-f", "raw",
                             "-d", str(int(seconds)), "-o", out])  # fmt: skip


def _load_python(ctx, base, public, path, sids, seconds, threads) -> dict:
    """The fallback client without wrk: httpx threads in a second Python process."""
    out = ctx.Queue()
    loader = ctx.Process(target=_load, args=(base, public, path, sids, seconds, threads, out))
    loader.start()
    latencies, errors, elapsed = out.get(timeout=seconds + 60)
    loader.join(10)
    latencies.sort()
    return {
        "requests": len(latencies), "errors": errors, "per_s": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))], "client": "httpx",
    }  # fmt: skip


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def _bench_dispatchers(messages: int, tmp: Path, postgres: bool) -> None:
    """Dispatcher throughput on SQLite (1 worker) and PostgreSQL (1 and 2 workers)."""
    # CONVENE_OUTBOX_BATCH_SIZE=64 and CONVENE_OUTBOX_CONCURRENCY=8: the volume settings.
    print("dispatcher settings: batch 64, 8 sender threads per worker")
    r = bench_dispatch(f"sqlite:///{tmp / 'outbox.db'}", messages, workers=1)
    print(f"dispatcher, SQLite, 1 worker:      {r['sent']} texts in {r['seconds']:.2f} s = "
          f"{r['per_s']:.0f} texts/s (fake accepted {r['accepted']})")  # fmt: skip
    if postgres:
        import pgserver

        server = pgserver.get_server(tempfile.mkdtemp(prefix="convene-bench-pg-"),
                                     cleanup_mode="delete")  # fmt: skip
        for workers in (1, 2):
            db = f"bench_{workers}"
            server.psql(f"CREATE DATABASE {db};")
            r = bench_dispatch(server.get_uri(db), messages, workers=workers)
            print(f"dispatcher, PostgreSQL, {workers} worker{'s' if workers > 1 else ' '}: "
                  f"{r['sent']} texts in {r['seconds']:.2f} s = {r['per_s']:.0f} texts/s "
                  f"(fake accepted {r['accepted']})")  # fmt: skip
        server.cleanup()


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print their figures."""
    parser = argparse.ArgumentParser(prog="python -m service.outbox.bench")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--webhook-path", default="/webhooks/twilio/status")
    parser.add_argument("--webhook-seconds", type=float, default=10)
    parser.add_argument("--webhook-threads", type=int, default=8)
    parser.add_argument("--webhook-only", action="store_true")
    parser.add_argument("--profile", help="write py-spy samples of the web server to this file")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    tmp = Path(tempfile.mkdtemp(prefix="convene-bench-"))
    if not args.webhook_only:
        _bench_dispatchers(args.messages, tmp, postgres=not args.no_postgres)
    w = bench_webhook(args.webhook_path, args.webhook_seconds, args.webhook_threads, args.profile)
    print(f"webhook {args.webhook_path} (uvicorn, 1 process, SQLite; {args.webhook_threads} "
          f"clients in a second process): {w['per_s']:.0f} req/s, p50 {w['p50_ms']:.1f} ms, "
          f"p99 {w['p99_ms']:.1f} ms, {w['requests']} requests, {w['errors']} errors; "
          f"client {w['client']}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
