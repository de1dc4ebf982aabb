"""Load and soak tests of a running Convene: `python -m load.run` (see the README's "Load")."""
