"""Convene's matching engine: volunteer panels for hearings, optimal with a proven bound."""

from .changes import (
    CancelHearing,
    Change,
    Decline,
    MoveHearing,
    Recusal,
    Unavailable,
    change_from_dict,
)
from .explain import AssignmentWhy, EmptySeatWhy, Explanation, explain, kept_out
from .model import (
    Assignment,
    Hearing,
    Problem,
    ProblemError,
    Seat,
    Solution,
    Volunteer,
    load_problem,
)
from .moves import Candidate, candidates, repair, repair_problem
from .objective import Check, check_solution
from .serialize import problem_to_dict, solution_from_dict, solution_to_dict
from .solver import solve

__all__ = [
    "Assignment",
    "AssignmentWhy",
    "CancelHearing",
    "Candidate",
    "Change",
    "Check",
    "Decline",
    "EmptySeatWhy",
    "Explanation",
    "Hearing",
    "MoveHearing",
    "Problem",
    "ProblemError",
    "Recusal",
    "Seat",
    "Solution",
    "Unavailable",
    "Volunteer",
    "candidates",
    "change_from_dict",
    "check_solution",
    "explain",
    "kept_out",
    "load_problem",
    "problem_to_dict",
    "repair",
    "repair_problem",
    "solution_from_dict",
    "solution_to_dict",
    "solve",
]
