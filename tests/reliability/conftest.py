"""Shared by the reliability tests: the end-to-end fixtures, and a tally of inputs fuzzed and cross-user
probes tried, shown after the run."""

from __future__ import annotations

from collections import Counter

import pytest

# The real bot against the local Discord server, as the e2e tests run it.
from tests.e2e.conftest import alice, bob, clock, discord_server, milestone_bot, settings  # noqa: F401

# Filled by the tests as they run; read by the terminal summary below.
TALLY: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY:
        figures = ", ".join(f"{count} {what}" for what, count in sorted(TALLY.items()))
        terminalreporter.write_line(f"reliability: {figures}")
