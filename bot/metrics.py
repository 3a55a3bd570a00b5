"""What one bot process counts for Prometheus: commands, reminders, Discord's 429 answers, the send queue.

Each bot has its own registry (two bots in one test process must not add up), rendered at /metrics.
Names follow Prometheus' conventions: `_total` counters, `_seconds` histograms, base units.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace

import aiohttp
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

# Discord waits 3 s for an interaction's first answer: buckets around that line.
COMMAND_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.command_seconds = Histogram(
            "milestone_bot_command_seconds",
            "Time from the interaction reaching the bot to its command finishing, by command",
            ["command"],
            buckets=COMMAND_BUCKETS,
            registry=r,
        )
        self.command_errors = Counter(
            "milestone_bot_command_errors_total",
            "Commands that ended in an error, by command",
            ["command"],
            registry=r,
        )
        self.reminders_due = Counter(
            "milestone_bot_reminders_due_total",
            "Reminders claimed for sending because they were due",
            registry=r,
        )
        self.reminders_sent = Counter(
            "milestone_bot_reminders_sent_total", "Reminders delivered by DM", registry=r
        )
        self.reminders_late = Counter(
            "milestone_bot_reminders_late_total",
            "Reminders delivered later than meant (they say so)",
            registry=r,
        )
        self.reminders_undeliverable = Counter(
            "milestone_bot_reminders_undeliverable_total",
            "Reminders Discord refused for good (DMs closed, user gone)",
            registry=r,
        )
        self.reminders_retried = Counter(
            "milestone_bot_reminders_retried_total",
            "Reminder DMs that failed for now and will be tried again",
            registry=r,
        )
        self.queue_depth = Gauge(
            "milestone_bot_reminder_queue_depth",
            "Reminder DMs claimed and not yet recorded as sent",
            registry=r,
        )
        self.discord_requests = Counter(
            "milestone_bot_discord_requests_total",
            "HTTP requests made to Discord, by status",
            ["status"],
            registry=r,
        )
        self.rate_limited = Counter(
            "milestone_bot_discord_429_total",
            "Requests Discord answered 429 (rate limited), by X-RateLimit-Scope",
            ["scope"],
            registry=r,
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def claimed(self, batches: int, reminders: int) -> None:
        self.reminders_due.inc(reminders)
        self.queue_depth.inc(batches)

    def recorded(self, batches: int) -> None:
        self.queue_depth.dec(batches)

    def delivered(self, late: Sequence[bool]) -> None:
        self.reminders_sent.inc(len(late))
        self.reminders_late.inc(sum(late))

    def http_trace(self) -> aiohttp.TraceConfig:
        """Counts every response from Discord, and the 429s by scope (user, global, shared)."""
        trace = aiohttp.TraceConfig()

        async def on_request_end(
            session: aiohttp.ClientSession, context: SimpleNamespace, params: aiohttp.TraceRequestEndParams
        ) -> None:
            status = params.response.status
            self.discord_requests.labels(str(status)).inc()
            if status == 429:
                self.rate_limited.labels(params.response.headers.get("X-RateLimit-Scope", "user")).inc()

        trace.on_request_end.append(on_request_end)
        return trace
