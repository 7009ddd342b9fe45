"""The load harness: `make bench` (or `python -m tests.perf --help`). Not part of `make test`."""
