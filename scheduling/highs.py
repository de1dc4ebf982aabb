"""The HiGHS solver core, taken from SciPy when possible.

SciPy (a declared dependency) vendors HiGHS' own Python core, with its symbols private to the
extension. The separate `highspy` wheel ships a `libhighs.so.1` that clashes with the one inside
OR-Tools, so a process that loads both crashes on import; preferring SciPy's copy avoids that.
"""

from __future__ import annotations

try:  # SciPy >= 1.15
    from scipy.optimize._highspy import _core as _hc

    def new_highs():
        """A fresh, silent HiGHS instance."""
        h = _hc._Highs()
        h.setOptionValue("output_flag", False)
        return h

except ImportError:  # pragma: no cover - older SciPy: fall back to the highspy wheel
    import highspy as _hc  # type: ignore[no-redef]

    def new_highs():
        """A fresh, silent HiGHS instance."""
        h = _hc.Highs()
        h.setOptionValue("output_flag", False)
        return h


INF = _hc.kHighsInf
HighsSolution = _hc.HighsSolution
HighsVarType = _hc.HighsVarType
HighsModelStatus = _hc.HighsModelStatus
