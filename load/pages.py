"""How fast each page of the coordinator's UI answers with the demo data (a benchmark, not a test).

    python -m load.pages                 # every page 20 times; prints median, p95 and max in ms

Starts `convene serve` on a fresh SQLite file with the demo program (development), signs the
demo coordinator in through the sign-in form, finds one record of each kind through the API,
then times each page over HTTP as a browser would ask for it.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from load.run import COORDINATOR, DEMO_PASSWORD, REPO, _free_port, _wait_http


def _pages(api: httpx.Client) -> list[tuple[str, str]]:
    """The pages a coordinator opens in a day, with a real record behind each."""
    cases = api.get("/api/v1/cases", params={"limit": 200}).json()["items"]
    case = next(c for c in cases if c["status"] == "agreement")
    referred = next(c for c in cases if c["status"] == "referred")
    hearings = api.get("/api/v1/hearings", params={"limit": 200}).json()["items"]
    upcoming = next(
        h
        for h in hearings
        if h["status"] == "scheduled"
        and any(s["status"] in ("invited", "accepted") for s in h["seats"])
    )
    seat = next(s for s in upcoming["seats"] if s["status"] in ("invited", "accepted"))
    held = next(h for h in hearings if h["status"] == "held")
    volunteer = api.get("/api/v1/volunteers", params={"limit": 1}).json()["items"][0]
    programs = api.get("/api/v1/programs").json()
    njp = next(p for p in (programs.get("items", programs)) if p["code"].upper() == "NJP")
    return [
        ("Today", "/today"),
        ("Cases", "/cases"),
        ("A case", f"/cases/{case['id']}"),
        ("New referral", "/cases/new"),
        ("Book a hearing", f"/cases/{referred['id']}/book"),
        ("Hearings (week)", "/hearings"),
        ("A hearing", f"/hearings/{upcoming['id']}"),
        ("Find a volunteer", f"/hearings/{upcoming['id']}/seats/find?replace={seat['id']}"),
        ("Outcome form", f"/hearings/{held['id']}/outcome"),
        ("Matching", "/matching"),
        ("Volunteers", "/volunteers"),
        ("A volunteer", f"/volunteers/{volunteer['id']}"),
        ("Reports", f"/reports?program_id={njp['id']}"),
        ("Outbox (development)", "/dev/outbox"),
    ]


def main(argv: list[str] | None = None) -> int:
    """Serve the demo, time every page, print the table."""
    parser = argparse.ArgumentParser(prog="python -m load.pages")
    parser.add_argument("--times", type=int, default=20, help="requests per page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(
            os.environ,
            CONVENE_DATABASE_URL=f"sqlite:///{Path(tmp) / 'pages.db'}",
            CONVENE_ENV="development",
            CONVENE_PUBLIC_BASE_URL=base,
            CONVENE_RUN_DISPATCHER_IN_SERVER="false",
        )
        log = (Path(tmp) / "serve.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            _wait_http(f"{base}/healthz", proc)
            creds = {"email": COORDINATOR, "password": DEMO_PASSWORD}
            api = httpx.Client(base_url=base, timeout=60)
            token = api.post("/api/v1/auth/login", json=creds).json()["access_token"]
            api.headers["Authorization"] = f"Bearer {token}"
            browser = httpx.Client(base_url=base, timeout=60, headers={"Accept": "text/html"})
            # The sign-in form carries its own token (login CSRF): load it first, as a browser does.
            form = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
            login = creds | {"csrf_token": form.group(1)}
            r = browser.post("/login", data=login, follow_redirects=True)
            r.raise_for_status()
            print(f"{'page':<24} {'median':>8} {'p95':>8} {'max':>8} {'KiB':>6}")
            for name, path in _pages(api):
                took, size = [], 0
                for _ in range(args.times):
                    start = time.perf_counter()
                    r = browser.get(path)
                    took.append((time.perf_counter() - start) * 1000)
                    size = len(r.content)
                if r.status_code != 200:
                    print(f"{name:<24} answered {r.status_code} at {path}")
                    continue
                took.sort()
                p95 = took[min(len(took) - 1, int(len(took) * 0.95))]
                print(
                    f"{name:<24} {statistics.median(took):>8.1f} {p95:>8.1f} {took[-1]:>8.1f}"
                    f" {size / 1024:>6.1f}"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
