"""`milestone-bot sync` registers the slash commands with Discord now, end to end, and exits 0."""

from __future__ import annotations

from pathlib import Path

from bot.localdiscord import LocalDiscord
from tests.cli.helpers import environment, local_cli_command, run


async def test_sync_registers_every_command_and_exits_0(tmp_path: Path) -> None:
    database = tmp_path / "data" / "milestone-bot.db"
    async with LocalDiscord() as server:
        finished = await run(local_cli_command(server, "sync"), environment(database), tmp_path)
        registered = {command["name"] for command in server.commands}
        syncs = server.sync_count

    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr, finished.stderr
    assert syncs == 1
    assert {"contract", "milestone", "summary", "faq", "faq-admin", "privacy", "help"} <= registered
    assert finished.stdout.strip() == f"synced {len(registered)} commands"


async def test_a_second_sync_registers_again_even_with_the_same_commands(tmp_path: Path) -> None:
    """`sync` is the way to force a registration: it doesn't skip an unchanged tree as `run` does."""
    database = tmp_path / "milestone-bot.db"
    async with LocalDiscord() as server:
        for _ in range(2):
            finished = await run(local_cli_command(server, "sync"), environment(database), tmp_path)
            assert finished.returncode == 0, finished.stderr
        assert server.sync_count == 2
