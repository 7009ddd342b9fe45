"""Checks `make lint` runs beside ruff and mypy: `python -m tests.lint.spelling`."""
