"""Run Alembic migrations without an alembic.ini: the scripts ship inside this package."""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

from service.config import get_settings

# env.py, script.py.mako and versions/ sit beside this file, in a checkout and in the wheel.
ALEMBIC_DIR = Path(__file__).resolve().parent


def alembic_config(url: str | None = None) -> Config:
    """An Alembic Config pointing at Convene's migrations and the given (or configured) database."""
    cfg = Config()
    cfg.set_main_option("script_location", str(ALEMBIC_DIR))
    # ConfigParser interpolates "%", which URL-encoded socket paths contain.
    cfg.set_main_option("sqlalchemy.url", (url or get_settings().database_url).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind `engine` up to `revision`."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database behind `engine` down to `revision`."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def main() -> None:
    """Developer entry point: `python -m service.migrations revision -m MESSAGE`."""
    parser = argparse.ArgumentParser(prog="python -m service.migrations")
    sub = parser.add_subparsers(dest="cmd", required=True)
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    args = parser.parse_args()
    if args.cmd == "revision":
        command.revision(alembic_config(), message=args.message, autogenerate=True)


if __name__ == "__main__":
    main()
