"""The HiGHS solver core from the published `highspy` wheel, loaded on first use.

Until this change the engine borrowed SciPy's vendored copy (`scipy.optimize._highspy`), a private
module any SciPy release may change, because `highspy` and OR-Tools were said to crash when loaded
in one process; with highspy 1.7 to 1.16 and OR-Tools 9.10 to 9.15 they load together in either
order (tests/scheduling/test_highs_beside_ortools.py). Loading is deferred so that importing the
engine stays cheap for callers that never solve.
"""

from __future__ import annotations

from functools import cache


@cache
def core():
    """The HiGHS core module (`highspy._core`: the solver class, enums and infinity)."""
    from highspy import _core

    return _core


def new_highs():
    """A fresh, silent HiGHS instance."""
    h = core()._Highs()
    h.setOptionValue("output_flag", False)
    return h
