"""Convene's matching engine: volunteer panels for hearings, optimal with a proven bound."""
