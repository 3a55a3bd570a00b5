"""One process per SQLite file, and shard options a person can get wrong: each refusal is one line with a
code deploy/milestone-bot@.service acts on (2: fix the options; 78: the setup needs PostgreSQL)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from bot.localdiscord import LocalDiscord
from storage.one_process import serve_alone
from storage.problems import DatabaseNeedsServer
from tests.cli.helpers import environment, local_cli_command, run, start, unreachable_cli_command
from tests.cli.test_start_failures import _one_line


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--shards", "3-1", "--shard-count", "8"], "runs backwards"),
        (["--shards", "4-8", "--shard-count", "8"], "shards are 0-7"),
        (["--shards", "first", "--shard-count", "8"], "a shard or a range such as 0-3"),
        (["--shards", "0-3"], "--shards needs --shard-count"),
        (["--shards", "0-3", "--shard-count", "eight"], "a whole number"),
        (["--shard-count", "0"], "should be 1 or more"),
    ],
)
async def test_shard_options_that_make_no_sense_are_one_line_and_exit_2(
    tmp_path: Path, options: list[str], says: str
) -> None:
    path = tmp_path / "bot.db"
    finished = await run(unreachable_cli_command("run", *options), environment(path), tmp_path)
    assert finished.returncode == 2
    assert says in _one_line(finished.stderr)
    assert not path.exists(), "a refused start created the database"


async def test_a_shard_range_on_sqlite_says_to_use_postgresql_and_exits_78(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    command = unreachable_cli_command("run", "--shards", "0-3", "--shard-count", "8")
    finished = await run(command, environment(path), tmp_path)
    assert finished.returncode == 78
    line = _one_line(finished.stderr)
    assert "shards 0-3 of 8 on SQLite" in line and "PostgreSQL" in line


async def test_all_shards_of_a_count_on_sqlite_is_one_process_and_allowed(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    async with LocalDiscord() as server:
        bot = start(
            local_cli_command(server, "run", "--shard-count", "2"),
            environment(path),
            tmp_path,
            tmp_path / "log",
        )
        try:
            await server.world.changes.wait_until(
                lambda: True if server.gateway.connected_shards() == {0, 1} else None,
                within=30,
                failure=lambda: (tmp_path / "log").read_text(),
            )
        finally:
            bot.terminate()
            await asyncio.to_thread(bot.wait, 30)
    assert bot.returncode == 0


async def test_a_second_process_on_the_same_sqlite_file_is_refused_while_the_first_serves(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.db"
    async with LocalDiscord() as server:
        alice = server.add_user("alice")
        first = start(local_cli_command(server, "run"), environment(path), tmp_path, tmp_path / "first.log")
        try:
            await server.world.changes.wait_until(
                lambda: True if server.connected else None,
                within=30,
                failure=lambda: (tmp_path / "first.log").read_text(),
            )
            second = await run(local_cli_command(server, "run"), environment(path), tmp_path)
            assert second.returncode == 78
            line = _one_line(second.stderr)
            assert "in use by another bot process" in line and "PostgreSQL" in line
            # The first is untouched: it still answers.
            assert "/contract add" in (await server.command(alice, "help")).text
        finally:
            first.terminate()
            await asyncio.to_thread(first.wait, 30)
    assert first.returncode == 0


def test_the_lock_goes_with_a_killed_process(tmp_path: Path) -> None:
    """SIGKILL leaves no stale lock for a person to delete: the kernel drops it with the process."""
    database = tmp_path / "bot.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from storage.one_process import serve_alone; "
            "serve_alone(__import__('pathlib').Path(sys.argv[1])); print('held', flush=True); time.sleep(60)",
            str(database),
        ],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(DatabaseNeedsServer):
            serve_alone(database)
    finally:
        holder.kill()
        holder.wait()
    serve_alone(database).release()


def test_the_service_unit_keeps_down_every_exit_a_person_must_act_on() -> None:
    from bot import cli

    unit = (Path(__file__).resolve().parents[2] / "deploy" / "milestone-bot@.service").read_text()
    (line,) = [line for line in unit.splitlines() if line.startswith("RestartPreventExitStatus=")]
    kept_down = {int(code) for code in line.split("=", 1)[1].split()}
    assert kept_down == {
        cli.EXIT_SETTINGS,
        cli.EXIT_DATABASE_UNUSABLE,
        cli.EXIT_DATABASE_UNWRITABLE,
        cli.EXIT_NEEDS_DATABASE_SERVER,
    }
    assert "--shards %i --shard-count ${SHARD_COUNT}" in unit


async def test_two_processes_on_postgresql_each_answer_their_shards_once(tmp_path: Path) -> None:
    """The DMs' process serves shard 0, the server's process the guild's shard; /metrics of each says which
    commands it ran: every one once, by the process Discord routed it to."""
    from tests.postgres import fresh_database
    from tests.processes import command_counts, free_port, split

    async with fresh_database() as url, LocalDiscord() as server:
        alice = server.add_user("alice")
        count, guild_shard = split(server)
        ports = [free_port(), free_port()]
        ranges = [f"0-{guild_shard - 1}", f"{guild_shard}-{count - 1}"]
        bots = [
            start(
                local_cli_command(server, "run", "--shards", shards, "--shard-count", str(count)),
                environment(url, METRICS_PORT=str(port)),
                tmp_path,
                tmp_path / f"bot-{port}.log",
            )
            for shards, port in zip(ranges, ports, strict=True)
        ]
        try:
            await server.world.changes.wait_until(
                lambda: True if {0, guild_shard} <= server.gateway.connected_shards() else None,
                within=60,
                failure=lambda: "\n".join(p.read_text() for p in tmp_path.glob("bot-*.log")),
            )
            for _ in range(3):
                assert "/contract add" in (await server.command(alice, "help")).text
            for _ in range(2):
                assert "/contract add" in (await server.command(alice, "help", dm=True)).text
            counts = [await command_counts(port, "help") for port in ports]
        finally:
            for bot in bots:
                bot.terminate()
            for bot in bots:
                await asyncio.to_thread(bot.wait, 30)
    assert counts == [2, 3]  # DMs on shard 0's process, the server's on the guild's
    assert [bot.returncode for bot in bots] == [0, 0]
