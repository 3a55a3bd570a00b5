"""Shared by the reliability tests: a tally of inputs fuzzed and cross-user probes, shown after the run."""

from __future__ import annotations

from collections import Counter

import pytest

# Filled by the tests as they run; read by the terminal summary below.
TALLY: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY:
        figures = ", ".join(f"{count} {what}" for what, count in sorted(TALLY.items()))
        terminalreporter.write_line(f"reliability: {figures}")
