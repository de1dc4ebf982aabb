"""Stoplight Prism serving Twilio's published OpenAPI contract, for the contract tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPEC_ENV = "CONVENE_TWILIO_OPENAPI"
PRISM_ENV = "CONVENE_PRISM"
DEFAULT_SPEC = REPO.parent / "shared" / "twilio" / "twilio_api_v2010.json"
LOCAL_PRISM = REPO / ".venv" / "prism" / "node_modules" / ".bin" / "prism"
INSTALL_HINT = (
    "install Node.js 18+ and Prism: npm install --prefix .venv/prism @stoplight/prism-cli@5 "
    f"(or set {PRISM_ENV} to a prism executable); .ci/run does this"
)


def spec_path() -> Path:
    """Twilio's OpenAPI file: $CONVENE_TWILIO_OPENAPI, else ../shared/twilio/ beside the repo."""
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC)


def prism_command() -> list[str] | None:
    """How to run prism here, or None when it is not installed."""
    configured = os.environ.get(PRISM_ENV)
    candidates = [configured] if configured else [str(LOCAL_PRISM), shutil.which("prism")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and shutil.which("node"):
            return [candidate]
    return None


def unavailable_reason() -> str | None:
    """Why the contract tests cannot run here (None when they can)."""
    if not spec_path().is_file():
        return (
            f"Twilio's OpenAPI file is not at {spec_path()}: the contract test reads it from "
            f"../shared/twilio/ beside the repository (set {SPEC_ENV} to its path)"
        )
    if prism_command() is None:
        return "Stoplight Prism is not installed: " + INSTALL_HINT
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Prism:
    """A `prism mock --errors` process; start() returns at once, url waits until it listens."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.log = Path(tempfile.mkstemp(prefix="prism-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def start(self) -> Prism:
        """Launch prism in the background (loading Twilio's 1.8 MB contract takes seconds)."""
        cmd = [*prism_command(), "mock", "--errors", "-h", "127.0.0.1", "-p", str(self.port),
               str(spec_path())]  # fmt: skip
        self.proc = subprocess.Popen(cmd, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)
        return self

    def wait(self, timeout: float = 90.0) -> str:
        """The base URL once prism accepts connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prism exited: {self.log.read_text()[-2000:]}")
            if "Prism is listening" in self.log.read_text(errors="replace"):
                return f"http://127.0.0.1:{self.port}"
            time.sleep(0.1)
        raise RuntimeError(f"prism did not start in {timeout} s: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        """Stop prism."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.unlink(missing_ok=True)
