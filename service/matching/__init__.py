"""Matching in the service: build a FORMAT problem from the database, solve, propose, publish."""
