"""Load and soak runs: PostgreSQL, `convene serve --workers 2`, and locust in a second process.

    python -m load.run --minutes 10                  # 200 req/s for 10 minutes; p99 must be < 1 s
    python -m load.run --soak                        # 50 req/s for an hour; RSS growth must be < 10%
    python -m load.run --minutes 3 --rate 0          # unpaced: >= 200 req/s, p99 < 1 s, 0 errors
    python -m load.run --minutes 3 --rate 100        # paced at 100 req/s: p99 < 250 ms
    python -m load.run --minutes 1 --rate 0 --profile 40 --out DIR   # and where a worker's time goes

Everything runs from a temporary directory: a PostgreSQL started with pgserver, migrated and
loaded with the demo program (`convene demo`), and `convene serve` with two uvicorn workers,
the in-server dispatcher off (texts stay queued, as when `convene worker` runs elsewhere) and a
Twilio auth token so the signed SMS webhooks verify. The runner signs the demo coordinator in
through the real second factor, has the administrator issue it an API token, then runs locust
headless (load/locustfile.py) and samples the server processes' resident memory.

The summary gives the rate, p50/p95/p99, errors, each endpoint's p99, the CPU the server and
PostgreSQL used per request, and the server's memory at the start, after the warm-up and at the
end. Exit status: 0 when every target was met, 1 when any request failed, 3 when a target (rate,
p99, memory growth) was missed.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from load import profile
from load.procs import (
    RssSampler,
    cpu_seconds,
    machine_speed,
    machine_ticks,
    postgres_pids,
    process_tree,
)

REPO = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "convene-demo-2026"  # service/demo.py: development data only
ADMIN, COORDINATOR = "admin@convene.example", "coordinator@convene.example"


# -- processes ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


# -- set-up through the API ---------------------------------------------------------------------


def _enrol_and_sign_in(client, email: str) -> dict:
    """The first sign-in of a demo account with TOTP: enrol an authenticator, confirm, signed in."""
    import pyotp

    creds = {"email": email, "password": DEMO_PASSWORD}
    r = client.post("/api/v1/auth/totp/enrol", json=creds)
    r.raise_for_status()
    code = pyotp.TOTP(r.json()["secret"]).now()
    r = client.post("/api/v1/auth/totp/confirm", json=creds | {"code": code})
    r.raise_for_status()
    return r.json()


def prepare(base: str, public: str, twilio_token: str) -> dict:
    """Sign in, issue the coordinator an API token, and collect the ids and phones to load."""
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        admin = _enrol_and_sign_in(client, ADMIN)
        coordinator = _enrol_and_sign_in(client, COORDINATOR)
        r = client.post(
            "/api/v1/api-tokens",
            json={"name": "load test", "user_id": coordinator["user_id"], "scope": "write"},
            headers={"Authorization": f"Bearer {admin['access_token']}"},
        )
        r.raise_for_status()
        api = {"Authorization": f"Bearer {r.json()['token']}"}
        programs = client.get("/api/v1/programs?limit=200", headers=api).json()["items"]
        case_ids, phones, offset = [], set(), 0
        while True:
            page = client.get(f"/api/v1/cases?limit=200&offset={offset}", headers=api).json()
            for case in page["items"]:
                case_ids.append(case["id"])
                phones.update(
                    p["person"]["mobile"] for p in case["parties"] if p["person"]["mobile"]
                )
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                break
    return {
        "session_token": coordinator["access_token"],
        "api_token": api["Authorization"].removeprefix("Bearer "),
        "program_ids": [p["id"] for p in programs if p["active"]],
        "program_phones": [p["phone"] for p in programs if p["phone"]] or ["+12135550100"],
        "case_ids": case_ids,
        "known_phones": sorted(phones),
        "public_url": public,
        "twilio_auth_token": twilio_token,
    }


# -- the report ---------------------------------------------------------------------------------


def _read_stats(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        log = prefix.with_name("locust.log")
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.exists() else []
        raise RuntimeError(
            "locust wrote no statistics (is it installed? pip install -e '.[load]'): "
            + " / ".join(tail)
        )
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _ms(row: dict, key: str) -> float:
    value = row.get(key) or "0"
    return float(value) if value != "N/A" else 0.0


def report(prefix: Path, seconds: float) -> dict:
    """Print the per-endpoint table and the totals; return the totals."""
    rows = _read_stats(prefix)
    total = next(r for r in rows if r["Name"] == "Aggregated")
    print(f"\n{'endpoint':<44} {'requests':>8} {'fails':>6} {'req/s':>7} "
          f"{'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}  (ms)")  # fmt: skip
    for r in rows:
        label = "all" if r is total else f"{r['Type']} {r['Name']}"
        print(f"{label[:44]:<44} {int(r['Request Count']):>8} {int(r['Failure Count']):>6} "
              f"{float(r['Requests/s']):>7.1f} {_ms(r, '50%'):>6.0f} {_ms(r, '95%'):>6.0f} "
              f"{_ms(r, '99%'):>6.0f} {_ms(r, 'Max Response Time'):>7.0f}")  # fmt: skip
    failures = Path(f"{prefix}_failures.csv")
    if failures.exists():
        bad = list(csv.DictReader(failures.open(encoding="utf-8")))
        for f in bad[:20]:
            print(f"  failure x{f['Occurrences']}: {f['Method']} {f['Name']}: {f['Error'][:200]}")
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        # locust's own figure counts from the first request, ramp-up included
        "per_s": float(total["Requests/s"]),
        "p50": _ms(total, "50%"),
        "p95": _ms(total, "95%"),
        "p99": _ms(total, "99%"),
        "p99_by_endpoint": {
            r["Name"].removeprefix("/api/v1").removeprefix("/webhooks/twilio") or r["Name"]: _ms(
                r, "99%"
            )
            for r in rows
            if r is not total
        },
    }


# -- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Start everything, load it, report, and stop everything."""
    import pgserver

    tmp = Path(tempfile.mkdtemp(prefix="convene-load-"))
    out = Path(args.out) if args.out else tmp
    out.mkdir(parents=True, exist_ok=True)
    pg = pgserver.get_server(str(tmp / "pg"), cleanup_mode="delete")
    server = None
    try:
        pg.psql("CREATE DATABASE convene_load;")
        port = _free_port()
        base = public = f"http://127.0.0.1:{port}"
        twilio_token = secrets.token_hex(16)
        env = dict(
            os.environ,
            CONVENE_ENV="development",
            CONVENE_DATABASE_URL=pg.get_uri("convene_load"),
            CONVENE_RUN_DISPATCHER_IN_SERVER="false",
            CONVENE_DEMO_ON_EMPTY="false",
            CONVENE_TWILIO_AUTH_TOKEN=twilio_token,
            CONVENE_PUBLIC_BASE_URL=public,
        )
        print(f"machine: {os.cpu_count()} CPUs; files in {out}", flush=True)
        subprocess.run([sys.executable, "-m", "service.cli", "demo"], cwd=REPO, env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        log = (out / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port),
             "--workers", str(args.workers)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, so a hung server dies with its workers
        )  # fmt: skip
        _wait_http(f"{base}/healthz", server)
        config = prepare(base, public, twilio_token)
        (out / "load-config.json").write_text(json.dumps(config))
        print(f"demo: {len(config['case_ids'])} cases, {len(config['known_phones'])} participant "
              f"phones, {len(config['program_ids'])} programs", flush=True)  # fmt: skip

        users = args.users
        per_user = args.rate / users if args.rate > 0 else 0
        seconds = int(args.minutes * 60)
        prefix = out / "locust"
        sampler = RssSampler(server.pid, args.sample_seconds).start()
        server_pids, pg_pids = process_tree(server.pid), postgres_pids(tmp / "pg")
        cpu_before = cpu_seconds(server_pids), cpu_seconds(pg_pids)
        speed = machine_speed()  # before the load: this machine's speed right now
        children_before, ticks_before = os.times(), machine_ticks()
        pace = f"{args.rate:.0f} req/s" if args.rate > 0 else "as fast as they can"
        print(
            f"locust: {users} users, {pace}, {seconds} s against {args.workers} workers", flush=True
        )
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(REPO / "load" / "locustfile.py"),
             "--headless", "-u", str(users), "-r", str(max(1, users // 5)),
             "--run-time", f"{seconds}s", "--stop-timeout", "10", "--host", base,
             "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO, env=dict(env, LOAD_CONFIG=str(out / "load-config.json"),
                               LOAD_RATE_PER_USER=str(per_user),
                               LOAD_ONLY=",".join(args.only or [])),
            stdout=(out / "locust.log").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        spy = None
        if args.profile:
            # after the users have ramped up (a fifth of them a second), while the load is steady
            time.sleep(min(10, seconds / 4))
            workers = profile.worker_pids(process_tree(server.pid))
            if workers:
                seconds_left = max(1, min(args.profile, seconds - 15))
                spy = profile.start(workers[0], seconds_left, out / "profile.txt")
        locust.wait()
        sampler.stop()
        children, ticks = os.times(), machine_ticks()
        cpu = (
            cpu_seconds(server_pids) - cpu_before[0],
            cpu_seconds(postgres_pids(tmp / "pg")) - cpu_before[1],
            # locust is the one child reaped meanwhile: the load generator's own cost
            children.children_user
            + children.children_system
            - children_before.children_user
            - children_before.children_system,
        )
        busy = (ticks[0] - ticks_before[0]) / max(1, ticks[1] - ticks_before[1])
        totals = report(prefix, seconds)
        profile.report(spy, out / "profile.txt")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(30)
        pg.cleanup()

    missed = []
    target_rate = args.rate * 0.95 if args.rate > 0 else args.min_rate
    if totals["per_s"] < target_rate:
        missed.append(f"rate {totals['per_s']:.1f} < {target_rate:.0f} req/s")
    if totals["p99"] >= args.p99_ms:
        missed.append(f"p99 {totals['p99']:.0f} ms >= {args.p99_ms:.0f} ms")
    base_rss, last_rss, growth = sampler.growth(args.warmup_seconds)
    first_rss = sampler.samples[0][1]
    per_request = 1000 / max(1, totals["requests"])
    print(f"""
summary ({"unpaced" if args.rate <= 0 else f"paced at {args.rate:.0f} req/s"}, {seconds} s, \
{args.workers} workers, {os.cpu_count()} CPUs shared with whatever else runs)
  rate          {totals["per_s"]:.1f} req/s  (target {target_rate:.0f})
  latency       p50 {totals["p50"]:.0f} ms, p95 {totals["p95"]:.0f} ms, \
p99 {totals["p99"]:.0f} ms  (target p99 < {args.p99_ms:.0f} ms)
  errors        {totals["errors"]} of {totals["requests"]} (locust exit {locust.returncode})
  p99 by endpoint  {", ".join(f"{k} {v:.0f}" for k, v in totals["p99_by_endpoint"].items())}
  CPU           server {cpu[0]:.1f} s ({cpu[0] * per_request:.1f} ms a request), \
PostgreSQL {cpu[1]:.1f} s ({cpu[1] * per_request:.1f} ms), \
locust {cpu[2]:.1f} s ({cpu[2] * per_request:.1f} ms); the machine {100 * busy:.0f}% busy
  machine speed 10^7 additions in Python took {speed:.2f} s of CPU just before the run
  server RSS    {first_rss / 1024:.1f} MiB at the start, {base_rss / 1024:.1f} MiB at \
{min(args.warmup_seconds, sampler.samples[-1][0]):.0f} s, {last_rss / 1024:.1f} MiB at the end \
({growth:+.1f}% after the warm-up; {len(sampler.samples)} samples every {args.sample_seconds:.0f} s)""")
    if args.soak and growth >= args.max_growth:
        missed.append(f"memory grew {growth:.1f}% >= {args.max_growth:.0f}%")
    if not args.out:
        shutil.rmtree(tmp, ignore_errors=True)
    if totals["errors"]:
        print(f"FAILED: {totals['errors']} requests failed")
        return 1
    if missed:
        print("MISSED: " + "; ".join(missed))
        return 3
    print("OK: every target met")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(prog="python -m load.run", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, help="length of the run (10; 60 with --soak)")
    parser.add_argument("--rate", type=float,
                        help="total requests per second, 0 for unpaced (200; 50 with --soak)")  # fmt: skip
    parser.add_argument("--users", type=int, help="locust users (50; 25 with --soak)")
    parser.add_argument("--soak", action="store_true", help="an hour at 50 req/s; checks memory")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--p99-ms", type=float,
                        help="p99 target in ms (250 when paced at 100 req/s or less, else 1000)")  # fmt: skip
    parser.add_argument("--min-rate", type=float, default=200.0,
                        help="unpaced runs: the rate to reach, req/s")  # fmt: skip
    parser.add_argument("--max-growth", type=float, default=10.0, help="soak: RSS growth, %%")
    parser.add_argument("--sample-seconds", type=float, default=30.0, help="RSS sampling period")
    parser.add_argument("--warmup-seconds", type=float, default=300.0,
                        help="RSS growth is measured from the last sample in this first stretch")  # fmt: skip
    parser.add_argument("--profile", type=int, default=0, metavar="SECONDS",
                        help="sample one worker with py-spy this long; print the top functions")  # fmt: skip
    parser.add_argument("--out", help="keep the CSV files and logs here (else a temporary dir)")
    parser.add_argument("--only", action="append", metavar="TASK",
                        help="run only this task of load/locustfile.py (repeatable), e.g. "
                             "case_read: one endpoint's cost under real HTTP")  # fmt: skip
    args = parser.parse_args(argv)
    args.minutes = args.minutes or (60.0 if args.soak else 10.0)
    args.rate = args.rate if args.rate is not None else (50.0 if args.soak else 200.0)
    args.users = args.users or (25 if args.soak else 50)
    if importlib.util.find_spec("locust") is None:
        print("locust is not installed: run `make load`, or pip install -e '.[load]'")
        return 2
    if args.p99_ms is None:
        args.p99_ms = 250.0 if 0 < args.rate <= 100 else 1000.0
    try:
        return run(args)
    except RuntimeError as exc:  # the server or locust did not start: say why, no traceback
        print(f"load run failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
