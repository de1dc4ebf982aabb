"""Panels: matching runs (the engine's problem, proposals, publishing) and panel repair."""
