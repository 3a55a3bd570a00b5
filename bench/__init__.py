"""Benchmarks: data at scale in a real SQLite file, the real bot behind the local Discord server.

Run with `make bench` (or `python -m bench --scale 0.01` for a quick try). Figures go to the
terminal as tables and to `bench/results/*.json`; `bench/RESULTS.md` discusses them.
"""
