"""The HiGHS solver core, taken from SciPy when possible, loaded on first use.

SciPy (a declared dependency) vendors HiGHS' own Python core, with its symbols private to the
extension. The separate `highspy` wheel ships a `libhighs.so.1` that clashes with the one inside
OR-Tools, so a process that loads both crashes on import; preferring SciPy's copy avoids that.
Loading is deferred because importing scipy.optimize takes about half a second.
"""

from __future__ import annotations

from functools import cache


@cache
def core():
    """The HiGHS core module (SciPy's vendored copy, else the highspy wheel)."""
    try:  # SciPy >= 1.15
        from scipy.optimize._highspy import _core
    except ImportError:  # pragma: no cover - older SciPy: fall back to the highspy wheel
        import highspy as _core  # type: ignore[no-redef]
    return _core


def new_highs():
    """A fresh, silent HiGHS instance."""
    hc = core()
    h = hc._Highs() if hasattr(hc, "_Highs") else hc.Highs()
    h.setOptionValue("output_flag", False)
    return h
