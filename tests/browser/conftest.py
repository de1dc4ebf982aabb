"""Browser fixtures: `convene serve` on a fresh demo database and Debian's Chromium.

Each test module gets its own server (module scope), so journeys in different files never see
each other's changes. Helpers for the tests themselves are in `pw.py`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from pw import ARTIFACTS, TOKEN

import clock

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the browser tests: .ci/run installs Debian's chromium")
    pytest.skip(
        "browser tests need Chromium: apt-get install chromium (CI installs it)",
        allow_module_level=True,
    )

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="pip install playwright (part of the test extras)"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    """`convene serve` on a fresh SQLite file with the demo loaded, as the README runs it.

    Its output (texts and emails included, as a developer sees them) goes to a file under
    test-artifacts/browser: a pipe nobody reads would fill and stall the server.
    """
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / f"server-{request.module.__name__.rsplit('.', 1)[-1]}.log"
    base = f"http://127.0.0.1:{port}"
    env = (
        dict(
            os.environ,
            CONVENE_DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'e2e.db'}",
            CONVENE_ENV="development",
            CONVENE_PUBLIC_BASE_URL=base,
            CONVENE_TWILIO_AUTH_TOKEN=TOKEN,
            CONVENE_RUN_DISPATCHER_IN_SERVER="true",
            # Jobs at the thread's moments would change what a journey sees: tests run them.
            CONVENE_RUN_JOBS_IN_SERVER="false",
            # Journeys read Today right after a text arrives through the webhook; the sharing
            # of Today between callers is tried in test_shared_today_journey.py.
            CONVENE_TODAY_SHARED_SECONDS="0",
        )
        | clock.server_env()
        # A module may ask its server for more, e.g. the scheduled jobs running inside it.
        | getattr(request.module, "SERVER_ENV", {})
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        proc.wait(timeout=30)
        raise AssertionError("the server did not start: " + log.read_text()[-2000:])
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser_page(server):
    """One Chromium tab for the module's journey; console errors are collected on `page.errors`."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, accept_downloads=True
        )
        page = context.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        yield page
        browser.close()
