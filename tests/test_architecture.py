"""The folders show the architecture: scheduling/ and notifications/ stand alone."""

import subprocess
import sys

FORBIDDEN = ("service", "fastapi", "sqlmodel", "sqlalchemy", "starlette", "uvicorn")


def _loaded_after_import(package: str) -> set[str]:
    code = (
        f"import sys, pkgutil, importlib, {package}\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_scheduling_is_a_pure_library():
    assert not _loaded_after_import("scheduling") & set(FORBIDDEN)


def test_notifications_imports_no_web_or_database_code():
    assert not _loaded_after_import("notifications") & set(FORBIDDEN)
