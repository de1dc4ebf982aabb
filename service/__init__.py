"""Convene: scheduling for community justice programs."""

__version__ = "0.1.0"
