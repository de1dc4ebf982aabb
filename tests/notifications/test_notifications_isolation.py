"""notifications/ is a library: importing all of it pulls in no web, database or service code."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FORBIDDEN = ("service", "fastapi", "sqlmodel", "sqlalchemy", "starlette", "pydantic")


def test_importing_every_module_loads_no_service_web_or_database_package():
    package_dir = REPO / "notifications"
    modules = sorted(
        f"notifications.{p.stem}" for p in package_dir.glob("*.py") if p.stem != "__init__"
    )
    assert "notifications.twilio_sms" in modules and "notifications.calendar" in modules
    code = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=REPO,
    ).stdout
    loaded = json.loads(out)
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert bad == [], bad
    assert "notifications.replies" in loaded
