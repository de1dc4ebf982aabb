"""Fixtures for the matching-engine tests: the example problem of FORMAT.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Import the library from this checkout, whatever the installed editable finder says.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = Path("/work/shared/matching")
EXAMPLE_OBJECTIVE = 2040.1394396204892


def _example_dict() -> dict:
    here = Path(__file__).parent / "data" / "example-small.json"
    path = here if here.exists() else SHARED / "example-small.json"
    return json.loads(path.read_text())


@pytest.fixture
def example_dict() -> dict:
    return _example_dict()


@pytest.fixture
def example_problem():
    from scheduling import load_problem

    return load_problem(_example_dict())
