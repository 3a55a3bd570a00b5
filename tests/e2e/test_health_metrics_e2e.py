"""Each bot process serves /healthz and /metrics on its own port: what the scrape shows moves with what
people did through Discord, and /healthz says whether the gateway, the database and the sender are up."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import MilestoneBot
from bot.clock import ManualClock
from bot.health import HealthServer, Probes
from bot.localdiscord import FakeUser, LocalDiscord
from bot.localdiscord.harness import running_bot
from bot.metrics import Metrics
from bot.settings import Settings
from tests.e2e.scheduling import settled


@pytest.fixture
async def observed_bot(
    discord_server: LocalDiscord, settings: Settings, clock: ManualClock
) -> AsyncIterator[MilestoneBot]:
    # Port 0: the system picks a free one; the bot reports it.
    bot = MilestoneBot(dataclasses.replace(settings, metrics_port=0), clock=clock)
    async with running_bot(discord_server, bot):
        yield bot


async def _get(bot: MilestoneBot, path: str) -> tuple[int, str]:
    assert bot.health is not None
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{bot.health.port}{path}") as got,
    ):
        return got.status, await got.text()


async def _scrape(bot: MilestoneBot) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, text = await _get(bot, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_commands_by_name_and_reminders_sent(
    discord_server: LocalDiscord, observed_bot: MilestoneBot, alice: FakeUser
) -> None:
    before = await _scrape(observed_bot)
    assert ("milestone_bot_reminders_sent_total", ()) in before

    await discord_server.command(alice, "help")
    await discord_server.command(alice, "help", dm=True)
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"}
    )
    await discord_server.wait_for_dm(alice)
    await settled(observed_bot)

    after = await _scrape(observed_bot)
    assert after[("milestone_bot_command_seconds_count", (("command", "help"),))] == 2
    assert after[("milestone_bot_command_seconds_count", (("command", "contract add"),))] == 1
    assert after[("milestone_bot_command_seconds_count", (("command", "milestone add"),))] == 1
    # Every answer took less than the slowest bucket's bound: the histogram has its +Inf and finer buckets.
    assert after[("milestone_bot_command_seconds_bucket", (("command", "help"), ("le", "+Inf")))] == 2
    assert after[("milestone_bot_reminders_due_total", ())] >= 1
    assert after[("milestone_bot_reminders_sent_total", ())] >= 1
    assert after[("milestone_bot_reminders_undeliverable_total", ())] == 0
    assert after[("milestone_bot_reminder_queue_depth", ())] == 0
    assert after[("milestone_bot_discord_requests_total", (("status", "200"),))] >= 1


async def test_429_answers_are_counted_by_scope(
    discord_server: LocalDiscord, observed_bot: MilestoneBot, alice: FakeUser
) -> None:
    discord_server.faults.rate_limit("POST /channels/{id}/messages", retry_after=0.01)
    await discord_server.command(alice, "contract add", {"title": "Logo", "client": "Dana", "price": "150"})
    await discord_server.command(
        alice, "milestone add", {"contract": "Logo", "title": "Sketches", "amount": "50", "due": "in 3 days"}
    )
    await discord_server.wait_for_dm(alice)
    await settled(observed_bot)
    after = await _scrape(observed_bot)
    assert after[("milestone_bot_discord_429_total", (("scope", "user"),))] == 1
    assert discord_server.dm_count(alice) == 1


async def test_healthz_reports_gateway_database_and_sender(
    discord_server: LocalDiscord, observed_bot: MilestoneBot
) -> None:
    status, text = await _get(observed_bot, "/healthz")
    body = json.loads(text)
    assert status == 200
    assert body == {
        "ok": True,
        "gateway": {"connected": True, "shards": {"0": True}},
        "database": {"reachable": True, "error": None},
        "scheduler": {"role": "leader"},
    }


async def test_healthz_is_503_and_says_which_part_is_down() -> None:
    async def database_down() -> None:
        raise ConnectionRefusedError("connection refused")

    probes = Probes(
        shards=lambda: {2: True, 3: False}, database=database_down, scheduler_role=lambda: "standby"
    )
    server = HealthServer(Metrics(), probes, host="127.0.0.1", port=0)
    await server.start()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{server.port}/healthz") as got,
        ):
            status, body = got.status, await got.json()
    finally:
        await server.stop()
    assert status == 503
    assert body == {
        "ok": False,
        "gateway": {"connected": False, "shards": {"2": True, "3": False}},
        "database": {"reachable": False, "error": "connection refused"},
        "scheduler": {"role": "standby"},
    }
