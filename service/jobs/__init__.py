"""Periodic jobs that run themselves: each once per period however many workers run."""

from service.jobs.runner import JobRunner, start_in_server
from service.jobs.schedule import JOBS, run_due

__all__ = ["JOBS", "JobRunner", "run_due", "start_in_server"]
