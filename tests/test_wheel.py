"""The built wheel runs on its own: installed outside the checkout, it migrates, serves pages and
answers the API (templates, static files, migrations and data files all travel inside it).

How the fresh virtualenv gets its dependencies: a `.pth` file naming this test run's
site-packages. Installing the ~60 dependencies from wheels would take a minute or more per run
(and pip's cache is not always there), and `venv --system-site-packages` would expose the base
interpreter's packages, not the ones the suite is tested with. A `.pth` line only appends a
directory to `sys.path` (the `.pth` files inside it, such as the editable install's finder that
points back at the checkout, are not run), and the venv's own site-packages comes first, so the
`service` imported is the wheel's: the test checks that too. Building needs setuptools, which pip
fetches into an isolated build environment (from its cache when it can).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx

from service.demo import DEMO_PASSWORD

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "service", "scheduling", "notifications")


def _run(args: list, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)
    assert out.returncode == 0, f"{args}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def _build_wheel(tmp_path: Path) -> Path:
    """Build from a copy holding only what the package is made of: nothing else can leak in."""
    src = tmp_path / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy(path, src / name)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src])
    (wheel,) = dist.glob("convene-*.whl")
    return wheel


def _venv_with_wheel(tmp_path: Path, wheel: Path) -> Path:
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    purelib = Path(
        _run(
            [python, "-c", "import sysconfig;print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    (purelib / "_convene_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # --ignore-installed: the checkout's editable install is visible through the .pth; pip must
    # neither count it as installed nor try to remove it.
    _run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--no-deps",
            "--ignore-installed",
            "--no-compile",
            wheel,
        ]
    )
    return venv


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_wheel_holds_every_file_the_code_reads(tmp_path):
    started = time.perf_counter()
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "service/web/templates/base.html",
        "service/web/templates/admin/index.html",
        "service/web/static/app.css",
        "service/migrations/env.py",
        "service/migrations/script.py.mako",
        "service/migrations/versions/0001_initial_schema.py",
        "service/data/common-passwords.txt",
        "notifications/messages/sms/volunteer_invite.txt",
        "notifications/messages/sms/_parts.txt",
        "notifications/messages/email/invite.html",
        "notifications/messages/i18n/es.po",
        "notifications/messages/i18n/messages.pot",
        "notifications/reply_model.npz",
    ):
        assert needed in names, needed
    built = time.perf_counter()

    venv = _venv_with_wheel(tmp_path, wheel)
    installed = time.perf_counter()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONVENE_", "PYTHON"))}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env |= {
        "CONVENE_DATABASE_URL": f"sqlite:///{elsewhere / 'convene.db'}",
        "CONVENE_ENV": "development",
        "CONVENE_PUBLIC_BASE_URL": base,
        "CONVENE_RUN_DISPATCHER_IN_SERVER": "false",
    }
    where = _run(
        [
            venv / "bin" / "python",
            "-c",
            "import service, notifications;print(service.__file__, notifications.__file__)\n"
            "from notifications.reply_model import probabilities\n"
            "print('model', max(probabilities('no me manden mas mensajes').items(), key=lambda p: p[1]))",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout
    assert str(REPO) not in where and str(venv) in where, where
    assert "model ('stop'" in where, where  # the reply model's weights were read from the wheel

    convene = venv / "bin" / "convene"
    assert "database at head" in _run([convene, "migrate"], cwd=elsewhere, env=env).stdout
    # The catalogs travel too: Spanish is complete, and a text renders in it.
    said = _run([convene, "messages", "missing", "--all"], cwd=elsewhere, env=env).stdout
    assert "Spanish (es): complete" in said, said
    spanish = _run(
        [
            venv / "bin" / "python",
            "-c",
            "from notifications.templates import render_sms;"
            "print(render_sms('survey_next', 'es', question='¿Y?'))",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout
    assert spanish.strip() == "Gracias. ¿Y?", spanish
    log = (elsewhere / "serve.log").open("w")
    server = subprocess.Popen(
        [convene, "serve", "--port", str(port)],
        cwd=elsewhere,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, (
                elsewhere / "serve.log"
            ).read_text()[-3000:]
            time.sleep(0.2)
        page = httpx.get(f"{base}/login")
        assert page.status_code == 200 and "<form" in page.text, page.text[:500]
        assert httpx.get(f"{base}/static/app.css").status_code == 200
        login = httpx.post(
            f"{base}/api/v1/auth/login",
            json={"email": "coordinator@convene.example", "password": DEMO_PASSWORD},
        )
        assert login.status_code == 200, login.text
        cases = httpx.get(
            f"{base}/api/v1/cases",
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        )
        assert cases.status_code == 200 and cases.json(), cases.text[:500]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    print(
        f"\nwheel test: built in {built - started:.1f} s, installed in {installed - built:.1f} s, "
        f"migrated and served in {time.perf_counter() - installed:.1f} s"
    )
