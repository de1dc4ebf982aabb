"""`convene` fails in one line with an exit code, never a traceback, and never makes a database
it was not asked to (issue #18); each case runs the command as a user would, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from service import cli, cli_exit

ROOT = Path(__file__).resolve().parents[1]


def convene(*args: str, cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    """Run `convene ARGS` from `cwd` with no CONVENE_* setting but `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CONVENE_")}
    clean |= {"PYTHONPATH": str(ROOT)} | {f"CONVENE_{k.upper()}": v for k, v in env.items()}
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=cwd,
        env=clean,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def one_line(result: subprocess.CompletedProcess, command: str) -> str:
    """The one stderr line of a failed command (no traceback), without its `convene X: ` prefix."""
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"convene {command}: "), lines[0]
    return lines[0].removeprefix(f"convene {command}: ")


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"env": "production"},
        {"timezone": "Mars/Base"},
        {"database_url": "postgresql://x@h:1/y"},
    ],
)
def test_help_needs_no_configuration(tmp_path, env):
    r = convene("--help", cwd=tmp_path, **env)
    assert r.returncode == 0 and "Traceback" not in r.stderr
    assert "exit codes:" in r.stdout and "4    database" in r.stdout
    assert "--days" in convene("retention", "--help", cwd=tmp_path, **env).stdout
    assert list(tmp_path.iterdir()) == []  # asking for help touched no database


def test_version_comes_from_the_package_metadata(tmp_path):
    r = convene("--version", cwd=tmp_path, env="production")
    assert r.returncode == 0 and r.stdout.strip() == f"convene {metadata.version('convene')}"


def test_a_missing_database_folder(tmp_path):
    r = convene("migrate", cwd=tmp_path, database_url="sqlite:///./nope/convene.db")
    assert r.returncode == cli_exit.EXIT_DATABASE
    assert f"the database folder {tmp_path / 'nope'} does not exist" in one_line(r, "migrate")


@pytest.mark.parametrize(
    "args",
    [
        ("import", "volunteers", "people.csv"),
        ("jobs",),
        ("create-user", "--email", "a@example.org", "--password-stdin"),
        ("worker", "--once"),
    ],
)
def test_commands_run_elsewhere_never_make_a_new_database(tmp_path, args):
    (tmp_path / "people.csv").write_text("full_name,mobile\nAna Ruiz,2135550147\n")
    r = convene(*args, cwd=tmp_path, stdin="a long passphrase\n")
    assert r.returncode == cli_exit.EXIT_DATABASE
    message = one_line(r, args[0])
    assert f"there is no database at {tmp_path / 'convene.db'}" in message
    assert "convene migrate" in message
    assert not (tmp_path / "convene.db").exists()


def test_migrate_creates_it_then_a_missing_csv_is_one_line(tmp_path):
    assert convene("migrate", cwd=tmp_path).returncode == 0
    assert (tmp_path / "convene.db").exists()
    r = convene("import", "volunteers", "missing.csv", cwd=tmp_path)
    assert r.returncode == cli_exit.EXIT_REFUSED
    assert one_line(r, "import") == "cannot read missing.csv: No such file or directory"


def test_a_bad_time_zone(tmp_path):
    r = convene("jobs", cwd=tmp_path, timezone="Mars/Base")
    assert r.returncode == cli_exit.EXIT_CONFIG
    assert (
        one_line(r, "jobs") == "configuration: CONVENE_TIMEZONE: unknown IANA time zone 'Mars/Base'"
    )


def test_production_without_a_secret(tmp_path):
    r = convene("serve", cwd=tmp_path, env="production")
    assert r.returncode == cli_exit.EXIT_CONFIG
    assert one_line(r, "serve").startswith("configuration: CONVENE_SECRET_KEY must be set")
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_postgresql(tmp_path):
    url = "postgresql://convene:hunter2@127.0.0.1:1/convene"
    r = convene("migrate", cwd=tmp_path, database_url=url)
    assert r.returncode == cli_exit.EXIT_DATABASE
    message = one_line(r, "migrate")
    assert message.startswith(
        "cannot use the database postgresql+psycopg://convene:***@127.0.0.1:1"
    )
    assert "Connection refused" in message and "hunter2" not in r.stderr


def test_a_database_url_nobody_can_read(tmp_path):
    r = convene("jobs", cwd=tmp_path, database_url="mysql-ish://x")
    assert r.returncode == cli_exit.EXIT_CONFIG
    assert one_line(r, "jobs").startswith("configuration: CONVENE_DATABASE_URL: ")


def test_a_bug_is_one_line_unless_the_traceback_is_asked_for(engine, monkeypatch, capsys):
    def broken(args):
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(cli, "cmd_jobs", broken)
    assert cli.main(["jobs"]) == cli_exit.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: something nobody expected" in err
    assert "--traceback" in err
    with pytest.raises(RuntimeError):
        cli.main(["--traceback", "jobs"])
