"""Fixtures for the outcome tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def ow(world, engine):
    """The shared world, with its engine at hand for direct database set-up."""
    world.engine = engine
    return world
