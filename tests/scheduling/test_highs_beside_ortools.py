"""highspy and OR-Tools load in one process, in either order, and each solves an LP."""

from __future__ import annotations

import subprocess
import sys

import pytest

HIGHS_LP = """
import numpy as np
from highspy import _core
h = _core._Highs(); h.setOptionValue("output_flag", False)
inf = _core.kHighsInf
# maximise x + y subject to x + 2y <= 4, 3x + y <= 6, x, y >= 0: optimum 2.8 at (1.6, 1.2)
h.addVars(2, np.zeros(2), np.full(2, inf))
h.changeColsCost(2, np.array([0, 1], dtype=np.int32), np.array([-1.0, -1.0]))
h.addRows(2, np.full(2, -inf), np.array([4.0, 6.0]), 4,
          np.array([0, 2], dtype=np.int32), np.array([0, 1, 0, 1], dtype=np.int32),
          np.array([1.0, 2.0, 3.0, 1.0]))
h.run()
assert h.getModelStatus() == _core.HighsModelStatus.kOptimal
assert abs(h.getInfo().objective_function_value + 2.8) < 1e-9
"""
ORTOOLS_LP = """
from ortools.linear_solver import pywraplp
s = pywraplp.Solver.CreateSolver("GLOP")
x, y = s.NumVar(0, s.infinity(), "x"), s.NumVar(0, s.infinity(), "y")
s.Add(x + 2 * y <= 4); s.Add(3 * x + y <= 6); s.Maximize(x + y)
assert s.Solve() == pywraplp.Solver.OPTIMAL and abs(s.Objective().Value() - 2.8) < 1e-9
"""


@pytest.mark.parametrize("first", ["highspy", "ortools"])
def test_both_solvers_in_one_process(first):
    code = HIGHS_LP + ORTOOLS_LP if first == "highspy" else ORTOOLS_LP + HIGHS_LP
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_engine_solves_with_ortools_loaded():
    code = (
        "import ortools.linear_solver.pywraplp\n"
        "from scheduling.generate import generate\n"
        "from scheduling import load_problem, solve\n"
        "r = solve(load_problem(generate('city', seed=1)), time_limit=30)\n"
        "assert r.status == 'optimal', r.status\n"
        "print(r.objective)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
