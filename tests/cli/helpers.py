"""Running the command line in its own process, as a service manager or a person at a shell would."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.localdiscord import LocalDiscord

ROOT = Path(__file__).resolve().parents[2]
# The shape of a real bot token (long, no spaces); the local server accepts any token.
TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.a-well-formed-token-for-the-local-server-0123456789"


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.strip().splitlines()


def environment(database: Path | str, **extra: str) -> dict[str, str]:
    """The process environment: only what the test sets, so a developer's own .env or token can't leak in."""
    env = {key: value for key, value in os.environ.items() if key not in ("DISCORD_TOKEN", "DATABASE_URL")}
    env.update({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": str(database), "LOG_LEVEL": "INFO"})
    env.update(extra)
    return env


def cli_command(api_base: str, gateway: str, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "tests.cli.run_cli", api_base, gateway, *arguments]


def local_cli_command(server: LocalDiscord, *arguments: str) -> list[str]:
    return cli_command(server.api_base, server.gateway_url, *arguments)


def unreachable_cli_command(*arguments: str) -> list[str]:
    """Discord at an address where nothing listens: every connection is refused, as with no network."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return cli_command(f"http://127.0.0.1:{port}/api/v10", f"ws://127.0.0.1:{port}/gateway", *arguments)


async def run(command: list[str], env: dict[str, str], cwd: Path, *, within: float = 60) -> Finished:
    """Runs to the end without blocking the event loop (the local server lives in this process)."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=within)
    assert process.returncode is not None
    return Finished(process.returncode, out.decode(), err.decode())


def private_mount_prefix() -> list[str] | None:
    """`unshare` arguments that give the command its own mount namespace, where it may mount a small
    tmpfs without touching the machine's mounts; None where that is not allowed here."""
    prefix = ["unshare", "--mount", "--propagation", "private"]
    if os.geteuid() != 0:
        prefix[1:1] = ["--user", "--map-root-user"]
    probe = subprocess.run(
        [*prefix, "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || exit 3"],
        capture_output=True,
        check=False,
    )
    return prefix if probe.returncode == 0 else None


def on_a_small_tmpfs(
    prefix: list[str], folder: Path, setup: str, command: list[str], *, size_kib: int = 256
) -> list[str]:
    """`command` run with `folder` replaced by a fresh tmpfs of `size_kib`, after the shell `setup` ran in
    it (with $DIR naming the folder); the mount ends with the process."""
    script = (
        f'DIR="$1"; shift; mount -t tmpfs -o size={size_kib}k,mode=0700 tmpfs "$DIR" && {setup} && exec "$@"'
    )
    return [*prefix, "sh", "-c", script, "sh", str(folder), *command]


def start(command: list[str], env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    """Starts the command in the background, its stdout and stderr going to `log`; the test signals it."""
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env={**env, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
